// verify's check of the id index on a thread of its own (sqlite-index-check.ts) gives the report the
// check on the caller's connection gives: on an intact log, with an entry missing from either level
// (the last one it must hold too), with the chain broken before or at the missing entry, with a
// damaged page that quick_check finds, and when the thread cannot open the file.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { rootPage, zeroPage } from '../testing/zero-page.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { IdIndex } from './sqlite-id-index.js';
import { startIndexCheck } from './sqlite-index-check.js';
import { prepareStatements } from './sqlite-statements.js';
import { damagedCopy, tempFolder } from './sqlite-test-files.js';
import { verifyLog } from './sqlite-verify.js';

const folder = tempFolder('kb-index-check-');
const original = join(folder.dir, 'original.sqlite');

// A tail of 3, so that the 250 events sit in both levels of the index and a short tail.
beforeAll(async () => {
  const store = openSqliteStore({ path: original, idTailLimit: 3 });
  for (let b = 0; b < 50; b++) {
    await store.append(
      `claim-${b % 7}`,
      Array.from({ length: 5 }, (_, i) => newEvent({ b, i })),
    );
  }
  await store.close();
});
afterAll(() => folder.remove());

/** A copy of the log with `damage` done to it through a raw connection. */
function copyWith(damage: (db: BetterSqlite3.Database) => void = () => {}): string {
  return damagedCopy(folder, original, damage);
}

/** The copy verified with the index checked on a thread (from 1 event) and on the caller's. */
async function bothWays(path: string): Promise<{ thread: VerifyReport; caller: VerifyReport }> {
  const verify = async (indexCheckThreadFrom: number) => {
    const store = openSqliteStore({ path, readonly: true, indexCheckThreadFrom });
    try {
      return await store.verify();
    } finally {
      await store.close();
    }
  };
  return { thread: await verify(1), caller: await verify(Number.POSITIVE_INFINITY) };
}

/** The n-th position (from 0) that `table` holds, in position order. */
const heldAt = (db: BetterSqlite3.Database, table: string, n: number) =>
  db.prepare(`SELECT position FROM ${table} ORDER BY position LIMIT 1 OFFSET ?`).pluck().get(n) as number;

describe('id index check on a thread', () => {
  it('reports an intact log as the check on the caller does', async () => {
    const { thread, caller } = await bothWays(copyWith());
    expect(thread).toEqual(caller);
    expect(thread).toMatchObject({ ok: true, checked: 250 });
  });

  it.each(['event_ids_1', 'event_ids_2'])('names an event missing from %s', async (table) => {
    let victim = 0;
    const path = copyWith((db) => {
      victim = heldAt(db, table, 2);
      db.prepare(`DELETE FROM ${table} WHERE position = ?`).run(victim);
    });
    const { thread, caller } = await bothWays(path);
    expect(thread).toEqual(caller);
    expect(thread).toMatchObject({ ok: false, checked: victim - 1, firstBreak: { position: victim } });
    expect(thread.firstBreak?.reason).toContain('id index');
  });

  it('names the event exactly at indexed_up_to when it is missing from the id index', async () => {
    let upTo = 0;
    const path = copyWith((db) => {
      upTo = db.prepare('SELECT indexed_up_to FROM head').pluck().get() as number;
      for (const table of ['event_ids_1', 'event_ids_2'])
        db.prepare(`DELETE FROM ${table} WHERE position = ?`).run(upTo);
    });
    expect(upTo).toBe(250);
    const { thread, caller } = await bothWays(path);
    expect(thread).toEqual(caller);
    expect(thread).toMatchObject({ ok: false, checked: upTo - 1, firstBreak: { position: upTo } });
    expect(thread.firstBreak?.reason).toContain('id index');
  });

  it('names the edit, not the index, when the edited event is also missing from the index', async () => {
    let victim = 0;
    const path = copyWith((db) => {
      victim = heldAt(db, 'event_ids_2', 40);
      db.prepare('DELETE FROM event_ids_2 WHERE position = ?').run(victim);
      db.prepare('UPDATE events SET data = \'{"edited":true}\' WHERE position = ?').run(victim);
    });
    const { thread, caller } = await bothWays(path);
    expect(thread).toEqual(caller);
    expect(thread).toMatchObject({ ok: false, checked: victim - 1, firstBreak: { position: victim } });
    expect(thread.firstBreak?.reason).toContain('does not match its hash');
    expect(thread.firstBreak?.reason).not.toContain('id index');
  });

  it("reports the damage quick_check finds on the thread, as the caller's check does", async () => {
    const path = copyWith();
    // A zeroed page of the (stream, revision) index: the chain walk never reads it.
    const root = zeroPage(path, rootPage('sqlite_autoindex_events_1'));
    const { thread, caller } = await bothWays(path);
    expect(thread).toEqual(caller);
    expect(thread).toMatchObject({ ok: false, checked: 250, firstBreak: null, file: { foreign: [] } });
    expect(thread.file?.damage.length).toBeGreaterThan(0);
    expect(thread.file?.damage.join('\n')).toContain(`page ${root}`);
  });

  it('names the break in the chain when it comes before the missing entry', async () => {
    let victim = 0;
    const path = copyWith((db) => {
      victim = heldAt(db, 'event_ids_2', 100);
      db.prepare('DELETE FROM event_ids_2 WHERE position = ?').run(victim);
      db.prepare('UPDATE events SET data = \'{"edited":true}\' WHERE position = 40').run();
    });
    expect(victim).toBeGreaterThan(40);
    const { thread, caller } = await bothWays(path);
    expect(thread).toEqual(caller);
    expect(thread).toMatchObject({ ok: false, checked: 39, firstBreak: { position: 40 } });
  });

  it('answers from the thread itself, and with an error when it cannot open the file', async () => {
    let victim = 0;
    const path = copyWith((db) => {
      victim = heldAt(db, 'event_ids_1', 0);
      db.prepare('DELETE FROM event_ids_1 WHERE position = ?').run(victim);
    });
    expect(await startIndexCheck(path, 1000, 250).answer).toBe(victim);
    expect(await startIndexCheck(path, 1000, victim - 1).answer).toBeNull();
    expect(await startIndexCheck(join(folder.dir, 'missing.sqlite'), 1000, 250).answer).toBeInstanceOf(Error);
  });

  it('checks on the caller instead when the thread fails', async () => {
    let victim = 0;
    const path = copyWith((db) => {
      victim = heldAt(db, 'event_ids_2', 5);
      db.prepare('DELETE FROM event_ids_2 WHERE position = ?').run(victim);
    });
    const db = new BetterSqlite3(path, { readonly: true });
    try {
      // The thread is pointed at a file that does not exist; the caller's connection has the log.
      const thread = { path: join(folder.dir, 'missing.sqlite'), busyTimeoutMs: 1000, from: 1 };
      const report = await verifyLog(db, prepareStatements(db), new IdIndex(db), {}, thread);
      expect(report).toMatchObject({ ok: false, checked: victim - 1, firstBreak: { position: victim } });
    } finally {
      db.close();
    }
  });
});
