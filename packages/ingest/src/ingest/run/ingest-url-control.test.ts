// A web address holding a control character (NUL, ESC, DEL, a C1 control) is rejected at its field,
// as white space is: the URL parser drops one at either end and percent-encodes one inside, so the
// report would be stored under an address other than the one written, and share its id with it.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { all } from '../test-kit/ingest-test-kit.js';
import { event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const CONTROL = 'a URL holds none; write it percent-encoded if the address has it';

describe('ingest: a control character in a URL', () => {
  it('rejects a source.url holding one anywhere, naming the first and where it is', async () => {
    const store = new MemoryEventStore();
    const withUrl = (id: string, url: string) => claimRecord({ id, source: { ...SOURCE, url } });
    const report = await ingest(store, [
      withUrl('a', 'https://example.com/a\u0001'), // 1: the parser would drop it
      withUrl('b', 'https://example.com/\u0000b'), // 2: the parser would write %00
      withUrl('c', 'https://example.com/c\u001b[31m'), // 3
      withUrl('d', 'https://example.com/d\u007f'), // 4
      withUrl('e', 'https://example.com/e\u0085'), // 5: a C1 control
      withUrl('f', '\u0002https://example.com/f'), // 6
      {
        type: 'retraction',
        claim: 'g',
        reason: 'r',
        source: { ...SOURCE, url: 'https://example.com/\u0007' },
      }, // 7
      withUrl('h', 'https://example.com/a'), // 8: taken
      withUrl('i', 'https://example.com/a\tb\u0001'), // 9: white space first, told as such
    ]);
    expect(problems(report)).toEqual([
      [1, 'source.url', `the control character U+0001 at character 22: ${CONTROL} (%01)`],
      [2, 'source.url', `the control character U+0000 at character 21: ${CONTROL} (%00)`],
      [3, 'source.url', `the control character U+001B at character 22: ${CONTROL} (%1B)`],
      [4, 'source.url', `the control character U+007F at character 22: ${CONTROL} (%7F)`],
      [5, 'source.url', `the control character U+0085 at character 22: ${CONTROL} (%C2%85)`],
      [6, 'source.url', `the control character U+0002 at character 1: ${CONTROL} (%02)`],
      [7, 'source.url', `the control character U+0007 at character 21: ${CONTROL} (%07)`],
      [9, 'source.url', expect.stringMatching(/^a tab at character 22: /)],
    ]);
    // The one address taken is stored as written, and no report under another's id.
    const urls = (await all(store))
      .filter((e) => e.type === 'ReportCaptured')
      .map((e) => (e.data as { url: string }).url);
    expect(urls).toEqual(['https://example.com/a']);
  });

  it('rejects a raw event whose URL holds one, at its path', async () => {
    const { store, reportId } = await storeWithClaim();
    const before = (await all(store)).length;
    const report = await ingest(store, [
      event('ReportRevised', { reportId, changes: { url: 'https://example.com/\u0000' }, reason: 'moved' }),
    ]);
    expect(problems(report)).toEqual([
      [1, 'event.data.changes.url', `the control character U+0000 at character 21: ${CONTROL} (%00)`],
    ]);
    expect((await all(store)).length).toBe(before);
  });
});
