// A store tells whether opening it created its tables (createdTables): kb ingest says "made a new
// knowledge base" on that alone, so two processes opening one new path must not both be told so.
// It is decided under SQLite's write lock, inside the schema's creation.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

const { dir, remove } = tempFolder('kb-sqlite-created-tables-');
afterAll(remove);

describe('SqliteEventStore.createdTables', () => {
  it('is true for the connection that made a new file, false for one opened beside it or after', async () => {
    const path = join(dir, 'new.sqlite');
    const first = openSqliteStore({ path });
    const beside = openSqliteStore({ path });
    try {
      expect([first.createdTables, beside.createdTables]).toEqual([true, false]);
    } finally {
      await beside.close();
      await first.close();
    }
    const later = openSqliteStore({ path });
    expect(later.createdTables).toBe(false);
    await later.close();
  });

  it('is true for an empty file, which holds no store until its tables are made', async () => {
    const path = join(dir, 'empty.sqlite');
    writeFileSync(path, '');
    const store = openSqliteStore({ path });
    expect(store.createdTables).toBe(true);
    await store.close();
  });

  it('is false when opened read-only', async () => {
    const path = join(dir, 'read-only.sqlite');
    await openSqliteStore({ path }).close();
    const store = openSqliteStore({ path, readonly: true });
    expect(store.createdTables).toBe(false);
    await store.close();
  });
});
