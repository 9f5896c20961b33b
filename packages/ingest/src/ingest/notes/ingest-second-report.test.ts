// Ingest notes on a URL registered as a report under another published date or outlet: the ids
// stay as they are, so such a line makes a second report, and the report says so.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

const FIRST = 'the-diplomat-2023-03-28-f79c437df7';
const SECOND = 'the-diplomat-2024-06-01-f79c437df7';
const republished = (id: string, extra: Record<string, unknown> = {}) =>
  claimRecord({ id, source: { ...SOURCE, published: '2024-06-01', ...extra } });

async function reportIds(store: MemoryEventStore): Promise<string[]> {
  return (await all(store))
    .filter((e) => e.type === 'ReportCaptured')
    .map((e) => (e.data as { reportId: string }).reportId);
}

describe('ingest: a URL registered as a report under another published date', () => {
  it('notes the line that makes a second report for a stored URL, naming both reports and dates', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'first' })]);
    const report = await ingest(store, [republished('second')]);
    expect(report.added).toBe(1);
    expect(report.notices).toEqual([
      {
        line: 1,
        lines: 1,
        path: 'source.published',
        message: `report "${SECOND}" is a second report for its URL: report "${FIRST}" has the same URL, published 2023-03-28 (this line: 2024-06-01); a report is known by its URL, outlet and published date together: to name that report, write published 2023-03-28`,
      },
    ]);
    // The ids are what they always were.
    expect(await reportIds(store)).toEqual([FIRST, SECOND]);
  });

  it('notes every line of the run naming the second report, in its batch and later ones, and not the first', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(
      store,
      [
        claimRecord({ id: 'a' }), // 1: registers the first report
        republished('b'), // 2: the second, in the same batch
        republished('c'), // 3: names it in the same batch
        claimRecord({ id: 'd' }), // 4: the first report again
        republished('e'), // 5: a later batch, the second report known to the run
        // 6: the same URL spelt otherwise (host case, trailing slash, fragment) is the same URL
        republished('f', {
          url: 'https://TheDiplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia#top',
          published: '2024-07-01',
        }),
      ],
      { batchSize: 3 },
    );
    expect(report).toMatchObject({ added: 6, rejectedLines: 0 });
    expect(
      report.notices.map((n) => [n.line, n.lines, n.path, n.message.slice(0, n.message.indexOf(';'))]),
    ).toEqual([
      [
        2,
        3,
        'source.published',
        `report "${SECOND}" is a second report for its URL: report "${FIRST}" has the same URL, published 2023-03-28 (this line: 2024-06-01)`,
      ],
      [
        6,
        1,
        'source.published',
        `report "the-diplomat-2024-07-01-f79c437df7" is a second report for its URL: report "${FIRST}" has the same URL, published 2023-03-28 (this line: 2024-07-01)`,
      ],
    ]);
    // Stored before this run, the second report is not noted again: a re-run adds nothing, says nothing.
    const again = await ingest(store, [republished('b'), republished('g')]);
    expect(again).toMatchObject({ added: 1, skipped: 1, notices: [] });
  });

  it('notes the same URL under another outlet on the same date, at source.outlet', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })]);
    const report = await ingest(store, [republished('b', { outlet: 'Diplomat', published: '2023-03-28' })]);
    expect(report.notices.map((n) => [n.path, n.message.slice(0, n.message.indexOf(';'))])).toEqual([
      [
        'source.outlet',
        `report "diplomat-2023-03-28-f79c437df7" is a second report for its URL: report "${FIRST}" has the same URL, source "the-diplomat" (this line: "diplomat")`,
      ],
    ]);
  });

  it('names both, and asks for both, when the outlet and the date differ', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' })]);
    const report = await ingest(store, [
      republished('b', { outlet: 'Other Outlet', published: '2024-01-01' }),
    ]);
    expect(report.notices.map((n) => [n.path, n.message])).toEqual([
      [
        'source.outlet',
        `report "other-outlet-2024-01-01-f79c437df7" is a second report for its URL: report "${FIRST}" has the same URL, source "the-diplomat" (this line: "other-outlet") and published 2023-03-28 (this line: 2024-01-01); a report is known by its URL, outlet and published date together: to name that report, write its outlet (source "the-diplomat") and published 2023-03-28`,
      ],
    ]);
  });

  it('says nothing of reports without a URL, or with other URLs', async () => {
    const store = new MemoryEventStore();
    const noUrl = (id: string, published: string) =>
      claimRecord({ id, source: { outlet: 'Tolo News', title: 'T', published } });
    const report = await ingest(store, [
      noUrl('a', '2023-03-28'),
      noUrl('b', '2024-06-01'),
      claimRecord({ id: 'c' }),
      republished('d', { url: 'https://thediplomat.com/2024/06/another-article/' }),
    ]);
    expect(report).toMatchObject({ added: 4, notices: [] });
  });
});
