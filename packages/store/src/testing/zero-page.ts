// A page of a SQLite file overwritten with zeros, as a damaged disk leaves it: for the tests of what
// the store and kb do with a page SQLite cannot read.
import { closeSync, openSync, writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Overwrites with zeros the page of the file at `path` that `pageOf` names (asked of the file
 * first, on a connection closed before the write); returns its number.
 */
export function zeroPage(path: string, pageOf: (db: BetterSqlite3.Database) => number): number {
  const db = new BetterSqlite3(path);
  let page: number;
  let size: number;
  try {
    page = pageOf(db);
    size = db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
  if (!(page > 1)) throw new RangeError(`zeroPage: page ${page} is not a page past the file's header`);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(size), 0, size, (page - 1) * size);
  } finally {
    closeSync(fd);
  }
  return page;
}

/** The root page of a table or index, by name. */
export const rootPage = (name: string) => (db: BetterSqlite3.Database) =>
  db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(name) as number;

/** The last leaf page of a table, by name: for the events table, the page of the newest events. */
export const lastLeafPage = (name: string) => (db: BetterSqlite3.Database) =>
  db
    .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 1")
    .pluck()
    .get(name) as number;
