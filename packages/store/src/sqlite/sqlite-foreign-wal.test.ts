import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../port/errors.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

// SQLite checks a write-ahead log only against itself (the salts and checksums of its own frames),
// never against the database it lies beside: a -wal copied from another database is applied to the
// store, which then reads as that database. kb refused the file as another application's, but on
// the writable connection it had opened, whose close checkpointed the foreign log into the store:
// the events were overwritten by the other database's pages, while the message said nothing was
// written. The refusal now comes from a read-only look, which never checkpoints.

const folder = tempFolder('kb-foreign-wal-');
afterEach(() => folder.remove());

/** A store of two events, its log checkpointed into the main file and gone. */
async function storeFile(): Promise<string> {
  const path = folder.fresh('store');
  const store = openSqliteStore({ path });
  for (const n of [1, 2]) {
    await store.append(`s-${n}`, [{ id: `e-${n}`, type: 'T', version: 1, data: { n } }], {
      expectedRevision: 'no_stream',
    });
  }
  await store.close();
  return path;
}

/** The -wal of another database, one table of its own, copied while that database was open. */
function foreignWal(dest: string): void {
  const other = folder.fresh('other');
  const db = new BetterSqlite3(other);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE notes (body TEXT)');
  db.prepare('INSERT INTO notes VALUES (?)').run('not an event');
  copyFileSync(`${other}-wal`, dest);
  db.close();
}

describe('a -wal of another database beside the store', () => {
  it('is refused, naming the log, with the store and the log left as they were', async () => {
    const path = await storeFile();
    foreignWal(`${path}-wal`);
    const store = readFileSync(path);
    const wal = readFileSync(`${path}-wal`);

    let refusal: unknown;
    try {
      openSqliteStore({ path });
    } catch (error) {
      refusal = error;
    }
    // The file and the log first: the old refusal overwrote the store.
    expect(readFileSync(path).equals(store)).toBe(true);
    expect(readFileSync(`${path}-wal`).equals(wal)).toBe(true);
    expect(refusal).toBeInstanceOf(StoreUnavailableError);
    expect((refusal as Error).message).toContain('not a knowledge-base event file');
    expect((refusal as Error).message).toContain('A write-ahead log, store-1.sqlite-wal, lies beside it');

    // Moved away, the store reads as it was.
    copyFileSync(`${path}-wal`, `${path}-wal.foreign`);
    rmSync(`${path}-wal`);
    rmSync(`${path}-shm`, { force: true });
    const back = openSqliteStore({ path });
    const events = [];
    for await (const e of back.readAll()) events.push(e.id);
    await back.close();
    expect(events).toEqual(['e-1', 'e-2']);
  });
});
