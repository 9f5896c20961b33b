// How many WAL pages the writer counts for an append (sqlite-checkpoint-schedule.ts), against the
// frames SQLite writes: counted too few, the checkpoint thread was asked late, the WAL passed
// SQLite's own limit first, and an append paid for a whole checkpoint inside its commit.
import { describe, expect, it } from 'vitest';
import type { PlannedEvent } from '../append/plan-batch.js';
import { newEvent } from '../contract/contract-context.js';
import { commitPagesOf, pagesOf } from './sqlite-checkpoint-schedule.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { sizeOf, withTempFile } from './sqlite-test-files.js';

/** Planned events whose data text is `length` characters long (only the texts are read). */
function rows(count: number, length: number): PlannedEvent[] {
  const row = { dataJson: 'x'.repeat(length), metadataJson: '{}' } as PlannedEvent;
  return Array.from({ length: count }, () => row);
}

// The frames of a WAL file: a 32-byte header, then a 24-byte header and a page each.
const framesOf = (bytes: number, pageSize: number) => (bytes - 32) / (24 + pageSize);

describe('the pages an append is counted for', () => {
  it('are whole pages for the rows that fit in one, and bytes for rows that overflow', () => {
    // About 1 KB a row: three fit in a 4 KB page.
    expect(pagesOf(rows(3, 800))).toBeCloseTo(1, 9);
    expect(pagesOf(rows(100, 800))).toBeCloseTo(100 / 3, 9);
    // Rows of 3 KB: one to a page, though a page holds 4 KB.
    expect(pagesOf(rows(4, 3000))).toBeCloseTo(4, 9);
    // Small rows: as many as fit.
    expect(pagesOf(rows(13, 10))).toBeCloseTo(1, 9);
    // A row larger than a page spills onto overflow pages, filled whole.
    expect(pagesOf(rows(1, 20_000))).toBeCloseTo((20_000 + 2 + 300) / 4096, 9);
    expect(pagesOf([])).toBe(0);
  });

  it('come near the frames SQLite writes for appends of 100 events of about 1 KB', () =>
    withTempFile('kb.sqlite', async (path) => {
      const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
      const text = 'an account of who holds the embassy, as one outlet reported it. '.repeat(10);
      await store.append('warm-up', [newEvent({ text })]);
      const before = framesOf(sizeOf(`${path}-wal`), 4096);
      let counted = 0;
      for (let call = 0; call < 20; call++) {
        const events = Array.from({ length: 100 }, (_, n) => newEvent({ call, n, text }));
        await store.append(`claims-${call % 4}`, events);
        counted += commitPagesOf(
          events.map((e) => ({ dataJson: JSON.stringify(e.data), metadataJson: '{}' }) as PlannedEvent),
        );
      }
      const written = framesOf(sizeOf(`${path}-wal`), 4096) - before;
      // Counting the text's bytes, and 3 pages a commit, came to 0.83 of the frames written.
      expect(counted / written).toBeGreaterThan(0.9);
      expect(counted / written).toBeLessThan(1.2);
      await store.close();
    }));
});
