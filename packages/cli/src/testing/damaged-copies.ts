// Damaged and edited copies of a store file, for the tests of what kb does with them.
import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Copies `source` to `path` and runs `edit` on the copy; returns `path`. */
export function editedCopy(source: string, path: string, edit: (db: Database.Database) => void): string {
  copyFileSync(source, path);
  const db = new Database(path);
  try {
    edit(db);
  } finally {
    db.close();
  }
  return path;
}

/** Overwrites with zeros the page of the file at `path` that `pageOf` names (asked of the file first); returns its number. */
export function zeroPage(path: string, pageOf: (db: Database.Database) => number): number {
  const db = new Database(path);
  let page: number;
  let size: number;
  try {
    page = pageOf(db);
    size = db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(size), 0, size, (page - 1) * size);
  } finally {
    closeSync(fd);
  }
  return page;
}

/** The root page of a table or index, by name. */
export const rootPage = (name: string) => (db: Database.Database) =>
  db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(name) as number;
