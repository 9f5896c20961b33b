// A range page read while another connection appends: the page's end never passes a row it did not
// return (found by a mutation tester's race script: rows read before the head missed the rows the
// head then counted).
import { describe, expect, it } from 'vitest';
import { readRangePage } from './sqlite-log-cursor.js';
import type { EventRow } from './sqlite-statements.js';

/** A log whose every read lets another connection commit one more row right after it. */
function appendingLog(rows: number) {
  const positions = Array.from({ length: rows }, (_, i) => i + 1);
  const commit = () => positions.push(positions.length + 1);
  const row = (position: number) => [position] as unknown as EventRow;
  return {
    positions,
    statements: {
      head: {
        get: () => {
          const last = positions.length;
          commit();
          return { last_position: last } as never;
        },
      },
      readRange: {
        all: (after: number, upTo: number) => {
          const found = positions.filter((p) => p > after && p <= upTo).map(row);
          commit();
          return found;
        },
      },
    } as unknown as Parameters<typeof readRangePage>[0],
  };
}

describe('readRangePage while another connection appends', () => {
  it('never ends a page past a row it did not return', () => {
    for (const [from, to] of [
      [5, 8],
      [3, 5],
      [5, 6],
      [0, 100],
    ] as const) {
      const { statements } = appendingLog(5);
      const page = readRangePage(statements, from, to);
      const returned = page.rows.map((r) => r[0]);
      // Every position up to where the page says it scanned was returned, or is before the range.
      for (let p = from + 1; p <= page.scannedTo; p++) expect(returned, `(${from}, ${to}]`).toContain(p);
    }
  });

  it('still reads a whole range and its end as before when nothing is appended', () => {
    const still = {
      head: { get: () => ({ last_position: 5 }) as never },
      readRange: {
        all: (after: number, upTo: number) =>
          [1, 2, 3, 4, 5].filter((p) => p > after && p <= upTo).map((p) => [p] as unknown as EventRow),
      },
    } as unknown as Parameters<typeof readRangePage>[0];
    expect(readRangePage(still, 2, 4)).toMatchObject({ scannedTo: 4, last: false });
    expect(readRangePage(still, 2, 9)).toMatchObject({ scannedTo: 5, last: true });
    expect(readRangePage(still, 5, 9)).toMatchObject({ rows: [], scannedTo: 5, last: true });
  });
});
