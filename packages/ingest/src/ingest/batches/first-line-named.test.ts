// A line clashing with an earlier one of the same input is told the FIRST line that stood for the
// claim, not a later repeat of it: the repeat only matched it, and the user mends the line they wrote
// first. Within one batch and across batches (the batch that took the first line has committed).
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claimRecord } from '../test-kit/test-records.js';

const lines = [
  claimRecord({ id: 'c-1' }), // 1: first
  claimRecord({ id: 'c-2' }), // 2
  claimRecord({ id: 'c-1' }), // 3: the same again, a repeat
  claimRecord({ id: 'c-1', quote: 'Another quote entirely.' }), // 4: clashes
];

describe('ingest: the earlier line a clash names', () => {
  it.each([
    ['one batch', 100],
    ['a batch a line', 1],
  ])('names line 1, not the repeat on line 3 (%s)', async (_, batchSize) => {
    const report = await ingest(new MemoryEventStore(), lines, { batchSize });
    expect(report).toMatchObject({ added: 2, rejectedLines: 1 });
    expect(report.rejected).toEqual([
      expect.objectContaining({
        line: 4,
        message: expect.stringContaining('appears earlier in this input (line 1)'),
      }),
    ]);
  });
});
