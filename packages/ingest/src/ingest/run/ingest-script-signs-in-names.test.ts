// Two invisible formatting characters (Unicode Cf) belong to the writing of a name in their place:
// the Mongolian vowel separator (U+180E) between Mongolian letters, before a word's final vowel
// (ᠲᠡᠷᠭᠡ᠎ᠡ), and the Arabic number signs (U+0600–U+0605, U+06DD, U+08E2), which stand directly
// before the digits they span. Anywhere else they are debris, as any other such character is.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { nameCharIssues } from '../../records/claim-record.js';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();

const MVS = '\u180e';

const KEPT = [
  `ᠲᠡᠷᠭᠡ${MVS}ᠡ ᠰᠣᠨᠢᠨ`,
  `ᠬᠠᠭ᠋ᠠ${MVS}ᠠ`,
  'ᠭ᠋ᠠᠵᠠᠷ',
  'شارع \u0600١٥',
  'سنة \u0601١٤٤٤',
  'Route \u060015',
  'آية \u06dd٣',
  'آية \u08e2٧',
  '\u0605٢ ملاحظة',
];

const REFUSED: [string, string][] = [
  [`Zabihullah Mu${MVS}jahid`, 'a Mongolian vowel separator (U+180E) at character 14'],
  [`${MVS}ᠲᠡᠷᠭᠡ`, 'a Mongolian vowel separator (U+180E) at character 1'],
  [`ᠲᠡᠷᠭᠡ${MVS}`, 'a Mongolian vowel separator (U+180E) at character 6'],
  [`ᠲᠡᠷᠭᠡ${MVS} ᠡ`, 'a Mongolian vowel separator (U+180E) at character 6'],
  [`ᠲᠡᠷᠭᠡ${MVS}a`, 'a Mongolian vowel separator (U+180E) at character 6'],
  ['شارع \u0600 ١٥', 'an Arabic number sign (U+0600) at character 6'],
  ['شارع\u0600', 'an Arabic number sign (U+0600) at character 5'],
  ['Zabihullah \u06ddMujahid', 'an Arabic end of ayah (U+06DD) at character 12'],
  ['\u08e2 Mujahid', 'an Arabic disputed end of ayah (U+08E2) at character 1'],
  ['Mu\u0605jahid 5', 'an Arabic number mark above (U+0605) at character 3'],
];

describe('ingest: the Mongolian vowel separator and the Arabic number signs in a name', () => {
  it('keeps each where its script puts it, as part of the name', async () => {
    const records = KEPT.map((claimant, i) => claimRecord({ id: `kept-${i}`, claimant }));
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected).toEqual([]);
    expect((await claims(store)).map((c) => c.claimant.asWritten)).toEqual(KEPT);
  });

  it('rejects each anywhere else, naming it and where it is', async () => {
    const records = REFUSED.map(([claimant], i) => claimRecord({ id: `refused-${i}`, claimant }));
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected.map((r) => [r.line, r.path])).toEqual(REFUSED.map((_, i) => [i + 1, 'claimant']));
    for (const [i, [, told]] of REFUSED.entries())
      expect(report.rejected[i]?.message, REFUSED[i]![0]).toContain(`holds ${told},`);
    expect(await claims(store)).toEqual([]);
  });

  it('reads a name in a raw event by the same rule', () => {
    for (const name of KEPT) expect(nameCharIssues(name), name).toEqual([]);
    for (const [name, told] of REFUSED)
      expect(nameCharIssues(name), name).toEqual([expect.stringContaining(told)]);
  });
});
