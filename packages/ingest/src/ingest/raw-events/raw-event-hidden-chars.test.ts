// An event record's names are held to a claim record's rules on characters no reader sees: an
// invisible formatting character (a zero-width space, a soft hyphen, a right-to-left override) or
// a control character (an escape, a tab) inside a name would make it another actor, outlet, place
// or origin where it looks the same, and is rejected at its path; a quote, a rationale and notes
// hold no byte order mark. Persian joiners and direction marks in right-to-left names are taken, and
// a quote keeps the rest of what it holds.
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';

const HIDDEN =
  'which no reader sees and which makes it another name than the one it looks like (another outlet, person or place); it is most often debris of copying from a web page: remove it';
const CONTROL =
  'which no name holds and which makes it another name than the one it looks like (another outlet, person or place); it is most often debris of copying from a terminal or a web page: remove it';
const LINE =
  'which no name holds: a name is written on one line, its words parted by spaces; write a space there';
const BOM = (at: number) =>
  `holds a byte order mark (U+FEFF) at character ${at}, which only the start of a file may hold, not text: were two texts joined together? Remove it`;

describe('ingest: invisible and control characters in event records', () => {
  it('rejects one in a name at its path, and a byte order mark in a text, as a claim record would', async () => {
    const { store, rawClaim } = await storeWithClaim();
    const before = (await all(store)).length;
    const report = await ingest(store, [
      event('ActorRegistered', {
        actorId: 'mujahid',
        name: 'Zabihullah Mu\u200bjahid',
        kind: 'person',
        aliases: ['Zabihullah \u001b[31mMujahid'],
      }), // 1
      rawClaim('c2', { claimant: { asWritten: 'Embassy \u202enaht\u202c spokesman', actorId: null } }), // 2
      rawClaim('c3', {
        via: [{ name: 'Tolo\tNews', relation: 'cites' }],
        quote: 'they\uFEFF came',
        notes: 'n\uFEFF',
      }), // 3
      event('MissionRegistered', {
        missionId: 'tj-kulob-consulate',
        name: 'Consulate in Ku\u00adlob',
        kind: 'consulate',
        country: 'Tajikistan',
        city: 'Kulob\u0007',
        aliases: [],
      }), // 4
      event('AliasAdded', { subject: 'actor', id: 'taliban', alias: 'Tali\u2060ban movement' }), // 5
      event('SourceRegistered', { sourceId: 'tolo', outlet: '\uFEFFTolo News', kind: 'news-outlet' }), // 6
      event('ClaimRetracted', { claimId: 'first', reportId: null, reason: 'withdrawn\nby them', quote: 'q' }), // 7
      event('ClaimCorrected', {
        claimId: 'first',
        changes: { claimant: { asWritten: 'A\u0000B', actorId: null } },
        reason: 'r',
        correctedBy: 'ana\u200blyst',
      }), // 8
    ]);
    expect(problems(report)).toEqual([
      [1, 'event.data.name', `holds a zero-width space (U+200B) at character 14, ${HIDDEN}`],
      [1, 'event.data.aliases.0', `holds the control character U+001B at character 12, ${CONTROL}`],
      [
        2,
        'event.data.claimant.asWritten',
        `holds a right-to-left override (U+202E) at character 9, ${HIDDEN}`,
      ],
      [3, 'event.data.via.0.name', `holds a tab (U+0009) at character 5, ${LINE}`],
      [3, 'event.data.quote', BOM(5)],
      [3, 'event.data.notes', BOM(2)],
      [4, 'event.data.name', `holds a soft hyphen (U+00AD) at character 16, ${HIDDEN}`],
      [4, 'event.data.city', `holds the control character U+0007 at character 6, ${CONTROL}`],
      [5, 'event.data.alias', `holds a word joiner (U+2060) at character 5, ${HIDDEN}`],
      [6, 'event.data.outlet', `holds a byte order mark (U+FEFF) at character 1, ${HIDDEN}`],
      [7, 'event.data.reason', `holds a line break (U+000A) at character 10, ${LINE}`],
      [
        8,
        'event.data.changes.claimant.asWritten',
        `holds the control character U+0000 at character 2, ${CONTROL}`,
      ],
      [8, 'event.data.correctedBy', `holds a zero-width space (U+200B) at character 4, ${HIDDEN}`],
    ]);
    expect(report.added).toBe(0);
    expect((await all(store)).length).toBe(before);
  });

  it('takes a joiner in Persian, a direction mark in a right-to-left name, and what a quote holds', async () => {
    const { store, rawClaim } = await storeWithClaim();
    const quote = 'they\u200b came \u001b[1mhere\u202e';
    const report = await ingest(store, [
      rawClaim('persian', {
        claimant: { asWritten: 'ذبیح‌الله مجاهد', actorId: null },
        via: [{ name: '\u200fطلوع نیوز', relation: 'cites' }],
        quote,
        notes: 'seen\u0007',
      }),
    ]);
    expect([report.added, report.rejected]).toEqual([1, []]);
    const stored = (await claims(store)).find((c) => c.claimId === 'persian')!;
    expect([stored.claimant.asWritten, stored.quote]).toEqual(['ذبیح‌الله مجاهد', quote]);
  });
});
