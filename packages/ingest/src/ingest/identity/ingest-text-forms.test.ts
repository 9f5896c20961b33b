// One text in two Unicode forms (é as one code point, or e and U+0301, as macOS often saves it) is
// one text to ingest: the same record in either form is one claim and one report, the form stored
// first stands as written, and a store written before the forms were taken as one is found again.
import { claimStream, reportStream, sourceStream } from '@kb/domain';
import { deterministicId, MemoryEventStore, type StoredEvent } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { reportIdOf, reportKeyOf, sourceIdOf } from './ids.js';
import { composedText } from './text-form.js';

type Form = 'NFC' | 'NFD';

/** A claim with accented text everywhere ids or comparisons read it: outlet (Cyrillic ӣ), URL, title, claimant, quote. */
type Accented = Record<string, unknown> & { readonly quote: string; readonly source: object };

function accented(form: Form, id?: string): Accented {
  const n = (text: string) => text.normalize(form);
  const { id: _, ...record } = claimRecord({
    claimant: n('Porte-parole du ministère'),
    source: {
      outlet: n('Озодӣ'),
      url: n('https://lemonde.fr/article-café'),
      title: n('Café à Khorog'),
      published: '2023-03-28',
    },
    quote: n('Une délégation est arrivée au consulat'),
  });
  return (id === undefined ? record : { id, ...record }) as Accented;
}

// The claim with an id says otherwise than the one without: the same content would be noted as a twin.
const file = (form: Form) => [accented(form), { ...accented(form, 'explicit-1'), stance: 'confirms' }];

// Today's ids, from either form: the outlet, with no Latin letters, by its name's key (ids.ts sourceIdOf).
const TODAY_IDS = {
  source: 'outlet-49869d7576',
  report: 'outlet-49869d7576-2023-03-28-b11295fe5c',
  claim: 'tj-khorog-consulate-visit-d5eac3f549bdde96',
};
// The ids an ingest derived from NFC text before 2026-12-08 (pinned from that code), the outlet by a
// hash of its composed text; from either form from 2026-12-06 on.
const NFC_IDS = {
  source: 'outlet-e264d6a4fb',
  report: 'outlet-e264d6a4fb-2023-03-28-b11295fe5c',
  claim: 'tj-khorog-consulate-visit-e3b20d524afa0cb8',
};
const NFD_IDS_BEFORE = {
  source: 'outlet-571c4d9562',
  report: 'outlet-571c4d9562-2023-03-28-daa922252d',
  claim: 'tj-khorog-consulate-visit-d863d7b9d5b84064',
};

async function ids(store: MemoryEventStore) {
  const events = await all(store);
  const of = (type: string, key: string) =>
    events.filter((e) => e.type === type).map((e) => (e.data as Record<string, string>)[key]);
  return {
    sources: of('SourceRegistered', 'sourceId'),
    reports: of('ReportCaptured', 'reportId'),
    claims: of('ClaimRecorded', 'claimId'),
  };
}

