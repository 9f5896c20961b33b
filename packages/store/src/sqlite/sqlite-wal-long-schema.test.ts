import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../contract/contract-context.js';
import { appendNumbered, closedStore, openWithoutCheckpoints, walOfAppends } from '../testing/foreign-wal.js';
import { headInFile } from './sqlite-file-head.js';
import { sizeOf, type TempFolder, tempFolder } from './sqlite-test-files.js';
import { WalNotOwnError } from './sqlite-wal-continues.js';

// The -wal check (sqlite-wal-continues.ts) in a file whose schema holds a row too long for its page:
// a read model's table, or the user's own, with a long name and long SQL. The head of the file alone
// is read from its bytes across that row's overflow pages; were it not, the check would have nothing
// to compare and would let another store's -wal through without a word.

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder('kb-wal-long-schema-');
});
afterEach(() => folder.remove());

// Past the 489 bytes of a row SQLite keeps on a page of 4096 when the rest overflows (45 or so on a
// page of 1024): the name itself runs onto the overflow pages.
const LONG_NAME = `read_model_${'missions_by_controller_and_day_'.repeat(40)}`;

/** Adds the long-named table to the closed store at `path` (checkpointed into its file on close). */
function addLongTable(path: string): void {
  const db = new BetterSqlite3(path);
  db.exec(`CREATE TABLE "${LONG_NAME}" (mission TEXT, note TEXT DEFAULT '${'n'.repeat(6000)}')`);
  db.close();
}

/** A store of 20 events with the long table, closed: no -wal beside it. */
async function storeWithLongTable(name: string): Promise<string> {
  const path = folder.fresh(name);
  await closedStore(path, 20);
  addLongTable(path);
  expect(headInFile(path)?.count).toBe(20);
  return path;
}

describe('a -wal beside a store whose schema runs onto overflow pages', () => {
  it("is refused when it is another store's, the file alone being read past the long row", async () => {
    // Two stores made alike, so their pages line up and the mix reads as a store, not as damage.
    const store = await storeWithLongTable('a');
    const other = await storeWithLongTable('b');
    await walOfAppends(other, 20, 5, `${store}-wal`);
    let refusal: unknown;
    try {
      await openWithoutCheckpoints(store).close();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Error);
    const notOwn = (refusal as Error).cause ?? refusal;
    expect(notOwn).toBeInstanceOf(WalNotOwnError);
    expect((notOwn as Error).message).toContain('the file alone ends at position 20');
  });

  it("is accepted when it is the store's own, left by a writer that did not checkpoint", async () => {
    const path = await storeWithLongTable('own');
    const writer = openWithoutCheckpoints(path);
    await appendNumbered(writer, 20, 5);
    expect(sizeOf(`${path}-wal`)).toBeGreaterThan(0);
    expect(headInFile(path)?.count).toBe(20);
    // Another writable open while the first is live: the check runs against the live -wal.
    const second = openWithoutCheckpoints(path);
    try {
      expect((await collect(second.readAll())).length).toBe(25);
    } finally {
      await second.close();
      await writer.close();
    }
  });
});
