// A record's grade registers a new outlet; a later line of the same run giving the outlet another
// grade is noted, as it would be against a grade stored before the run.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('ingest: a grade given for an outlet this run registered with a grade', () => {
  it.each([1, 100])('notes a later line grading it otherwise (batch size %i)', async (batchSize) => {
    const graded = (id: string, reliability: string) =>
      claimRecord({ id, source: { outlet: 'Al Jazeera', published: '2023-03-28', reliability } });
    const report = await ingest(
      new MemoryEventStore(),
      [graded('a', 'B'), graded('b', 'B'), graded('c', 'C')],
      { batchSize },
    );
    expect(report).toMatchObject({ added: 3, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message.slice(0, n.message.indexOf(';'))])).toEqual([
      [3, 'source.reliability', 'Al Jazeera is graded B'],
    ]);
  });
});
