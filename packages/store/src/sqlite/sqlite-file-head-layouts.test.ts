import { closeSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headInFile } from './sqlite-file-head.js';
import { headBySqlite, headRead, storeOfEvents } from './sqlite-file-head-testing.js';
import { type TempFolder, tempFolder } from './sqlite-test-files.js';

// headInFile (sqlite-file-head.ts) on the layouts of a file the first tests did not reach: page sizes
// the file really has (a page_size pragma on a file with nothing in it yet is never written, so a store
// made after it has SQLite's default), the head's schema row on the last leaf of an interior schema
// page, schema rows too long for their page, head rows of every integer width, and head rows whose
// hash runs onto an overflow page. Each reading is compared with SQLite's own reading of the file
// with no -wal beside it (schema rows whose name runs onto overflow pages: sqlite-file-head-overflow.test.ts).

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder('kb-file-head-layouts-');
});
afterEach(() => folder.remove());

/** The page size the file's header gives (1 stands for 65536). */
function pageSizeOf(path: string): number {
  const header = Buffer.alloc(18);
  const fd = openSync(path, 'r');
  readSync(fd, header, 0, 18, 0);
  closeSync(fd);
  const field = header.readUInt16BE(16);
  return field === 1 ? 65536 : field;
}

describe('the head row read from the file alone, on other layouts', () => {
  it('is the one SQLite reads in files whose pages are really 512 to 65536 bytes', async () => {
    for (const pageSize of [512, 1024, 8192, 65536]) {
      const path = folder.fresh(`pages-${pageSize}`);
      // WAL mode set at once writes the header, so the page size is in the file before the store.
      await storeOfEvents(path, 40, (db) => {
        db.pragma(`page_size = ${pageSize}`);
        db.pragma('journal_mode = WAL');
      });
      expect(pageSizeOf(path)).toBe(pageSize);
      expect(headInFile(path)).toEqual(headBySqlite(path));
    }
  });

  it("is found when the head's schema row lies on the last leaf under an interior schema page", async () => {
    const path = folder.fresh('head-last');
    await storeOfEvents(path, 3);
    // Many tables after the store's own, then the head table made again (as a migration that
    // recreates a table does): its schema row is the last, on the right-most leaf.
    const db = new BetterSqlite3(path);
    for (let t = 0; t < 300; t++) db.exec(`CREATE TABLE other_${t} (a_rather_long_column_name_${t} TEXT)`);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'head'").pluck().get() as string;
    db.exec(`ALTER TABLE head RENAME TO head_before; ${sql}; INSERT INTO head SELECT * FROM head_before;`);
    db.exec('DROP TABLE head_before');
    const last = db.prepare('SELECT name FROM sqlite_master ORDER BY rowid DESC LIMIT 1').pluck().get();
    expect(last).toBe('head');
    db.close();
    const root = Buffer.alloc(1);
    const fd = openSync(path, 'r');
    readSync(fd, root, 0, 1, 100);
    closeSync(fd);
    expect(root[0]).toBe(0x05);
    expect(headInFile(path)).toEqual(headBySqlite(path));
  });

  it('is found beside schema rows whose SQL runs onto overflow pages, of any length', async () => {
    const path = folder.fresh('long-sql');
    await storeOfEvents(path, 3);
    const db = new BetterSqlite3(path);
    // Lengths crossing the sizes at which a varint takes another byte (16,384 to 16,511 hold a 0x80 byte).
    for (const [t, length] of [1000, 5000, 8180, 8186, 8200, 16_360, 16_380, 16_400, 20_000].entries()) {
      db.exec(`CREATE TABLE long_${t} (a TEXT DEFAULT '${'x'.repeat(length)}')`);
    }
    db.close();
    expect(headInFile(path)).toEqual(headBySqlite(path));
  });

  it('reads counts and positions of every integer width SQLite stores', async () => {
    const path = folder.fresh('widths');
    await storeOfEvents(path, 2);
    const db = new BetterSqlite3(path);
    const update = db.prepare('UPDATE head SET count = ?, last_position = ?');
    const values = [
      0,
      1,
      2,
      127,
      128,
      32_767,
      32_768,
      2 ** 23,
      2 ** 31,
      2 ** 40,
      2 ** 47,
      2 ** 48,
      2 ** 53 - 1,
    ];
    for (const [i, count] of values.entries()) {
      const position = values[(i + 3) % values.length]!;
      update.run(count, position);
      db.pragma('wal_checkpoint(TRUNCATE)');
      expect(headInFile(path)).toEqual({ ...headRead(db), count, lastPosition: position });
    }
    db.close();
  });

  it('reads a head row that fits on its page, and one whose hash runs onto an overflow page', async () => {
    const path = folder.fresh('long-hash');
    await storeOfEvents(path, 2, (db) => {
      db.pragma('page_size = 1024');
      db.pragma('journal_mode = WAL');
    });
    const db = new BetterSqlite3(path);
    const update = db.prepare('UPDATE head SET last_hash = ?');
    const overflowPages = db.prepare(
      "SELECT count(*) FROM dbstat WHERE name = 'head' AND pagetype = 'overflow'",
    );
    let fitting = 0;
    let overflowing = 0;
    for (let length = 900; length <= 1100; length++) {
      update.run('h'.repeat(length));
      db.pragma('wal_checkpoint(TRUNCATE)');
      const read = headInFile(path);
      if (overflowPages.pluck().get() === 0) fitting++;
      else overflowing++;
      expect(read, `a hash of ${length}`).toEqual(headRead(db));
    }
    db.close();
    expect(fitting).toBeGreaterThan(0);
    expect(overflowing).toBeGreaterThan(0);
  });
});

describe('the head row read from the file alone, again and again', () => {
  it('closes the file each time, found or not', async () => {
    const path = folder.fresh('closes');
    await storeOfEvents(path, 3);
    // A descriptor opened now takes the lowest number free: were each reading to keep the file
    // open, the numbers after 200 readings would have moved up by 200.
    const lowest = () => {
      const fd = openSync(tmpdir(), 'r');
      closeSync(fd);
      return fd;
    };
    const before = lowest();
    for (let n = 0; n < 100; n++) {
      expect(headInFile(path)?.count).toBe(3);
      expect(headInFile(folder.fresh(`missing-${n}`))).toBeUndefined();
    }
    expect(lowest()).toBeLessThan(before + 50);
  });
});
