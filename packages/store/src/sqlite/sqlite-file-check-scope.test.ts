// Verify runs SQLite's quick_check on the log's tables only (events, head, event_ids_1, event_ids_2,
// meta: sqlite-file-check.ts). The read models share the file but are derived, and have their own
// check (kb verify --read-models): a damaged page of one of their tables is no damage to the log.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootPage, zeroPage } from '../testing/zero-page.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { storeWithIndexedIds, tempFolder } from './sqlite-test-files.js';

const EVENTS = 120;
const folder = tempFolder('kb-file-check-scope-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  // A small tail, so that the id index's tables hold keys and a check on the thread really runs.
  await storeWithIndexedIds(original, EVENTS, 20);
  // A read-model table beside the log, of several pages, with an index: written after the log.
  const db = new BetterSqlite3(original);
  db.exec('CREATE TABLE rm_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  db.exec('CREATE INDEX rm_notes_by_body ON rm_notes (body)');
  const insert = db.prepare('INSERT INTO rm_notes (body) VALUES (?)');
  for (let i = 0; i < 200; i++) insert.run(`${i} ${'note '.repeat(100)}`);
  db.close();
});
afterAll(() => folder.remove());

/** A copy of the store with the root page of `name` (a table or an index) zeroed. */
function zeroedCopy(name: string): string {
  const path = folder.copyOf(original);
  zeroPage(path, rootPage(name));
  return path;
}

/** What SQLite's quick_check of the whole file says: its lines, or the error it fails with. */
function wholeFileCheck(path: string): unknown {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    return raw.prepare('PRAGMA quick_check').pluck().all();
  } catch (error) {
    return (error as { code?: unknown }).code;
  } finally {
    raw.close();
  }
}

async function verified(path: string, indexCheckThreadFrom: number) {
  const store = openSqliteStore({ path, readonly: true, indexCheckThreadFrom });
  try {
    return await store.verify();
  } finally {
    await store.close();
  }
}

describe('verify: the file around the log, and no further', () => {
  it.each([
    ['on the caller', Number.POSITIVE_INFINITY],
    ['on the thread', 1],
  ])('a damaged page of a read-model table or its index is no finding, checked %s', async (_, from) => {
    for (const name of ['rm_notes', 'rm_notes_by_body']) {
      const path = zeroedCopy(name);
      // SQLite itself finds the damage when asked of the whole file...
      expect({ name, whole: wholeFileCheck(path) }).not.toEqual({ name, whole: ['ok'] });
      // ...but it is not the log's: the chain and the log's tables are whole.
      expect({ name, report: await verified(path, from) }).toMatchObject({
        name,
        report: {
          ok: true,
          checked: EVENTS,
          firstBreak: null,
          file: { damage: [], foreign: [], unchecked: null },
        },
      });
    }
  });
});