describe('ingest: text in composed (NFC) and decomposed (NFD) form', () => {
  it('the texts really differ as written', () => {
    expect(JSON.stringify(file('NFC'))).not.toBe(JSON.stringify(file('NFD')));
  });

  it.each([
    ['NFC', 'NFD'],
    ['NFD', 'NFC'],
  ] as const)(
    'a %s file then the same in %s adds nothing: the explicit id is already present, not rejected',
    async (first, second) => {
      const store = new MemoryEventStore();
      expect(await ingest(store, file(first))).toMatchObject({ added: 2, rejectedLines: 0 });
      const before = (await all(store)).length;
      const again = await ingest(store, file(second));
      expect(again).toMatchObject({ added: 0, skipped: 2, eventsAppended: 0, rejectedLines: 0, notices: [] });
      expect((await all(store)).length).toBe(before);
      // Today's ids either way.
      expect(await ids(store)).toEqual({
        sources: [TODAY_IDS.source],
        reports: [TODAY_IDS.report],
        claims: [TODAY_IDS.claim, 'explicit-1'],
      });
      // The form stored first stands, as written.
      const quotes = (await claims(store)).map((c) => c.quote);
      expect(quotes).toEqual([accented(first).quote, accented(first).quote]);
    },
  );

  it('both forms in one input, in one batch or two, are one claim each', async () => {
    for (const batchSize of [1, 100]) {
      const store = new MemoryEventStore();
      const report = await ingest(store, [...file('NFD'), ...file('NFC')], { batchSize });
      expect(report).toMatchObject({ added: 2, skipped: 2, rejectedLines: 0, notices: [] });
      expect((await ids(store)).claims).toEqual([TODAY_IDS.claim, 'explicit-1']);
    }
  });

  it('a claim that differs in more than form is still refused, naming only what differs', async () => {
    const store = new MemoryEventStore();
    await ingest(store, file('NFC'));
    const report = await ingest(store, [{ ...accented('NFD', 'explicit-1'), stance: 'denies' }]);
    expect(report.rejected).toEqual([
      expect.objectContaining({
        path: 'id',
        message: expect.stringContaining(
          'claim "explicit-1" is already stored with different content (stance differs)',
        ),
      }),
    ]);
  });

  it('a store an earlier version wrote from NFD text keeps its ids: the same file again adds nothing', async () => {
    const store = await storeWrittenBefore(file('NFD'));
    expect(await ids(store)).toEqual({
      sources: [NFD_IDS_BEFORE.source],
      reports: [NFD_IDS_BEFORE.report],
      claims: [NFD_IDS_BEFORE.claim, 'explicit-1'],
    });
    const count = (await all(store)).length;
    const again = await ingest(store, file('NFD'));
    expect(again).toMatchObject({ added: 0, skipped: 2, eventsAppended: 0, rejectedLines: 0 });
    expect((await all(store)).length).toBe(count);
  });

  it('a new report of an outlet an earlier version registered from NFD text keeps that outlet', async () => {
    const store = await storeWrittenBefore(file('NFD'));
    const other = accented('NFD', 'explicit-2');
    const source = { ...other.source, url: 'https://lemonde.fr/autre', title: 'Autre' };
    expect(await ingest(store, [{ ...other, source }])).toMatchObject({ added: 1, rejectedLines: 0 });
    const { sources, reports } = await ids(store);
    expect(sources).toEqual([NFD_IDS_BEFORE.source]);
    expect(reports[1]?.startsWith(`${NFD_IDS_BEFORE.source}-2023-03-28-`)).toBe(true);
  });

  it.each(['NFC', 'NFD'] as const)(
    'a store written before outlets were known by their key keeps its ids: the same file in %s adds nothing',
    async (form) => {
      const before = [
        [TODAY_IDS.report, NFC_IDS.report],
        [TODAY_IDS.source, NFC_IDS.source],
        [TODAY_IDS.claim, NFC_IDS.claim],
      ] as const;
      const store = await storeWrittenBefore(file('NFC'), before);
      expect(await ids(store)).toEqual({
        sources: [NFC_IDS.source],
        reports: [NFC_IDS.report],
        claims: [NFC_IDS.claim, 'explicit-1'],
      });
      const count = (await all(store)).length;
      const again = await ingest(store, file(form));
      expect(again).toMatchObject({ added: 0, skipped: 2, eventsAppended: 0, rejectedLines: 0 });
      expect((await all(store)).length).toBe(count);
      // A new report of that outlet is under the outlet as stored.
      const other = accented(form, 'explicit-2');
      const source = { ...other.source, url: 'https://lemonde.fr/autre', title: 'Autre' };
      expect(await ingest(store, [{ ...other, source }])).toMatchObject({ added: 1, rejectedLines: 0 });
      const { sources, reports } = await ids(store);
      expect(sources).toEqual([NFC_IDS.source]);
      expect(reports[1]?.startsWith(`${NFC_IDS.source}-2023-03-28-`)).toBe(true);
    },
  );

  it('the NFC form of a report an earlier version stored from NFD text is a second report, and noted', async () => {
    // A Latin outlet: the report's URL alone is written in another form.
    const leMonde = (form: Form, id: string) => {
      const record = accented(form, id);
      return { ...record, source: { ...record.source, outlet: 'Le Monde' } };
    };
    const [today, before] = ['le-monde-2023-03-28-b11295fe5c', 'le-monde-2023-03-28-daa922252d'];
    const store = await storeWrittenBefore([leMonde('NFD', 'explicit-1')], [[today, before]]);
    const report = await ingest(store, [leMonde('NFC', 'explicit-2')]);
    expect(report).toMatchObject({ added: 1, rejectedLines: 0 });
    expect((await ids(store)).reports).toEqual([before, today]);
    expect(report.notices).toEqual([
      {
        line: 1,
        lines: 1,
        path: 'source.url',
        message: `report "${today}" is a second report for its URL: report "${before}" has the same URL written in another Unicode form (é as one character, or as e and an accent), stored before ingest took both forms as one text; to name that report, write the line's source in the form that report was written in`,
      },
    ]);
  });

  it('reads no claim stream for decomposed text under reports this run stores, and each earlier-form report once', async () => {
    const reads: string[] = [];
    class Counting extends MemoryEventStore {
      override readStream(stream: string, options?: Parameters<MemoryEventStore['readStream']>[1]) {
        reads.push(stream);
        return super.readStream(stream, options);
      }
    }
    const store = new Counting();
    const records = Array.from({ length: 30 }, (_, i) => ({
      ...accented('NFD'),
      quote: `Une délégation n°${i}`.normalize('NFD'),
    }));
    const report = await ingest(store, records, { batchSize: 5 });
    expect(report).toMatchObject({ added: 30, rejectedLines: 0 });
    // Its claims' earlier ids could only be under a report stored before the run: none is read.
    expect(reads.filter((s) => s.startsWith(claimStream('')))).toEqual([]);
    // The report's and outlet's earlier ids are looked for once each, not once a batch.
    expect(reads.filter((s) => s === reportStream(NFD_IDS_BEFORE.report))).toHaveLength(1);
    expect(reads.filter((s) => s === sourceStream(NFD_IDS_BEFORE.source))).toHaveLength(1);
  });
});

