// A report read before it was published is noted; one published on a vague date (a month) and
// read within it may have been read after it was out, so it is not.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

describe('ingest: a report retrieved within the vague date it was published on', () => {
  it('is not noted; one retrieved before that date begins is', async () => {
    const line = (id: string, retrieved: string) =>
      claimRecord({
        id,
        occurred: '2023-02',
        source: { ...SOURCE, url: `${SOURCE.url}${id}`, published: '2023-03', retrieved },
      });
    const report = await ingest(new MemoryEventStore(), [
      line('within', '2023-03-10'),
      line('before', '2023-02-27'),
    ]);
    expect(report).toMatchObject({ added: 2, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message.slice(0, n.message.indexOf(':'))])).toEqual([
      [2, 'source.retrieved', '2023-02-27 is before the report was published (2023-03)'],
    ]);
  });
});
