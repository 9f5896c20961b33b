// Verify beside a page SQLite cannot read that the walk over the events never reads: the head row's,
// or one of the id index's. The walk still checks every event, quick_check names the damaged table,
// and the report fails; it is never an error instead of a report ("database disk image is malformed").
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { rootPage, zeroPage } from '../testing/zero-page.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { storeWithIndexedIds, tempFolder } from './sqlite-test-files.js';

const EVENTS = 200;
const folder = tempFolder('kb-unreadable-pages-');
const original = join(folder.dir, 'original.sqlite');
/** A store whose ids are all still in the writer's tail: the id index's tables are empty, one page each. */
const unindexed = join(folder.dir, 'unindexed.sqlite');

beforeAll(async () => {
  // A small tail, so that most events' keys are in the id index's two tables, which verify reads.
  await storeWithIndexedIds(original, EVENTS, 50);
  const db = new BetterSqlite3(original, { readonly: true });
  for (const table of ['event_ids_1', 'event_ids_2'])
    expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBeGreaterThan(0);
  db.close();
  const small = openSqliteStore({ path: unindexed });
  for (let i = 0; i < 30; i++) await small.append(`claim-${i}`, [newEvent({ i })]);
  await small.close();
});
afterAll(() => folder.remove());

/** Verifies a copy whose table `table` has its root page zeroed. */
async function verifyWithZeroedRoot(table: string, indexCheckThreadFrom: number, source = original) {
  const path = folder.copyOf(source);
  zeroPage(path, rootPage(table));
  const store = openSqliteStore({ path, readonly: true, indexCheckThreadFrom });
  try {
    return await store.verify();
  } finally {
    await store.close();
  }
}

describe('verify beside a damaged page the walk does not read', () => {
  it("the head row's page: every event checked, the end named as unseen, the damage named", async () => {
    const report = await verifyWithZeroedRoot('head', Number.POSITIVE_INFINITY);
    expect(report).toMatchObject({
      ok: false,
      checked: EVENTS,
      firstBreak: {
        position: EVENTS + 1,
        reason:
          "the store's head row is on a damaged page SQLite cannot read, so events cut off the end of the log could not be seen",
      },
      file: { foreign: [], unchecked: null },
    });
    expect(report.file?.damage.join('\n')).toMatch(/^head: /);
  });

  for (const table of ['event_ids_1', 'event_ids_2']) {
    it.each([
      ['on the caller', Number.POSITIVE_INFINITY],
      ['on the thread', 1],
    ])(
      `a page of the id index's ${table}, checked %s: the chain verifies, the damage is named`,
      async (_, from) => {
        const report = await verifyWithZeroedRoot(table, from);
        expect(report).toMatchObject({
          ok: false,
          checked: EVENTS,
          firstBreak: null,
          file: { foreign: [], unchecked: null },
        });
        expect(report.file?.damage.join('\n')).toContain(`${table}: `);
      },
    );
  }

  // No read of the walk touches the index's tables then: quick_check alone meets the damaged page,
  // and SQLite ends the snapshot, so its COMMIT fails; the report made before it is the answer.
  it.each(['event_ids_1', 'event_ids_2'])(
    'an empty %s, its one page zeroed, in a store whose ids are all in the tail: the damage is named',
    async (table) => {
      const report = await verifyWithZeroedRoot(table, Number.POSITIVE_INFINITY, unindexed);
      expect(report).toMatchObject({ ok: false, checked: 30, firstBreak: null, file: { unchecked: null } });
      expect(report.file?.damage.join('\n')).toContain(`${table}: `);
    },
  );
});
