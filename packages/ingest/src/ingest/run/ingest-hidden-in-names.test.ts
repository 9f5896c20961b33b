// An invisible formatting character inside a name or an id (a soft hyphen, a zero-width space, a
// byte order mark, a bidirectional override) makes it another outlet, person, place or claim where
// it looks the same, and splits the independent origins analysts count: it is rejected at the field,
// naming the character. A joiner in Persian text and a direction mark in a right-to-left name are
// part of the name, and a quote keeps what it holds, but for a byte order mark.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claims, folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();
const tail =
  'which no reader sees and which makes it another name than the one it looks like (another outlet, person or place); it is most often debris of copying from a web page: remove it';

describe('ingest: invisible characters in names and ids', () => {
  it('rejects one in a name or an id at its field, naming it and where it is', async () => {
    const records = [
      claimRecord({ id: 'a', source: { ...SOURCE, outlet: 'The Dip\u00adlomat' } }),
      claimRecord({ id: 'b', claimant: 'Zabihullah Mu\u200bjahid' }),
      claimRecord({ id: 'c', mission: { country: 'Tajikistan', city: 'Kho\u2060rog', kind: 'consulate' } }),
      claimRecord({ id: 'd', via: [{ name: 'Tolo\u202e News', relation: 'quotes' }] }),
      claimRecord({ id: 'e\u200b2' }),
      claimRecord({ id: 'f', quote: 'They\uFEFF visited.' }),
      claimRecord({ id: 'g', claimant: '\uFEFFZabihullah Mujahid' }),
    ];
    const report = await ingest(new MemoryEventStore(), folder.file('in.ndjson', ndjson(records)));
    expect(report.added).toBe(0);
    expect(report.rejected).toEqual([
      { line: 1, path: 'source.outlet', message: `holds a soft hyphen (U+00AD) at character 8, ${tail}` },
      { line: 2, path: 'claimant', message: `holds a zero-width space (U+200B) at character 14, ${tail}` },
      { line: 3, path: 'mission.city', message: `holds a word joiner (U+2060) at character 4, ${tail}` },
      {
        line: 4,
        path: 'via.0.name',
        message: `holds a right-to-left override (U+202E) at character 5, ${tail}`,
      },
      {
        line: 5,
        path: 'id',
        message:
          'holds a zero-width space (U+200B) at character 2, which no reader sees and which an id would read as a "-", so it would name another claim than the one it looks like: remove it',
      },
      {
        line: 6,
        path: 'quote',
        message:
          'holds a byte order mark (U+FEFF) at character 5, which only the start of a file may hold, not text: were two texts joined together? Remove it',
      },
      { line: 7, path: 'claimant', message: `holds a byte order mark (U+FEFF) at character 1, ${tail}` },
    ]);
  });

  it('keeps a joiner in Persian, a direction mark in a right-to-left name, and what a quote holds', async () => {
    const records = [
      claimRecord({ id: 'a', claimant: 'ذبیح‌الله مجاهد', quote: 'they\u200b visited\u00ad \u200fhere' }),
      claimRecord({ id: 'b', source: { ...SOURCE, outlet: '\u200fطلوع نیوز' }, notes: 'seen\u200b' }),
    ];
    const store = new MemoryEventStore();
    const report = await ingest(store, folder.file('in.ndjson', ndjson(records)));
    expect(report.rejected).toEqual([]);
    expect((await claims(store)).map((c) => c.claimant.asWritten)).toEqual([
      'ذبیح‌الله مجاهد',
      'Taliban Foreign Ministry spokesman',
    ]);
  });
});
