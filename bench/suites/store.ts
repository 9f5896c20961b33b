// The SQLite store against raw better-sqlite3 on the same machine in the same run:
// - append.batch100.ratio_to_raw: claim events appended in batches of 100 (appendMany, one claim
//   stream each, expecting no_stream) vs plain INSERTs of the same rows, 100 per transaction (32 rows
//   per statement, as the store writes them), into a table with the same columns, keys and pragmas
//   but no checks, no id index and no hashing (the hash columns hold a constant of the same size);
// - replay.ratio_to_raw: readAll + decodeEvent of every event vs iterating `SELECT data` and JSON.parse.
//   decodeEvent runs trusted, as a projection replaying the log does: events at the newest version
//   were validated when written and the hash chain guards them; older ones are upcast and validated.
// Each side runs five times, alternating, on fresh files; the run with the median ratio is reported.
import { join } from 'node:path';
import { decodeEvent } from '@kb/domain';
import { multiRowInsert, openSqliteStore, ROWS_PER_INSERT } from '@kb/store';
import BetterSqlite3 from 'better-sqlite3';
import type { BenchContext, BenchResult } from '../lib/bench-types.js';
import { type ClaimEvent, claimEvents } from '../lib/claim-fixtures.js';
import { median, opsPerSecond, settle, timeMs } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';

export const owns = ['append.batch100.ratio_to_raw', 'replay.ratio_to_raw'];

const BATCH = 100;
// Five runs, not three: single runs on this 2-core machine swing by 15% or more.
const RUNS = 5;

// The same rows as the store's events table (schema version 3): every column, the id's 48-bit key
// (packages/store/src/sqlite/sqlite-id-key.ts) and 64 hex digits in each hash column, but nothing
// indexing the key and no hash computed: raw checks nothing.
const RAW_TABLE = `
CREATE TABLE raw_events (
  position INTEGER PRIMARY KEY, id TEXT NOT NULL, id_key INTEGER NOT NULL, stream TEXT NOT NULL,
  revision INTEGER NOT NULL, type TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL,
  metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
  UNIQUE (stream, revision)
) STRICT`;
const NO_HASH = '0'.repeat(64);

const uuidKey = (id: string): number =>
  Number.parseInt(id.slice(0, 8), 16) * 0x10000 + Number.parseInt(id.slice(9, 13), 16);

function openRaw(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // The store's own setting (sqlite-schema.ts), so the ratio measures the store, not a pragma.
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}

function rawAppend(path: string, claims: readonly ClaimEvent[]): void {
  const db = openRaw(path);
  db.exec(RAW_TABLE);
  const insert = multiRowInsert(db, 'raw_events', [
    'position',
    'id',
    'id_key',
    'stream',
    'revision',
    'type',
    'version',
    'data',
    'metadata',
    'recorded_at',
    'prev_hash',
    'hash',
  ]);
  const batch = db.transaction((from: number) => {
    const recordedAt = new Date().toISOString();
    const end = Math.min(from + BATCH, claims.length);
    for (let start = from; start < end; start += ROWS_PER_INSERT) {
      const to = Math.min(end, start + ROWS_PER_INSERT);
      const values: unknown[] = [];
      for (let i = start; i < to; i++) {
        const { stream, event } = claims[i]!;
        values.push(
          i + 1,
          event.id,
          uuidKey(event.id),
          stream,
          0,
          event.type,
          event.version,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          recordedAt,
          NO_HASH,
          NO_HASH,
        );
      }
      insert(to - start).run(...values);
    }
  });
  for (let from = 0; from < claims.length; from += BATCH) batch(from);
  db.close();
}

async function storeAppend(path: string, claims: readonly ClaimEvent[]): Promise<void> {
  const store = openSqliteStore({ path });
  for (let from = 0; from < claims.length; from += BATCH) {
    await store.appendMany(
      claims.slice(from, from + BATCH).map(({ stream, event }) => ({
        stream,
        events: [event],
        expectedRevision: 'no_stream' as const,
      })),
    );
  }
  await store.close();
}

function rawReplay(path: string): number {
  const db = openRaw(path);
  let count = 0;
  for (const row of db.prepare('SELECT data FROM raw_events ORDER BY position').iterate() as Iterable<{
    data: string;
  }>) {
    JSON.parse(row.data);
    count++;
  }
  db.close();
  return count;
}

async function storeReplay(path: string): Promise<number> {
  const store = openSqliteStore({ path });
  let count = 0;
  for await (const event of store.readAll()) {
    decodeEvent(event.type, event.version, event.data, { trusted: true });
    count++;
  }
  await store.close();
  return count;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const count = Math.max(BATCH, Math.round(100_000 * ctx.scale));
  const claims = claimEvents(count);
  const bytes = JSON.stringify(claims[0]!.event.data).length;
  ctx.log(`[store] ${count} ClaimRecorded events of ~${bytes} bytes, batches of ${BATCH}, ${RUNS} runs each`);
  const work = workDir('store');
  try {
    const rawAppendRates: number[] = [];
    const storeAppendRates: number[] = [];
    const rawReplayRates: number[] = [];
    const storeReplayRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const rawPath = join(work.dir, `raw-${run}.sqlite`);
      const storePath = join(work.dir, `store-${run}.sqlite`);
      await settle();
      rawAppendRates.push(opsPerSecond(count, await timeMs(() => rawAppend(rawPath, claims))));
      await settle();
      storeAppendRates.push(opsPerSecond(count, await timeMs(() => storeAppend(storePath, claims))));
      await settle();
      let replayed = 0;
      rawReplayRates.push(opsPerSecond(count, await timeMs(() => (replayed = rawReplay(rawPath)))));
      if (replayed !== count) throw new Error(`raw replay read ${replayed} of ${count} rows`);
      await settle();
      storeReplayRates.push(
        opsPerSecond(count, await timeMs(async () => (replayed = await storeReplay(storePath)))),
      );
      if (replayed !== count) throw new Error(`store replay read ${replayed} of ${count} events`);
      ctx.log(
        `[store] run ${run + 1}: append ${Math.round(storeAppendRates.at(-1)!)} vs raw ${Math.round(rawAppendRates.at(-1)!)} ev/s; ` +
          `replay ${Math.round(storeReplayRates.at(-1)!)} vs raw ${Math.round(rawReplayRates.at(-1)!)} ev/s`,
      );
    }
    // Each run pairs ours with raw measured moments apart; the run with the median ratio is reported,
    // so a burst of load from elsewhere on the machine skews neither side alone.
    const figure = (name: string, ours: number[], raw: number[], target: number): BenchResult => {
      const ratios = ours.map((value, i) => value / raw[i]!);
      const pick = ratios.indexOf(median(ratios.length % 2 === 1 ? ratios : ratios.slice(1)));
      const value = ours[pick]!;
      const baseline = raw[pick]!;
      return {
        name,
        value,
        unit: 'events/s',
        baseline,
        ratio: value / baseline,
        target: { ratioAtLeast: target },
      };
    };
    return [
      figure('append.batch100.ratio_to_raw', storeAppendRates, rawAppendRates, 0.6),
      figure('replay.ratio_to_raw', storeReplayRates, rawReplayRates, 0.5),
    ];
  } finally {
    work.remove();
  }
}
