// The two sides of the peer bench behind one small interface, so every workload runs the same
// calls on both. Inputs are converted to each side's event shape before the clock starts.
import { existsSync } from 'node:fs';
import { type NewEvent, openSqliteStore } from '@kb/store';
import {
  type EmmettSqliteModule,
  type PeerEvent,
  type PeerExpectedVersion,
  streamTypeOf,
} from './emmett-peer.js';

/** One append call of a workload: `before` events already in the stream (0 = a new stream). */
export interface PlannedCall {
  readonly stream: string;
  readonly before: number;
  readonly events: readonly NewEvent[];
}

/** Settings that decide speed and durability; ours are copied onto the peer's connection. */
export const MIRRORED_PRAGMAS = [
  'synchronous',
  'cache_size',
  'wal_autocheckpoint',
  'mmap_size',
  'temp_store',
] as const;
/** Read back and printed, not copied: the peer sets WAL itself, and page size is fixed at creation. */
const REPORTED_PRAGMAS = ['journal_mode', 'page_size', ...MIRRORED_PRAGMAS] as const;

/** Each setting as its connection reports it, plus `sqlite_version`. */
export type Settings = Readonly<Record<string, string>>;

export interface OpenSide<Prepared> {
  settings(): Promise<Settings>;
  append(call: Prepared): Promise<void>;
  /** Reads the whole log in order; returns how many events it saw. */
  replay(): Promise<number>;
  close(): Promise<void>;
}

export interface BenchSide<Prepared> {
  readonly name: string;
  prepare(call: PlannedCall): Prepared;
  open(file: string): Promise<OpenSide<Prepared>>;
}

/** Thrown when a side reports that a bench append did not go through: the figures would be void. */
export class BenchAppendError extends Error {
  override readonly name = 'BenchAppendError';
  constructor(
    readonly side: string,
    readonly stream: string,
  ) {
    super(`${side}: an append to ${stream} was not stored`);
  }
}

/** Reads the reported pragmas through `get`, which returns a pragma's single value. */
async function readSettings(get: (sql: string) => Promise<unknown>): Promise<Settings> {
  const settings: Record<string, string> = {};
  for (const name of REPORTED_PRAGMAS) settings[name] = String(await get(`PRAGMA ${name}`));
  return { ...settings, sqlite_version: String(await get('SELECT sqlite_version()')) };
}

/** The first column of a one-row result. */
const firstValue = (row: unknown): unknown =>
  row === null || row === undefined ? undefined : Object.values(row as Record<string, unknown>)[0];

type OurCall = ReturnType<typeof prepareOurs>;

function prepareOurs(call: PlannedCall) {
  return {
    stream: call.stream,
    // The same check the peer makes: a new stream must not exist, an old one must be where we left it.
    expectedRevision: call.before === 0 ? ('no_stream' as const) : call.before - 1,
    events: call.events,
  };
}

/** Our SQLite store, through its public API only. */
export const oursSide: BenchSide<OurCall> = {
  name: 'ours',
  prepare: prepareOurs,
  async open(file) {
    const store = openSqliteStore({ path: file });
    return {
      settings: () => readSettings(async (sql) => firstValue(store.database.prepare(sql).get())),
      async append(call) {
        const result = await store.append(call.stream, call.events, {
          expectedRevision: call.expectedRevision,
        });
        if (result.appended !== call.events.length) throw new BenchAppendError('ours', call.stream);
      },
      async replay() {
        let seen = 0;
        for await (const _event of store.readAll()) seen += 1;
        return seen;
      },
      close: () => store.close(),
    };
  },
};

interface PeerCall {
  readonly stream: string;
  readonly streamType: string;
  readonly expected: PeerExpectedVersion;
  readonly events: PeerEvent[];
}

// How long the peer's file may take to close before the bench gives up on it.
const PEER_CLOSE_LIMIT_MS = 60_000;

/**
 * Waits until the peer's connection to `file` has closed, which SQLite marks by removing the WAL
 * file as the last connection closes, after copying the WAL back into the file. Emmett's close()
 * returns at once while node-sqlite3 closes on its own thread: after appends of 50,000 events that
 * copy of some 40 MB took about 80 ms, of which the bench's 20 ms pause before a timed section
 * covered a quarter, so the rest ran into the next section (the peer's first replay, or the next
 * side's appends). Ours and the bare side close synchronously: their copy is done when close returns.
 */
async function peerClosed(file: string): Promise<void> {
  const limit = performance.now() + PEER_CLOSE_LIMIT_MS;
  while (existsSync(`${file}-wal`)) {
    if (performance.now() > limit)
      throw new Error(`emmett: ${file}-wal still there ${PEER_CLOSE_LIMIT_MS} ms after its close`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Events per replay query: of 1,000, 10,000 and 50,000, 1,000 measured fastest for the peer. */
export const PEER_REPLAY_BATCH = 1000;

/**
 * Emmett's SQLite store in its fastest correct configuration: one connection for the whole run,
 * driven through the same exported functions its store calls. Its `getSQLiteEventStore` opens and
 * closes the file around every call on a file database, which would be slower and would drop our
 * `synchronous` setting, which lives on the connection.
 */
export function peerSide(peer: EmmettSqliteModule, ours: Settings): BenchSide<PeerCall> {
  return {
    name: 'emmett',
    prepare: (call) => ({
      stream: call.stream,
      streamType: streamTypeOf(call.stream),
      // Emmett counts events: 0n is "no stream yet", so an exact version is our revision + 1. It
      // ignores STREAM_DOES_NOT_EXIST (see peer-cases.ts); 0n is its only new-stream check.
      expected: BigInt(call.before),
      // The same data and metadata; Emmett adds its own message id, stream name and position.
      events: call.events.map((e) => ({ type: e.type, data: e.data, metadata: { ...e.metadata } })),
    }),
    async open(file) {
      const connection = peer.sqliteConnection({ fileName: file });
      for (const name of MIRRORED_PRAGMAS) {
        const value = ours[name];
        if (value !== undefined) await connection.command(`PRAGMA ${name} = ${value}`);
      }
      await peer.createEventStoreSchema(connection);
      return {
        settings: () => readSettings(async (sql) => firstValue(await connection.querySingle(sql))),
        async append(call) {
          const result = await peer.appendToStream(connection, call.stream, call.streamType, call.events, {
            expectedStreamVersion: call.expected,
          });
          if (!result.success) throw new BenchAppendError('emmett', call.stream);
        },
        async replay() {
          let seen = 0;
          let after = 0n;
          for (;;) {
            const batch = await peer.readMessagesBatch(connection, { after, batchSize: PEER_REPLAY_BATCH });
            seen += batch.messages.length;
            after = batch.currentGlobalPosition;
            if (!batch.areEventsLeft) return seen;
          }
        },
        async close() {
          connection.close();
          await peerClosed(file);
        },
      };
    },
  };
}
