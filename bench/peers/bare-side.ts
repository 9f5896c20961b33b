// A ceiling, not a competitor: the least any SQLite event store handed the same events must do,
// measured on the same workloads in the same run. Appends serialise each event's data and metadata
// and insert them with one multi-row INSERT per call into a table of six columns (position, stream,
// revision, type, data, metadata) whose only index is (stream, revision); no expectation check, no
// id, no hash, no head row. Replay reads those columns back in position order and parses the data.
// All of it on one thread. A store doing more on one thread (ours checks expectations and ids and
// keeps a hash chain) will not beat these rates, so `ceiling / peer` is about the best ratio such a
// store could show against the peer here. A store that splits the work across threads can pass it:
// our replay reads on a worker while the caller parses (sqlite-read-ahead.ts), and does.

import { multiRowInsert, ROWS_PER_INSERT } from '@kb/store';
import BetterSqlite3 from 'better-sqlite3';
import type { BenchSide, PlannedCall, Settings } from './bench-sides.js';
import { MIRRORED_PRAGMAS } from './bench-sides.js';

interface BareCall {
  readonly stream: string;
  readonly before: number;
  readonly events: readonly { readonly type: string; readonly data: unknown; readonly metadata: unknown }[];
}

const TABLE = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream   TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type     TEXT NOT NULL,
  data     TEXT NOT NULL,
  metadata TEXT NOT NULL,
  UNIQUE (stream, revision)
) STRICT`;

/** A bare connection in WAL mode with our store's speed and durability settings copied onto it. */
export function openMirrored(file: string, ours: Settings): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  for (const name of MIRRORED_PRAGMAS) {
    const value = ours[name];
    if (value !== undefined) db.pragma(`${name} = ${value}`);
  }
  return db;
}

export function bareSide(ours: Settings): BenchSide<BareCall> {
  return {
    name: 'bare',
    prepare: (call: PlannedCall) => ({
      stream: call.stream,
      before: call.before,
      events: call.events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata ?? {} })),
    }),
    async open(file) {
      const db = openMirrored(file, ours);
      db.exec(TABLE);
      const insert = multiRowInsert(db, 'events', ['stream', 'revision', 'type', 'data', 'metadata']);
      const append = db.transaction((call: BareCall) => {
        for (let from = 0; from < call.events.length; from += ROWS_PER_INSERT) {
          const to = Math.min(call.events.length, from + ROWS_PER_INSERT);
          const values: unknown[] = [];
          for (let i = from; i < to; i++) {
            const e = call.events[i]!;
            values.push(
              call.stream,
              call.before + i,
              e.type,
              JSON.stringify(e.data),
              JSON.stringify(e.metadata),
            );
          }
          insert(to - from).run(...values);
        }
      });
      const scan = db.prepare(
        'SELECT position, stream, revision, type, data, metadata FROM events ORDER BY position',
      );
      return {
        settings: async () => {
          const settings: Record<string, string> = {};
          for (const name of ['journal_mode', 'page_size', ...MIRRORED_PRAGMAS])
            settings[name] = String(db.pragma(name, { simple: true }));
          return settings;
        },
        async append(call) {
          append.immediate(call);
        },
        async replay() {
          let seen = 0;
          for (const row of scan.raw(true).iterate() as Iterable<unknown[]>) {
            JSON.parse(row[4] as string);
            seen += 1;
          }
          return seen;
        },
        async close() {
          db.close();
        },
      };
    },
  };
}
