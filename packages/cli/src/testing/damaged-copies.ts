// Damaged and edited copies of a store file, for the tests of what kb does with them.
import { copyFileSync } from 'node:fs';
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

// Zeroing a page is the store's test helper, shared with its own tests.
export { lastLeafPage, rootPage, zeroPage } from '@kb/store/testing';
