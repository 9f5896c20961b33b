import { closeSync, openSync, writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headInFile } from './sqlite-file-head.js';
import { headBySqlite, storeOfEvents } from './sqlite-file-head-testing.js';
import { type TempFolder, tempFolder } from './sqlite-test-files.js';

// headInFile (sqlite-file-head.ts) when rows of the schema table are too long for their page: a
// table with a long name and long CREATE SQL (a read model, or a user's own table in the same file)
// has a schema row whose start stays on the schema page and whose rest SQLite puts on a chain of
// overflow pages. How much stays depends on the page size and the row's length; with a name longer
// than that start, the row's type, name and root page are partly on the chain. The reader must read
// the head there as SQLite reads it, with such rows before and after the head table's own.

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder('kb-file-head-overflow-');
});
afterEach(() => folder.remove());

const PAGE_SIZES = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];

/**
 * The fewest bytes of a row's payload SQLite keeps on a table's page when the rest overflows (the
 * file format's "M" for a table leaf, with no bytes reserved at a page's end).
 */
const leastLocal = (pageSize: number) => Math.floor(((pageSize - 12) * 32) / 255) - 23;

/** Lengths of table names around and past what stays on the page, and lengths of SQL after them. */
function shapes(pageSize: number): { name: number; sql: number }[] {
  const least = leastLocal(pageSize);
  const names = [46, least - 20, least - 3, least + 1, least + 37, pageSize - 30, 2 * pageSize + 7];
  const sqls = [0, 61, Math.floor(pageSize / 2) + 3, pageSize - 4, 3 * pageSize + 11];
  return names.flatMap((name, i) => sqls.map((sql, j) => ({ name: name + i + j, sql })));
}

/** Creates a table of each shape, `tag` telling the tables of one call from another's. */
function longTables(db: BetterSqlite3.Database, pageSize: number, tag: string): void {
  for (const [i, { name, sql }] of shapes(pageSize).entries()) {
    const prefix = `${tag}_${i}_`;
    const tableName = prefix + 'n'.repeat(Math.max(1, name - prefix.length));
    db.exec(`CREATE TABLE "${tableName}" (a TEXT DEFAULT '${'s'.repeat(sql)}')`);
  }
}

/** Makes the head table again, holding the same row: its schema row is now the last. */
function recreateHead(db: BetterSqlite3.Database): void {
  const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'head'").pluck().get() as string;
  db.exec(`ALTER TABLE head RENAME TO head_before; ${sql}; INSERT INTO head SELECT * FROM head_before;`);
  db.exec('DROP TABLE head_before');
}

/** How many overflow pages the schema table's rows take. */
function schemaOverflowPages(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db
      .prepare("SELECT count(*) FROM dbstat WHERE name = 'sqlite_schema' AND pagetype = 'overflow'")
      .pluck()
      .get() as number;
  } finally {
    db.close();
  }
}

