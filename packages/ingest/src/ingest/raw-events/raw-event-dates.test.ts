// Raw event records held to the date rules claim records are: a vague date's bounds and anchor are
// what its text gives, and an "earlier" is anchored on the day its report was published.
import { describe, expect, it } from 'vitest';
import { reportIdOf, reportKeyOf, sourceIdOf } from '../identity/ids.js';
import { ingest } from '../run/ingest.js';
import { all, claims } from '../test-kit/ingest-test-kit.js';
import { day, event, problems, storeWithClaim } from '../test-kit/raw-event-records.js';
import { claimRecord } from '../test-kit/test-records.js';

describe('a raw event record', () => {
  it("is refused when a vague date's bounds or anchor are not what its text gives", async () => {
    const { store, reportId, rawClaim } = await storeWithClaim();
    const report = await ingest(store, [
      rawClaim('bounds', {
        occurred: { text: '2023-03-23', earliest: '1999-01-01', latest: '1999-01-02', anchor: null },
      }), // 1
      rawClaim('inverted', {
        occurred: { text: '2023-03', earliest: '2023-03-31', latest: '2023-03-01', anchor: null },
      }), // 2
      rawClaim('anchored', { occurred: { ...day('2023-03-23'), anchor: '2023-03-28' } }), // 3
      rawClaim('no-anchor', {
        occurred: { text: 'earlier', earliest: null, latest: '2023-03-28', anchor: null },
      }), // 4
      rawClaim('impossible', { occurred: day('2023-02-30') }), // 5
      rawClaim('spaced', { occurred: { ...day('2023-03-23'), text: ' 2023-03-23' } }), // 6
      event('ClaimCorrected', {
        claimId: 'first',
        changes: {
          occurred: { text: '2022-22', earliest: '2022-06-01', latest: '2022-09-30', anchor: null },
        },
        reason: 'r',
        correctedBy: 'a',
      }), // 7
      event('ReportRevised', {
        reportId,
        changes: { published: { text: 'unknown', earliest: '2023-03-28', latest: null, anchor: null } },
        reason: 'r',
      }), // 8
      event('ReportRevised', {
        reportId,
        changes: {
          published: { text: 'earlier', earliest: null, latest: '2023-03-28', anchor: '2023-03-28' },
        },
        reason: 'r',
      }), // 9: a publication date is never relative
      // As the texts give them: stored.
      rawClaim('exact', {
        occurred: { text: '2022-22', earliest: '2022-06-01', latest: '2022-08-31', anchor: null },
      }), // 10
      rawClaim('earlier', {
        occurred: { text: 'earlier', earliest: null, latest: '2023-03-28', anchor: '2023-03-28' },
      }), // 11
      rawClaim('unknown', { occurred: { text: 'unknown', earliest: null, latest: null, anchor: null } }), // 12
    ]);
    const bounds = (given: string, text: string, gives: string) =>
      `${given} does not match the date's text: the text "${text}" gives ${gives} (docs/dates.md), and every view reads the bounds`;
    expect(problems(report)).toEqual([
      [1, 'event.data.occurred.earliest', bounds('1999-01-01', '2023-03-23', '2023-03-23')],
      [1, 'event.data.occurred.latest', bounds('1999-01-02', '2023-03-23', '2023-03-23')],
      [2, 'event.data.occurred.earliest', bounds('2023-03-31', '2023-03', '2023-03-01')],
      [2, 'event.data.occurred.latest', bounds('2023-03-01', '2023-03', '2023-03-31')],
      [
        3,
        'event.data.occurred.anchor',
        `2023-03-28 does not match the date's text: only a relative date ("earlier") has an anchor, and the text "2023-03-23" gives null (open)`,
      ],
      [
        4,
        'event.data.occurred.anchor',
        `the text "earlier" is relative and needs an anchor: the day the report was published, as a claim record's "earlier" takes its report's published date`,
      ],
      [
        5,
        'event.data.occurred.text',
        expect.stringMatching(/^"2023-02-30" is not a real day \(February 2023 has 28 days\)/),
      ],
      [6, 'event.data.occurred.text', '" 2023-03-23" has white space around it; write "2023-03-23"'],
      [7, 'event.data.changes.occurred.latest', bounds('2022-09-30', '2022-22', '2022-08-31')],
      [8, 'event.data.changes.published.earliest', bounds('2023-03-28', 'unknown', 'null (open)')],
      [
        9,
        'event.data.changes.published.text',
        expect.stringMatching(/^"earlier" needs a publication date to resolve against/),
      ],
    ]);
    expect(report.added).toBe(3);
    expect((await claims(store)).map((c) => c.claimId)).toEqual(['first', 'exact', 'earlier', 'unknown']);
  });

  it('is refused when its "earlier" is anchored on another day than its report was published', async () => {
    const { store, reportId, rawClaim } = await storeWithClaim();
    const earlier = (anchor: string) => ({ text: 'earlier', earliest: null, latest: anchor, anchor });
    const correction = (anchor: string) =>
      event('ClaimCorrected', {
        claimId: 'first',
        changes: { occurred: earlier(anchor) },
        reason: `anchored on ${anchor}`,
        correctedBy: 'a',
      });
    // Two reports this input registers (in the batch being built): one published in a month, one unknown.
    const monthly = { outlet: 'Asia-Plus', published: '2023-03', title: 'March' };
    const undated = { outlet: 'Asia-Plus', published: 'unknown', title: 'Undated' };
    const idOf = (source: { outlet: string; published: string; title: string }) =>
      reportIdOf(sourceIdOf(source.outlet), source.published, reportKeyOf(source));
    const report = await ingest(store, [
      rawClaim('after', { occurred: earlier('2023-04-02') }), // 1: the report was out by then
      rawClaim('before', { occurred: earlier('2023-03-20') }), // 2: a day nobody wrote
      rawClaim('on-the-day', { occurred: earlier('2023-03-28') }), // 3
      correction('2023-03-30'), // 4
      correction('2023-03-28'), // 5
      claimRecord({ id: 'in-march', source: monthly }), // 6
      claimRecord({ id: 'undated', source: undated }), // 7
      rawClaim('month-end', { reportId: idOf(monthly), occurred: earlier('2023-03-31') }), // 8
      rawClaim('month-start', { reportId: idOf(monthly), occurred: earlier('2023-03-01') }), // 9
      rawClaim('no-day', { reportId: idOf(undated), occurred: earlier('2023-03-28') }), // 10
    ]);
    const wrong = (anchor: string, of: string, published: string, day = published) =>
      `${anchor} is not the day ${of} was published (${published}${day === published ? '' : `, whose last day is ${day}`}): "earlier" is anchored on that day, as a claim record's is; write ${day} as anchor and latest`;
    expect(problems(report)).toEqual([
      [1, 'event.data.occurred.anchor', wrong('2023-04-02', `report "${reportId}"`, '2023-03-28')],
      [2, 'event.data.occurred.anchor', wrong('2023-03-20', `report "${reportId}"`, '2023-03-28')],
      [
        4,
        'event.data.changes.occurred.anchor',
        wrong('2023-03-30', 'the report of claim "first"', '2023-03-28'),
      ],
      [
        9,
        'event.data.occurred.anchor',
        wrong('2023-03-01', `report "${idOf(monthly)}"`, '2023-03', '2023-03-31'),
      ],
      [
        10,
        'event.data.occurred.text',
        expect.stringMatching(
          new RegExp(
            `^report "${idOf(undated)}" was published unknown, and "earlier" needs a publication date`,
          ),
        ),
      ],
    ]);
    expect((await claims(store)).map((c) => c.claimId)).toEqual([
      'first',
      'on-the-day',
      'in-march',
      'undated',
      'month-end',
    ]);
    const corrected = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    expect(corrected.map((e) => (e.data as { reason: string }).reason)).toEqual(['anchored on 2023-03-28']);
  });
});
