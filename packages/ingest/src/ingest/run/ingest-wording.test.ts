// What a rejected line is told: the field that takes a day, a claim that has no id, and a claim
// whose id names another report, which no correction can change.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const rejected = async (store: MemoryEventStore, records: unknown[]) =>
  (await ingest(store, records)).rejected.map((r) => ({ line: r.line, path: r.path, message: r.message }));

describe('ingest: the words of a rejection', () => {
  it('says source.retrieved takes a day, whatever else it was written as', async () => {
    const day = 'expected a day as YYYY-MM-DD, the day the report was read';
    for (const retrieved of ['2023/04/01', '2023-04', '01.04.2023', '2023-04-01/2023-04-02'])
      expect(
        await rejected(new MemoryEventStore(), [claimRecord({ source: { ...SOURCE, retrieved } })]),
      ).toEqual([
        { line: 1, path: 'source.retrieved', message: `${day}; got string ${JSON.stringify(retrieved)}` },
      ]);
    // A day that cannot be is named as before.
    const [impossible] = await rejected(new MemoryEventStore(), [
      claimRecord({ source: { ...SOURCE, retrieved: '2023-02-30' } }),
    ]);
    expect(impossible).toMatchObject({
      path: 'source.retrieved',
      message: expect.stringContaining('2023-02-30'),
    });
  });

  it('says source.published cannot be "earlier", which is relative to a publication date', async () => {
    for (const published of ['earlier', ' Earlier '])
      expect(
        await rejected(new MemoryEventStore(), [claimRecord({ source: { ...SOURCE, published } })]),
      ).toEqual([
        {
          line: 1,
          path: 'source.published',
          message: `"${published.trim()}" is relative to a report's publication date, so it cannot be one: give the date as EDTF, or unknown`,
        },
      ]);
  });

  it('lists for source.published only what a publication date may be: not "earlier"', async () => {
    const dates =
      'an EDTF date such as 2023-03-23, 2023-03, 2022-22 (summer), 2022-06/2022-08, ../2022-07, 2022-03~';
    expect(
      await rejected(new MemoryEventStore(), [
        claimRecord({ source: { ...SOURCE, published: 'yesterday' } }),
      ]),
    ).toEqual([
      {
        line: 1,
        path: 'source.published',
        message: `"yesterday" is not a date we can read; expected ${dates} or "unknown"`,
      },
    ]);
    // A raw report's publication date is told the same; occurred, which may be "earlier", still lists it.
    const report = await ingest(new MemoryEventStore(), [
      claimRecord({ id: 'c-1' }),
      {
        type: 'event',
        event: {
          type: 'ReportCaptured',
          data: {
            reportId: 'the-diplomat-yesterday-0000000000',
            sourceId: 'the-diplomat',
            url: null,
            title: 't',
            author: null,
            published: { text: 'yesterday', earliest: null, latest: null, anchor: null },
            retrieved: null,
          },
        },
      },
      claimRecord({ id: 'c-2', occurred: 'yesterday' }),
    ]);
    expect(report.rejected.map((r) => [r.line, r.path, r.message])).toEqual([
      [
        2,
        'event.data.published.text',
        `"yesterday" is not a date we can read; expected ${dates} or "unknown"`,
      ],
      [3, 'occurred', `"yesterday" is not a date we can read; expected ${dates}, "unknown" or "earlier"`],
    ]);
  });

  it('says a claim without an id has none, at no field, when the id its content derives is stored otherwise', async () => {
    const store = new MemoryEventStore();
    const { id: _, ...noId } = claimRecord();
    expect((await ingest(store, [noId])).added).toBe(1);
    const [clash] = await rejected(store, [{ ...noId, notes: 'added later' }]);
    expect(clash?.path).toBe('');
    expect(clash?.message).toMatch(
      /^this claim has no id, and the one its content derives, "tj-khorog-consulate-visit-[0-9a-f]{16}", is already stored with different content \(notes differs\)/,
    );
    // The same two lines in one input: the second is refused naming the first, as without an id.
    const [inInput] = await rejected(new MemoryEventStore(), [
      { ...noId, notes: 'one' },
      { ...noId, notes: 'two' },
    ]);
    expect(inInput).toMatchObject({ line: 2, path: '' });
    expect(inInput?.message).toMatch(
      /^this claim has no id, and the one its content derives, ".+", appears earlier in this input \(line 1\) with different content \(notes differs\)/,
    );
  });

  it('says which part of the source differs, and what to do instead of a correction, which cannot change it', async () => {
    const store = new MemoryEventStore();
    expect((await ingest(store, [claimRecord({ id: 'c-1' })])).added).toBe(1);
    const advice =
      'A correction cannot change a claim\'s source. If this is another report of the claim, give this line an id of its own (each report is an account of its own); if the stored claim names the wrong report, retract it ({"type":"retraction","claim":"c-1","reason":"..."}) and send this line under a new id';
    const http = SOURCE.url.replace('https:', 'http:');
    expect(await rejected(store, [claimRecord({ id: 'c-1', source: { ...SOURCE, url: http } })])).toEqual([
      {
        line: 1,
        path: 'id',
        message: `claim "c-1" is already stored with different content (source.url (or source.title, without a URL) differs); nothing was changed. ${advice}`,
      },
    ]);
    const [published] = await rejected(store, [
      claimRecord({ id: 'c-1', quote: 'other words', source: { ...SOURCE, published: '2023-03-29' } }),
    ]);
    expect(published?.message).toBe(
      `claim "c-1" is already stored with different content (source.outlet or source.published, quote differ); nothing was changed. ${advice}`,
    );
  });
});
