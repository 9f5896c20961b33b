// Stores and heads for the tests of the file-head reader (sqlite-file-head*.test.ts) and of the
// -wal check (sqlite-wal-*.test.ts).
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore, type SqliteEventStore } from './sqlite-event-store.js';
import { type FileHead, headInFile } from './sqlite-file-head.js';
import { sizeOf, type TempFolder } from './sqlite-test-files.js';

/** The head row as SQLite reads it on `db` (through any -wal beside the file). */
export function headRead(db: BetterSqlite3.Database): FileHead {
  const row = db.prepare('SELECT count, last_position, last_hash FROM head').get() as {
    count: number;
    last_position: number;
    last_hash: string;
  };
  return { count: row.count, lastPosition: row.last_position, lastHash: row.last_hash };
}

/** The head row as SQLite reads it in the file at `path`. */
export function headBySqlite(path: string): FileHead {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return headRead(db);
  } finally {
    db.close();
  }
}

/** A closed store of `events` events at `path`, made in a file set up by `before` (a page size, other tables). */
export async function storeOfEvents(
  path: string,
  events: number,
  before?: (db: BetterSqlite3.Database) => void,
): Promise<void> {
  if (before !== undefined) {
    const db = new BetterSqlite3(path);
    before(db);
    db.close();
  }
  const s = openSqliteStore({ path });
  for (let n = 0; n < events; n++) await s.append(`s-${n % 4}`, [newEvent({ n })]);
  await s.close();
}

/** A store whose file holds 20 events and whose live writer's -wal 5 more. */
export interface LiveWal {
  readonly path: string;
  readonly writer: SqliteEventStore;
  /** A read-only connection, which reads through the -wal and never checkpoints. */
  readonly probe: BetterSqlite3.Database;
  /** The head of the file alone: 20 events. */
  readonly inFile: FileHead;
  close(): Promise<void>;
}

export async function storeWithLiveWal(folder: TempFolder): Promise<LiveWal> {
  const path = folder.fresh('kb.sqlite');
  const first = openSqliteStore({ path });
  for (let n = 0; n < 20; n++) await first.append(`claims-${n % 3}`, [newEvent({ n })]);
  await first.close();
  const writer = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
  for (let n = 20; n < 25; n++) await writer.append(`claims-${n % 3}`, [newEvent({ n })]);
  expect(sizeOf(`${path}-wal`)).toBeGreaterThan(0);
  const inFile = headInFile(path)!;
  expect(inFile.count).toBe(20);
  const probe = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  return {
    path,
    writer,
    probe,
    inFile,
    async close() {
      probe.close();
      await writer.close();
    },
  };
}
