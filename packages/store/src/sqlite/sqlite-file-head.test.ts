import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { headInFile } from './sqlite-file-head.js';
import { headBySqlite, storeOfEvents } from './sqlite-file-head-testing.js';
import { type TempFolder, tempFolder } from './sqlite-test-files.js';

// headInFile reads the head row from the file's bytes, without the -wal SQLite would read it through
// (sqlite-wal-continues.ts compares the two). Checked here against SQLite's own reading of the same
// file with no -wal beside it, on the layouts a store's file can take.

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder('kb-file-head-');
});
afterEach(() => folder.remove());

/** The head row as SQLite reads it (the file with no -wal beside it: the file alone). */
describe('the head row read from the file alone', () => {
  it('is the one SQLite reads, for a new store, a store of events, and other page sizes', async () => {
    const empty = folder.fresh('empty');
    await storeOfEvents(empty, 0);
    expect(headInFile(empty)).toEqual({ count: 0, lastPosition: 0, lastHash: GENESIS_HASH });
    for (const pageSize of [1024, 4096, 65536]) {
      const path = folder.fresh(`pages-${pageSize}`);
      await storeOfEvents(path, 300, (db) => db.pragma(`page_size = ${pageSize}`));
      expect(headInFile(path)).toEqual(headBySqlite(path));
      expect(headInFile(path)?.count).toBe(300);
    }
  });

  it('is found through a schema table of several pages, with many tables beside the store', async () => {
    const path = folder.fresh('tables');
    await storeOfEvents(path, 5);
    // Other packages' tables, made after the store's own (read models live in the same file).
    const raw = new BetterSqlite3(path);
    for (let t = 0; t < 300; t++) raw.exec(`CREATE TABLE other_${t} (a_rather_long_column_name_${t} TEXT)`);
    raw.close();
    const db = new BetterSqlite3(path, { readonly: true });
    // The schema no longer fits on page 1: its root is an interior page over several leaves.
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(305);
    const rootKind = Buffer.alloc(1);
    db.close();
    const fd = openSync(path, 'r');
    readSync(fd, rootKind, 0, 1, 100);
    closeSync(fd);
    expect(rootKind[0]).toBe(0x05);
    expect(headInFile(path)).toEqual(headBySqlite(path));
  });

  it('leaves out what the -wal holds', async () => {
    const path = folder.fresh('wal');
    await storeOfEvents(path, 10);
    const before = headBySqlite(path);
    const s = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
    await s.append('s-more', [newEvent('more')]);
    expect(s.headPosition()).toBe(11);
    expect(headInFile(path)).toEqual(before);
    await s.close();
  });

  it('is undefined for a file that is not a store: missing, empty, text, or another database', async () => {
    expect(headInFile(folder.fresh('missing'))).toBeUndefined();
    const empty = folder.fresh('empty');
    writeFileSync(empty, '');
    expect(headInFile(empty)).toBeUndefined();
    const text = folder.fresh('text');
    writeFileSync(text, 'not a database, but long enough to hold a header of a hundred bytes. '.repeat(3));
    expect(headInFile(text)).toBeUndefined();
    const other = folder.fresh('other');
    const db = new BetterSqlite3(other);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('a note')");
    db.close();
    expect(headInFile(other)).toBeUndefined();
  });
});