describe('the head row read from the file alone, beside schema rows on overflow pages', () => {
  for (const pageSize of PAGE_SIZES)
    it(`is the one SQLite reads with pages of ${pageSize} bytes, long-named tables before and after the head's`, async () => {
      const path = folder.fresh(`pages-${pageSize}`);
      await storeOfEvents(path, 7, (db) => {
        db.pragma(`page_size = ${pageSize}`);
        db.pragma('journal_mode = WAL');
      });
      // A store refuses a file holding tables of others, so those before the head's schema row are
      // made after the store, and the head table is made again after them (as a migration that
      // recreates a table does): its row moves after theirs, and more long rows follow it.
      const db = new BetterSqlite3(path);
      longTables(db, pageSize, 'before');
      recreateHead(db);
      longTables(db, pageSize, 'after');
      const rows = db.prepare('SELECT name FROM sqlite_master ORDER BY rowid').pluck().all() as string[];
      db.close();
      const head = rows.indexOf('head');
      expect(rows.slice(0, head).filter((name) => name.startsWith('before_')).length).toBe(35);
      expect(rows.slice(head).filter((name) => name.startsWith('after_')).length).toBe(35);
      expect(schemaOverflowPages(path)).toBeGreaterThan(0);
      const read = headInFile(path);
      expect(read).toEqual(headBySqlite(path));
      expect(read?.count).toBe(7);
    });

  for (const pageSize of [512, 1024])
    it(`is the one SQLite reads beside long rows of every length modulo the overflow pages' room (${pageSize})`, async () => {
      // How much of a row stays on its page turns on its length modulo the room an overflow page
      // holds (the page less 4 bytes): rows of as many lengths in a row, named past what stays on the
      // page at the least, meet each case, the edges where the rest would only just fit included.
      const path = folder.fresh(`lengths-${pageSize}`);
      await storeOfEvents(path, 5, (db) => {
        db.pragma(`page_size = ${pageSize}`);
        db.pragma('journal_mode = WAL');
      });
      const db = new BetterSqlite3(path);
      const name = (n: number) => `len_${String(n).padStart(4, '0')}_${'n'.repeat(leastLocal(pageSize))}`;
      db.transaction(() => {
        for (let n = 0; n < pageSize - 4; n++)
          db.exec(`CREATE TABLE "${name(n)}" (a TEXT DEFAULT '${'s'.repeat(pageSize + n)}')`);
      })();
      recreateHead(db);
      db.close();
      expect(headInFile(path)).toEqual(headBySqlite(path));
    });

  it('is the one SQLite reads when only a long-named table made after the store overflows', async () => {
    const path = folder.fresh('one');
    await storeOfEvents(path, 3);
    const db = new BetterSqlite3(path);
    const name = `read_model_${'projection_of_missions_by_controller_'.repeat(30)}`;
    db.exec(
      `CREATE TABLE "${name}" (mission TEXT, controller TEXT, note TEXT DEFAULT '${'x'.repeat(5000)}')`,
    );
    db.close();
    expect(schemaOverflowPages(path)).toBeGreaterThan(0);
    expect(headInFile(path)).toEqual(headBySqlite(path));
  });
});

describe("the head row read from the file alone, when a schema row's overflow chain is damaged", () => {
  /** A store whose one long schema row runs over several overflow pages; their numbers in chain order. */
  async function storeWithChain(): Promise<{ path: string; chain: number[] }> {
    const path = folder.fresh('chain');
    await storeOfEvents(path, 4);
    const db = new BetterSqlite3(path);
    db.exec(`CREATE TABLE "${'long_name_'.repeat(1300)}" (a TEXT)`);
    const chain = db
      .prepare(
        "SELECT pageno FROM dbstat WHERE name = 'sqlite_schema' AND pagetype = 'overflow' ORDER BY path",
      )
      .pluck()
      .all() as number[];
    db.close();
    expect(chain.length).toBeGreaterThanOrEqual(3);
    expect(headInFile(path)).toEqual(headBySqlite(path));
    return { path, chain };
  }

  /** Writes `next` as the number of the page after page `page` in its chain. */
  function pointTo(path: string, page: number, next: number): void {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(next);
    const fd = openSync(path, 'r+');
    writeSync(fd, bytes, 0, 4, (page - 1) * 4096);
    closeSync(fd);
  }

  it('says nothing when the chain ends before the row does', async () => {
    const { path, chain } = await storeWithChain();
    pointTo(path, chain[0]!, 0);
    expect(headInFile(path)).toBeUndefined();
  });

  it('says nothing when the chain goes on past the end of the file', async () => {
    const { path, chain } = await storeWithChain();
    pointTo(path, chain[1]!, 1_000_000);
    expect(headInFile(path)).toBeUndefined();
  });

  it('says nothing when the chain comes back to a page it has been through', async () => {
    const { path, chain } = await storeWithChain();
    pointTo(path, chain[1]!, chain[0]!);
    expect(headInFile(path)).toBeUndefined();
  });
});
