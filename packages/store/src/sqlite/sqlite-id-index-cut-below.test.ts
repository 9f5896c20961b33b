// A log cut back outside kb below the id index's `indexed_up_to`, the head row rewritten to the cut
// log's end but keeping `indexed_up_to` (an older copy's events table put back, or rows deleted and
// the head set by hand). The positions past the cut are written again; the id index must still find
// the events stored there, or a retried append stores them twice.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { EventIdConflictError } from '../port/errors.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { cutLogBack, tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-id-cut-below-');
afterAll(() => folder.remove());
let files = 0;

const indexedUpTo = (path: string): number => {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    return raw.prepare('SELECT indexed_up_to FROM head').pluck().get() as number;
  } finally {
    raw.close();
  }
};

describe('sqlite id index after a cut below indexed_up_to', () => {
  it.each([
    ['a new connection', false],
    ['the connection that wrote them', true],
  ])('the events written again at the cut positions are found by %s', async (_, same) => {
    const path = join(folder.dir, `cut-${files++}.sqlite`);
    const first = openSqliteStore({ path, idTailLimit: 3 });
    for (let b = 0; b < 4; b++)
      await first.append('claim-a', [newEvent({ a: b, i: 0 }), newEvent({ a: b, i: 1 })]);
    await first.close();
    expect(indexedUpTo(path)).toBe(8);
    cutLogBack(path, 3);

    const writer = openSqliteStore({ path, idTailLimit: 1000 });
    const theirs = Array.from({ length: 4 }, (_, i) => newEvent({ b: i }));
    try {
      expect((await writer.append('claim-b', theirs)).appended).toBe(4);
      const retrying = same ? writer : openSqliteStore({ path, idTailLimit: 1000 });
      try {
        // Positions 4 to 7 were indexed before the cut: the events there now must not be taken as
        // absent because the index claims those positions.
        expect((await retrying.append('claim-b', theirs)).appended).toBe(0);
        await expect(retrying.append('claim-x', [theirs[1]!])).rejects.toThrow(EventIdConflictError);
      } finally {
        if (!same) await retrying.close();
      }
      expect((await collect(writer.readAll())).length).toBe(7);
      expect(indexedUpTo(path)).toBeLessThanOrEqual(7);
      // A connection with a tail of one moves the tail into the tables: none of the cut events' keys
      // is left there to clash with the keys written at their positions since.
      const mover = openSqliteStore({ path, idTailLimit: 1 });
      try {
        expect((await mover.append('claim-m', [newEvent({ m: 1 })])).appended).toBe(1);
        expect((await mover.append('claim-b', theirs)).appended).toBe(0);
      } finally {
        await mover.close();
      }
      expect(indexedUpTo(path)).toBe(8);
      expect(await writer.verify()).toMatchObject({ ok: true, checked: 8 });
    } finally {
      await writer.close();
    }
  });

  it('the cut events appended again at their own positions move into the tables beside no stale key', async () => {
    // An older copy's events put back, and the same ingest run again: the same ids land at the same
    // positions, so a key the tables kept for a cut event would clash with the key moved there now.
    const path = join(folder.dir, `cut-${files++}.sqlite`);
    const batches = Array.from({ length: 4 }, (_, b) => [newEvent({ a: b, i: 0 }), newEvent({ a: b, i: 1 })]);
    const first = openSqliteStore({ path, idTailLimit: 3 });
    for (const batch of batches) await first.append('claim-a', batch);
    await first.close();
    cutLogBack(path, 4);

    const writer = openSqliteStore({ path, idTailLimit: 1 });
    try {
      expect((await writer.append('claim-a', batches[2]!)).appended).toBe(2);
      expect((await writer.append('claim-a', batches[3]!)).appended).toBe(2);
      expect(indexedUpTo(path)).toBe(8);
      for (const batch of batches) expect((await writer.append('claim-a', batch)).appended).toBe(0);
      expect(await writer.verify()).toMatchObject({ ok: true, checked: 8 });
    } finally {
      await writer.close();
    }
  });

  it("verify names the cut while the id index still holds events past the log's end", async () => {
    // Before any append mends the index, its head is the one trace of the events cut off the end.
    const path = join(folder.dir, `cut-${files++}.sqlite`);
    const first = openSqliteStore({ path, idTailLimit: 3 });
    for (let b = 0; b < 4; b++)
      await first.append('claim-a', [newEvent({ a: b, i: 0 }), newEvent({ a: b, i: 1 })]);
    await first.close();
    cutLogBack(path, 3);
    const store = openSqliteStore({ path });
    try {
      const report = await store.verify();
      expect(report).toMatchObject({ ok: false, checked: 3, firstBreak: { position: 4 } });
      expect(report.firstBreak?.reason).toBe(
        "the id index holds the events up to position 8, past the log's end at 3: events were cut off its end outside kb, the head row set to match",
      );
      // The next append mends the index (the test above); the verify after it finds the log as it is.
      expect((await store.append('claim-b', [newEvent({ b: 0 })])).appended).toBe(1);
      expect(await store.verify()).toMatchObject({ ok: true, checked: 4 });
    } finally {
      await store.close();
    }
  });
});
