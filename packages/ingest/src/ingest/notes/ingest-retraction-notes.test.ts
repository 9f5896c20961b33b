// Notes on a retraction record, which is stored all the same: one carried by a report certainly
// published before the claim's report (dates that cannot both be right), and one with no source,
// which counts as withdrawn at every --known-at.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord, SOURCE } from '../test-kit/test-records.js';

const retraction = (claim: string, published?: string) => ({
  type: 'retraction',
  claim,
  reason: 'withdrawn',
  ...(published === undefined ? {} : { source: { outlet: 'Tolo News', title: published, published } }),
});

const NO_SOURCE =
  'a retraction without source has no publication date, so it counts as withdrawn at every --known-at, even one before the claim was withdrawn; stored, but give source (the report that carries the retraction) whenever there is one';

describe('ingest: notes on a retraction', () => {
  it("notes a retraction published certainly before the claim's report, naming both dates; vague dates that may agree are not noted", async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'day' }), // 1: published 2023-03-28
      claimRecord({ id: 'month', source: { ...SOURCE, url: `${SOURCE.url}m`, published: '2023-03' } }), // 2
      claimRecord({ id: 'undated', source: { ...SOURCE, url: `${SOURCE.url}u`, published: 'unknown' } }), // 3
      retraction('day', '2023-03-01'), // 4: before
      retraction('day', '2023-03-28'), // 5: the same day
      retraction('day', '2023-03'), // 6: may be on or after the 28th
      retraction('day', '2023-02'), // 7: wholly before
      retraction('day', 'unknown'), // 8
      retraction('month', '2023-03-15'), // 9: may be after the claim's report
      retraction('month', '2023-02-27'), // 10: before its earliest day
      retraction('undated', '2001-01-01'), // 11: nothing known to compare with
      retraction('day', '../2023-03-20'), // 12: ends before
    ]);
    expect(report).toMatchObject({ added: 12, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        4,
        'source.published',
        "2023-03-01 is before the claim's report was published (2023-03-28): a retraction cannot withdraw what was not yet said; stored as written, but one of the two dates is likely wrong",
      ],
      [
        7,
        'source.published',
        expect.stringMatching(/^2023-02 is before the claim's report was published \(2023-03-28\)/),
      ],
      [
        10,
        'source.published',
        expect.stringMatching(/^2023-02-27 is before the claim's report was published \(2023-03\)/),
      ],
      [
        12,
        'source.published',
        expect.stringMatching(/^\.\.\/2023-03-20 is before the claim's report was published \(2023-03-28\)/),
      ],
    ]);
    // A claim stored before the run is compared with its report as stored.
    const later = await ingest(store, [retraction('day', '2022-12-31')]);
    expect(later).toMatchObject({ added: 1, rejectedLines: 0 });
    expect(later.notices.map((n) => [n.line, n.path, n.message.slice(0, n.message.indexOf(':'))])).toEqual([
      [1, 'source.published', "2022-12-31 is before the claim's report was published (2023-03-28)"],
    ]);
  });

  it('notes a retraction without source, which counts at every --known-at, and stores it', async () => {
    const store = new MemoryEventStore();
    const report = await ingest(store, [
      claimRecord({ id: 'a' }),
      claimRecord({ id: 'b', source: { ...SOURCE, url: `${SOURCE.url}b` } }),
      retraction('a'), // 3
      retraction('b', '2023-04-02'), // 4: has its report
      retraction('b'), // 5: another, without
    ]);
    expect(report).toMatchObject({ added: 5, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.lines, n.path, n.message])).toEqual([
      [3, 2, 'source', NO_SOURCE],
    ]);
    const retracted = (await all(store)).filter((e) => e.type === 'ClaimRetracted');
    expect(retracted.map((e) => (e.data as { reportId: string | null }).reportId === null)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('notes a raw ClaimRetracted with no reportId as it notes a retraction record without source', async () => {
    const store = new MemoryEventStore();
    const raw = (reportId: string | null) => ({
      type: 'event',
      event: {
        type: 'ClaimRetracted',
        data: { claimId: 'a', reportId, reason: `withdrawn ${reportId}`, quote: null },
      },
    });
    const report = await ingest(store, [claimRecord({ id: 'a' }), raw(null), raw(null)]);
    expect(report).toMatchObject({ added: 2, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        2,
        'event.data.reportId',
        'a ClaimRetracted with no reportId has no publication date, so it counts as withdrawn at every --known-at, even one before the claim was withdrawn; stored, but give the report that carries the retraction whenever there is one',
      ],
    ]);
    // One naming a report (the claim's own, as stored) is not noted.
    const recorded = (await all(store)).find((e) => e.type === 'ClaimRecorded')!;
    const reportId = (recorded.data as { reportId: string }).reportId;
    const dated = await ingest(store, [raw(reportId)]);
    expect(dated).toMatchObject({ added: 1, rejectedLines: 0 });
    expect(dated.notices).toEqual([]);
  });

  it("notes a raw ClaimRetracted whose report was certainly published before its claim's, as a record's", async () => {
    const store = new MemoryEventStore();
    // Reports of three dates, each captured by a retraction record of another claim.
    const setup = await ingest(store, [
      claimRecord({ id: 'a' }), // published 2023-03-28
      claimRecord({ id: 'other', source: { ...SOURCE, url: `${SOURCE.url}o` } }),
      retraction('other', '2023-03-01'),
      retraction('other', '2023-03'),
      retraction('other', '2023-04-02'),
    ]);
    expect(setup).toMatchObject({ added: 5 });
    const reports = new Map(
      (await all(store))
        .filter((e) => e.type === 'ReportCaptured')
        .map((e) => {
          const { reportId, published } = e.data as { reportId: string; published: { text: string } };
          return [published.text, reportId] as const;
        }),
    );
    const raw = (published: string) => ({
      type: 'event',
      event: {
        type: 'ClaimRetracted',
        data: {
          claimId: 'a',
          reportId: reports.get(published)!,
          reason: `withdrawn ${published}`,
          quote: null,
        },
      },
    });
    const report = await ingest(store, [raw('2023-03-01'), raw('2023-03'), raw('2023-04-02')]);
    expect(report.rejected).toEqual([]);
    expect(report).toMatchObject({ added: 3, rejectedLines: 0 });
    expect(report.notices.map((n) => [n.line, n.path, n.message])).toEqual([
      [
        1,
        'event.data.reportId',
        "2023-03-01 is before the claim's report was published (2023-03-28): a retraction cannot withdraw what was not yet said; stored as written, but one of the two dates is likely wrong",
      ],
    ]);
  });
});
