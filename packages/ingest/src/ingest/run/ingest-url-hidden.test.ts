// A report's address is stored in an append-only log for good and shown to every auditor who traces
// a claim. Two kinds of address are refused at their field: one carrying a user name or password
// (credentials pasted with a link would be kept and shown for good), and one holding an invisible
// formatting character, such as a right-to-left override that makes an address read as another
// (https://example.com/\u202Efdp.exe is shown ending "exe.pdf").
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { all } from '../test-kit/ingest-test-kit.js';
import { event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const CREDENTIALS =
  'a user name or password before the host: a report is cited by its public address; remove them';
const INVISIBLE = 'a URL holds none; write it percent-encoded if the address has it';

describe('ingest: credentials and invisible characters in a URL', () => {
  it('rejects a source.url carrying a user name or password, and one with an invisible character', async () => {
    const store = new MemoryEventStore();
    const withUrl = (id: string, url: string) => claimRecord({ id, source: { ...SOURCE, url } });
    const report = await ingest(store, [
      withUrl('a', 'https://user:secret@example.com/a'), // 1
      withUrl('b', 'https://token@example.com/b'), // 2: a user name alone
      withUrl('c', 'https://example.com/\u202Efdp.exe'), // 3: right-to-left override
      withUrl('d', 'https://example.com/d\u200B'), // 4: zero-width space
      withUrl('e', 'https://exa\u00ADmple.com/e'), // 5: a soft hyphen in the host
      withUrl('f', 'https://example.com/f?u=a@b'), // 6: taken, an @ after the host
      withUrl('g', 'https://example.com/g%E2%80%AE'), // 7: taken, percent-encoded
    ]);
    expect(problems(report)).toEqual([
      [1, 'source.url', CREDENTIALS],
      [2, 'source.url', CREDENTIALS],
      [3, 'source.url', `the invisible character U+202E at character 21: ${INVISIBLE} (%E2%80%AE)`],
      [4, 'source.url', `the invisible character U+200B at character 22: ${INVISIBLE} (%E2%80%8B)`],
      [5, 'source.url', `the invisible character U+00AD at character 12: ${INVISIBLE} (%C2%AD)`],
    ]);
    const urls = (await all(store))
      .filter((e) => e.type === 'ReportCaptured')
      .map((e) => (e.data as { url: string }).url);
    expect(urls.sort()).toEqual(['https://example.com/f?u=a@b', 'https://example.com/g%E2%80%AE']);
  });

  it('rejects a raw event whose URL carries credentials, at its path', async () => {
    const { store, reportId } = await storeWithClaim();
    const before = (await all(store)).length;
    const report = await ingest(store, [
      event('ReportRevised', { reportId, changes: { url: 'https://u:p@example.com/' }, reason: 'moved' }),
    ]);
    expect(problems(report)).toEqual([[1, 'event.data.changes.url', CREDENTIALS]]);
    expect((await all(store)).length).toBe(before);
  });
});
