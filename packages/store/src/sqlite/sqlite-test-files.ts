// Throwaway folders for tests that need a real SQLite file, and damaged copies of one.
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';

export interface TempFolder {
  readonly dir: string;
  /** A path in the folder that no earlier call gave out: `name-N.sqlite`. */
  fresh(name?: string): string;
  /** Copies `file` (its main file only: close its connections first) to a fresh path and returns it. */
  copyOf(file: string, name?: string): string;
  remove(): Promise<void>;
}

/** A fresh folder under the OS temp dir. */
export function tempFolder(prefix = 'kb-store-'): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let made = 0;
  const fresh = (name = 'copy') => join(dir, `${name}-${++made}.sqlite`);
  return {
    dir,
    fresh,
    copyOf: (file, name) => {
      const path = fresh(name);
      copyFileSync(file, path);
      return path;
    },
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A copy of `file` in `folder` with `damage` done to it through a plain better-sqlite3 connection. */
export function damagedCopy(
  folder: TempFolder,
  file: string,
  damage: (db: BetterSqlite3.Database) => void,
  name?: string,
): string {
  const path = folder.copyOf(file, name);
  const raw = new BetterSqlite3(path);
  try {
    damage(raw);
  } finally {
    raw.close();
  }
  return path;
}

/**
 * Runs `test` with the path of a file `name` (not yet made) in a fresh folder, removed afterwards
 * whatever the test does.
 */
export async function withTempFile(name: string, test: (path: string) => Promise<void>): Promise<void> {
  const folder = tempFolder();
  try {
    await test(join(folder.dir, name));
  } finally {
    await folder.remove();
  }
}

/**
 * Writes a store of `events` events, one append each, with a writer's tail of `idTailLimit` ids, so
 * that most ids have moved into the id index's tables (which verify reads, on a thread from
 * indexCheckThreadFrom); checks that they did.
 */
export async function storeWithIndexedIds(path: string, events: number, idTailLimit: number): Promise<void> {
  const store = openSqliteStore({ path, idTailLimit });
  for (let i = 0; i < events; i++)
    await store.append(`claim-${i}`, [newEvent({ i, quote: 'q'.repeat(200) })]);
  await store.close();
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    if (!((db.prepare('SELECT indexed_up_to FROM head').pluck().get() as number) > 0))
      throw new Error(`storeWithIndexedIds: no id moved into the id index's tables in ${path}`);
  } finally {
    db.close();
  }
}

/** A file's size in bytes, 0 when it is not there (a WAL not made yet, or gone). */
export const sizeOf = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

/** The WAL header's checkpoint sequence number (bytes 12 to 15): SQLite adds one each time the WAL starts over. */
export function walRestarts(path: string): number {
  const header = Buffer.alloc(16);
  const fd = openSync(`${path}-wal`, 'r');
  try {
    if (readSync(fd, header, 0, 16, 0) !== 16)
      throw new Error(`walRestarts: ${path}-wal is shorter than its header`);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(12);
}

/**
 * Through a raw connection, as outside kb: the log cut back to its first `keep` events and the head
 * row's count, end and hash set to match (an older copy of the file put back, or its end cut off and
 * the head rewritten). The id index's part of the head is left as it was.
 */
export function cutLogBack(path: string, keep: number): void {
  const raw = new BetterSqlite3(path);
  try {
    raw.pragma('busy_timeout = 5000');
    raw.transaction(() => {
      raw.prepare('DELETE FROM events WHERE position > ?').run(keep);
      const hash = raw.prepare('SELECT hash FROM events WHERE position = ?').pluck().get(keep) as string;
      raw.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ?').run(keep, keep, hash);
    })();
  } finally {
    raw.close();
  }
}
