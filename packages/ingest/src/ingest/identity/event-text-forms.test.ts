// Retractions, corrections and event records in two Unicode forms (é as one code point, or e and
// U+0301): the same one in either form is one event, as a claim is (ingest-text-forms.test.ts), its
// id that of the composed text, and a store an earlier version wrote from decomposed text is found
// again under the ids that text gave then.
import { deterministicId, MemoryEventStore, type StoredEvent } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

type Form = 'NFC' | 'NFD';
const KINDS = ['ClaimCorrected', 'ClaimRetracted', 'SourceGraded'] as const;

/** A claim, then a correction, a retraction and a raw event whose keys hold accented text, in `form`. */
function file(form: Form, suffix = ''): unknown[] {
  const n = (text: string) => `${text}${suffix}`.normalize(form);
  return [
    claimRecord({ id: 'khorog-visit' }),
    {
      type: 'correction',
      claim: 'khorog-visit',
      changes: { quote: n('Une délégation est arrivée') },
      reason: n('Citation corrigée'),
      by: n('Équipe'),
    },
    {
      type: 'retraction',
      claim: 'khorog-visit',
      reason: n('Démenti par le ministère'),
      quote: n('Aucune délégation n’est venue'),
    },
    {
      type: 'event',
      event: {
        type: 'SourceGraded',
        data: {
          sourceId: 'the-diplomat',
          reliability: 'B',
          rationale: n('Vérifié à la source'),
          gradedBy: n('Équipe'),
        },
      },
    },
  ];
}

// The ids an ingest before composed text gave these events (pinned from that code, at 5118b00): from
// NFC text, today's too; from NFD text, those a store it wrote holds.
const NFC_IDS = {
  ClaimCorrected: 'f545064f-3781-8c56-974c-82cbf977b271',
  ClaimRetracted: '7b0536ff-13ee-8bd0-993f-6e4b3df61193',
  SourceGraded: 'b7484de1-91a8-88e1-a3ed-74d336552e35',
};
const NFD_IDS_BEFORE = {
  ClaimCorrected: '1506aeaa-c2f8-8738-a94c-2ad07fbd6455',
  ClaimRetracted: '237749ae-a3d9-8f07-927a-19f650885cb7',
  SourceGraded: '918c62b9-c278-859a-aec1-a4cbddf71d7d',
};

/** The ids of the corrections, retractions and grades stored, by type. */
async function eventIds(store: MemoryEventStore): Promise<Record<string, string[]>> {
  const events = await all(store);
  return Object.fromEntries(
    KINDS.map((type) => [type, events.filter((e) => e.type === type).map((e) => e.id)]),
  );
}