/**
 * A store as an earlier ingest wrote `records`: what today's writes, under the ids it gave then
 * (`renamed`, by default NFD_IDS_BEFORE, those of the text as written before composed text), event
 * ids derived from them as ingest derives them.
 */
async function storeWrittenBefore(
  records: readonly unknown[],
  renamed: readonly (readonly [today: string, before: string])[] = [
    [TODAY_IDS.report, NFD_IDS_BEFORE.report],
    [TODAY_IDS.source, NFD_IDS_BEFORE.source],
    [TODAY_IDS.claim, NFD_IDS_BEFORE.claim],
  ],
): Promise<MemoryEventStore> {
  const today = new MemoryEventStore();
  await ingest(today, records);
  const swap = (text: string) => renamed.reduce((out, [now, then]) => out.replaceAll(now, then), text);
  const store = new MemoryEventStore();
  for (const event of await all(today)) {
    const data = JSON.parse(swap(JSON.stringify(event.data))) as {
      sourceId?: string;
      reportId?: string;
      claimId?: string;
    };
    const entity: Record<string, string | undefined> = {
      SourceRegistered: data.sourceId,
      ReportCaptured: data.reportId,
      ClaimRecorded: data.claimId,
    };
    const key = entity[event.type];
    await store.append(swap(event.stream), [
      {
        id: key === undefined ? event.id : deterministicId(event.type, key),
        type: event.type,
        version: event.version,
        data,
        metadata: JSON.parse(swap(JSON.stringify(event.metadata))) as StoredEvent['metadata'],
      },
    ]);
  }
  return store;
}

describe('composedText', () => {
  it('gives what normalize("NFC") gives, skipping text whose every character is below U+0300', () => {
    // Each character below U+0300 is its own composed form, alone and beside any other of them.
    const below = Array.from({ length: 0x300 }, (_, c) => String.fromCodePoint(c)).join('');
    expect(below.normalize('NFC')).toBe(below);
    expect([...below].reverse().join('').normalize('NFC')).toBe([...below].reverse().join(''));
    for (const text of [
      'The Diplomat',
      'Ministère',
      'Ministe\u0300re',
      'Озодӣ'.normalize('NFD'),
      'A\u030a',
      '\u212b',
      'e\u0301\u0323',
      '한국어'.normalize('NFD'),
      '😀 x',
    ]) {
      expect(composedText(text), JSON.stringify(text)).toBe(text.normalize('NFC'));
    }
  });
});

describe('ingest: decomposed text in one field only', () => {
  it('a report an earlier version stored from a NFD title, with a Latin outlet and no URL, keeps its id: a re-run adds nothing', async () => {
    // The outlet's id is the same in either form; only the report's (a hash of the title) differs.
    const source = { outlet: 'The Diplomat', title: 'Cafe\u0301 diplomacy', published: '2023-03-28' };
    const record = claimRecord({ id: 'explicit-t', source });
    const today = reportIdOf(sourceIdOf(source.outlet), source.published, reportKeyOf(source));
    // What that version derived: the key of the title as written, lower-cased.
    const before = reportIdOf(
      'the-diplomat',
      '2023-03-28',
      `doc:the-diplomat|${source.title.toLowerCase()}|2023-03-28`,
    );
    expect(before).not.toBe(today);
    const store = await storeWrittenBefore([record], [[today, before]]);
    expect((await ids(store)).reports).toEqual([before]);
    const count = (await all(store)).length;
    const again = await ingest(store, [record]);
    expect(again).toMatchObject({ added: 0, skipped: 1, eventsAppended: 0, rejectedLines: 0 });
    expect((await all(store)).length).toBe(count);
  });

  it('a claim whose via name is written NFD, then NFC, is one claim', async () => {
    const withVia = (form: Form) =>
      claimRecord({
        id: 'via-1',
        via: [{ name: 'Ozodi Radio Libe\u0301re'.normalize(form), relation: 'cites' }],
      });
    const store = new MemoryEventStore();
    expect(await ingest(store, [withVia('NFD')])).toMatchObject({ added: 1, rejectedLines: 0 });
    expect(await ingest(store, [withVia('NFC')])).toMatchObject({ added: 0, skipped: 1, rejectedLines: 0 });
    expect((await claims(store)).map((c) => c.via[0]?.name)).toEqual(['Ozodi Radio Libe\u0301re']);
  });
});
