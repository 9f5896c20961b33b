// An id index row that still carries an event's key but names another position: the index no longer
// holds that event (a retry of it would find only the other position, whose id differs, and be
// stored again), so verify names it as missing, in either level and whichever connection checks.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { damagedCopy, tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-index-row-moved-');
const original = join(folder.dir, 'original.sqlite');

// A tail of 3, so that the 100 events sit in both levels of the index.
beforeAll(async () => {
  const store = openSqliteStore({ path: original, idTailLimit: 3 });
  for (let b = 0; b < 20; b++)
    await store.append(
      `claim-${b % 3}`,
      Array.from({ length: 5 }, (_, i) => newEvent({ b, i })),
    );
  await store.close();
});
afterAll(() => folder.remove());

describe('verify: an id index row moved to another position', () => {
  for (const table of ['event_ids_1', 'event_ids_2'])
    it.each([
      ['on the caller', Number.POSITIVE_INFINITY],
      ['on the thread', 1],
    ])(`names the event whose row in ${table} names another position, checked %s`, async (_, from) => {
      let victim = 0;
      const path = damagedCopy(folder, original, (db) => {
        victim = db
          .prepare(`SELECT position FROM ${table} ORDER BY position LIMIT 1 OFFSET 2`)
          .pluck()
          .get() as number;
        // The key kept, the position past the log's end: no event is there.
        db.prepare(`UPDATE ${table} SET position = position + 1000000 WHERE position = ?`).run(victim);
      });
      const store = openSqliteStore({ path, readonly: true, indexCheckThreadFrom: from });
      try {
        const report = await store.verify();
        expect(victim).toBeGreaterThan(0);
        expect(report).toMatchObject({ ok: false, checked: victim - 1, firstBreak: { position: victim } });
        expect(report.firstBreak?.reason).toContain('missing from the id index');
      } finally {
        await store.close();
      }
    });
});