describe('ingest: retractions, corrections and event records in composed (NFC) and decomposed (NFD) form', () => {
  it('the texts really differ as written', () => {
    expect(JSON.stringify(file('NFC'))).not.toBe(JSON.stringify(file('NFD')));
  });

  it.each([
    ['NFC', 'NFD'],
    ['NFD', 'NFC'],
  ] as const)(
    'a %s file then the same in %s adds nothing, under the ids composed text always gave',
    async (first, second) => {
      const store = new MemoryEventStore();
      expect(await ingest(store, file(first))).toMatchObject({ added: 4, rejectedLines: 0 });
      const count = (await all(store)).length;
      const again = await ingest(store, file(second));
      // The one note is the source-less retraction's, given each time the line is read.
      expect(again).toMatchObject({ added: 0, skipped: 4, eventsAppended: 0, rejectedLines: 0 });
      expect(again.notices.map((n) => [n.line, n.path])).toEqual([[3, 'source']]);
      expect((await all(store)).length).toBe(count);
      expect(await eventIds(store)).toEqual({
        ClaimCorrected: [NFC_IDS.ClaimCorrected],
        ClaimRetracted: [NFC_IDS.ClaimRetracted],
        SourceGraded: [NFC_IDS.SourceGraded],
      });
      // The form stored first stands, as written.
      const retraction = (await all(store)).find((e) => e.type === 'ClaimRetracted')!;
      expect((retraction.data as { reason: string }).reason).toBe(
        'Démenti par le ministère'.normalize(first),
      );
    },
  );

  it('both forms in one input, in one batch or two, are one event each', async () => {
    for (const batchSize of [1, 100]) {
      const store = new MemoryEventStore();
      const report = await ingest(store, [...file('NFD'), ...file('NFC').slice(1)], { batchSize });
      expect(report).toMatchObject({ added: 4, skipped: 3, rejectedLines: 0 });
      expect(await eventIds(store)).toEqual({
        ClaimCorrected: [NFC_IDS.ClaimCorrected],
        ClaimRetracted: [NFC_IDS.ClaimRetracted],
        SourceGraded: [NFC_IDS.SourceGraded],
      });
    }
  });

  it('a store an earlier version wrote from NFD text keeps its ids: the same file again adds nothing', async () => {
    const store = await storeWrittenBefore(file('NFD'));
    expect(await eventIds(store)).toEqual({
      ClaimCorrected: [NFD_IDS_BEFORE.ClaimCorrected],
      ClaimRetracted: [NFD_IDS_BEFORE.ClaimRetracted],
      SourceGraded: [NFD_IDS_BEFORE.SourceGraded],
    });
    const count = (await all(store)).length;
    const again = await ingest(store, file('NFD'));
    expect(again).toMatchObject({ added: 0, skipped: 4, eventsAppended: 0, rejectedLines: 0 });
    expect((await all(store)).length).toBe(count);
    // Other decomposed text under the same claim and outlet is new, under the composed text's id.
    const other = await ingest(store, file('NFD', ' (bis)').slice(1));
    expect(other).toMatchObject({ added: 3, rejectedLines: 0 });
  });

  it('a correction that puts back a value in the other form is held to what the claim now holds', async () => {
    const store = new MemoryEventStore();
    const dated = (day: string, form: Form) => ({
      type: 'correction',
      claim: 'khorog-visit',
      changes: { occurred: day },
      reason: 'Date mal lue, corrigée'.normalize(form),
      by: 'analyst',
    });
    await ingest(store, [
      claimRecord({ id: 'khorog-visit' }),
      dated('2023-03-21', 'NFD'),
      dated('2023-03-22', 'NFD'),
    ]);
    const again = await ingest(store, [dated('2023-03-21', 'NFC')]);
    expect(again).toMatchObject({ added: 0, skipped: 0, rejectedLines: 1 });
    expect(again.rejected).toEqual([
      expect.objectContaining({
        path: 'changes.occurred',
        message: expect.stringContaining("the claim's occurred has since been changed to 2023-03-22"),
      }),
    ]);
  });

  it('reads no more for decomposed text than for composed under a claim and outlet this run stores, but one look at each stream', async () => {
    const reads = async (form: Form) => {
      const streams: string[] = [];
      class Counting extends MemoryEventStore {
        override readStream(stream: string, options?: Parameters<MemoryEventStore['readStream']>[1]) {
          streams.push(stream);
          return super.readStream(stream, options);
        }
      }
      const records = [
        file(form)[0],
        ...Array.from({ length: 10 }, (_, i) => file(form, ` n°${i}`).slice(1)).flat(),
      ];
      const report = await ingest(new Counting(), records, { batchSize: 5 });
      expect(report).toMatchObject({ added: 31, rejectedLines: 0 });
      return streams;
    };
    const composed = await reads('NFC');
    const decomposed = await reads('NFD');
    // Whether the claim's and the outlet's streams were stored before the run, asked once each: the
    // claim's while its line was pending in the first batch, the outlet's for its ten grades.
    const more = (stream: string) =>
      decomposed.filter((s) => s === stream).length - composed.filter((s) => s === stream).length;
    expect(decomposed.length).toBe(composed.length + 2);
    expect([more('claim-khorog-visit'), more('source-the-diplomat')]).toEqual([1, 1]);
  });
});

/**
 * A store as an ingest before composed text wrote `records`: what today's writes, each correction,
 * retraction and grade under the id its text as written gave then (NFD_IDS_BEFORE).
 */
async function storeWrittenBefore(records: readonly unknown[]): Promise<MemoryEventStore> {
  const today = new MemoryEventStore();
  await ingest(today, records);
  const store = new MemoryEventStore();
  for (const event of await all(today)) {
    const before = (NFD_IDS_BEFORE as Record<string, string | undefined>)[event.type];
    const { id, type, version, data, metadata } = event;
    await store.append(event.stream, [
      { id: before ?? id, type, version, data, metadata: metadata as StoredEvent['metadata'] },
    ]);
  }
  return store;
}

// deterministicId is how the pinned ids were made; a check that they still name what they did.
describe('the pinned ids', () => {
  it('are the content keys an ingest before composed text derived from the NFC text', () => {
    expect(
      deterministicId('ClaimRetracted', 'khorog-visit', '', 'Démenti par le ministère'.normalize('NFC')),
    ).toBe(NFC_IDS.ClaimRetracted);
    expect(
      deterministicId('ClaimRetracted', 'khorog-visit', '', 'Démenti par le ministère'.normalize('NFD')),
    ).toBe(NFD_IDS_BEFORE.ClaimRetracted);
  });
});
