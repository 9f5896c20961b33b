// A web address holding white space anywhere (a space in its path, a tab, a line break, a space
// around it) is rejected at its field, in a claim or retraction record's source and in a raw event
// alike: the URL parser would take it, and store an address other than the one written.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { all } from '../test-kit/ingest-test-kit.js';
import { day, event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const SPACE = 'a URL holds no white space; write a space inside it as %20, and leave none around it';

describe('ingest: white space in a URL', () => {
  it('rejects a source.url holding white space anywhere, naming the first', async () => {
    const store = new MemoryEventStore();
    const withUrl = (id: string, url: string) => claimRecord({ id, source: { ...SOURCE, url } });
    const report = await ingest(store, [
      withUrl('a', 'https://example.com/a b'), // 1
      withUrl('b', 'https://example.com/a\tb'), // 2
      withUrl('c', ' https://example.com/c'), // 3
      withUrl('d', 'https://example.com/d\n'), // 4
      withUrl('e', 'https://example.com/e\u00a0f'), // 5
      withUrl('f', 'https://exa mple.com/f'), // 6: in the host
      { type: 'retraction', claim: 'g', reason: 'r', source: { ...SOURCE, url: 'https://example.com/g h' } }, // 7
      withUrl('h', 'https://example.com/a%20b'), // 8: escaped, taken
    ]);
    expect(problems(report)).toEqual([
      [1, 'source.url', `a space at character 22: ${SPACE}`],
      [2, 'source.url', `a tab at character 22: ${SPACE}`],
      [3, 'source.url', `a space at character 1: ${SPACE}`],
      [4, 'source.url', `a line break at character 22: ${SPACE}`],
      [5, 'source.url', `white space (U+00A0) at character 22: ${SPACE}`],
      [6, 'source.url', `a space at character 12: ${SPACE}`],
      [7, 'source.url', `a space at character 22: ${SPACE}`],
    ]);
    expect(report.added).toBe(1);
    const urls = (await all(store))
      .filter((e) => e.type === 'ReportCaptured')
      .map((e) => (e.data as { url: string }).url);
    expect(urls).toEqual(['https://example.com/a%20b']);
  });

  it('rejects a raw event whose URL holds white space, at its path', async () => {
    const { store, reportId } = await storeWithClaim();
    const before = (await all(store)).length;
    const report = await ingest(store, [
      event('ReportCaptured', {
        reportId: 'the-diplomat-2023-03-28-spaced',
        sourceId: 'the-diplomat',
        url: 'https://example.com/a b',
        title: 't',
        author: null,
        published: day('2023-03-28'),
        retrieved: null,
      }),
      event('ReportRevised', { reportId, changes: { url: 'https://example.com/\tb' }, reason: 'moved' }),
    ]);
    expect(problems(report)).toEqual([
      [1, 'event.data.url', `a space at character 22: ${SPACE}`],
      [2, 'event.data.changes.url', `a tab at character 21: ${SPACE}`],
    ]);
    expect((await all(store)).length).toBe(before);
  });
});
