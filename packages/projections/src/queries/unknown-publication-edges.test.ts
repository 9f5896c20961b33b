// What a --known-at cut leaves out for want of a publication day, in two edge cases: a claim
// retracted twice by undated reports (named once), and a claim or a retraction recorded by the
// recorded cutoff whose report was not (recorded times that step back, which kb verify warns of but
// a store can hold): no day is known for that report at R, so no --known-at counts it, and it is
// named, as an undated report's would be.
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { missionTimeline } from './mission-timeline.js';
import { unknownPublicationAt } from './unknown-publication.js';

const claim = (id: string, report: string) =>
  claimEvent({ id, report, mission: MISSION, kind: 'control', controller: 'taliban', occurred: '2023-01' });

describe('unknownPublicationAt and a claim retracted twice by undated reports', () => {
  const view = smallWorldView(
    reportEvent({ id: 'undated-1', sourceId: 'outlet-b', published: 'unknown' }),
    reportEvent({ id: 'undated-2', sourceId: 'outlet-a', published: 'unknown' }),
    claim('f1', 'report-feb'),
    retractEvent('f1', 'withdrawn', 'undated-1'),
    retractEvent('f1', 'withdrawn again', 'undated-2'),
  );

  it('names the claim once', () => {
    expect(unknownPublicationAt(view, MISSION, { knownAt: '2023-06-01' })).toEqual({
      accounts: [],
      retractions: ['f1'],
    });
    expect(missionTimeline(view, MISSION).unknownPublication).toEqual({ accounts: [], retractions: ['f1'] });
  });
});

describe('unknownPublicationAt and a claim or retraction recorded by the cutoff whose report was not', () => {
  // The small world's eight events at 00:00:00 to 00:00:07, a claim on a dated report at 00:00:08,
  // then a report recorded at 00:00:20, and after it, stepping back, a claim on it at 00:00:10 and
  // the retraction of the first claim it carries at 00:00:11: as the store stood at 00:00:15, it
  // holds both and not their report.
  const events = recordAll([
    ...smallWorld(),
    claim('r1', 'report-jan'),
    reportEvent({ id: 'report-late', sourceId: 'outlet-b', published: '2023-02-01' }),
    claim('late', 'report-late'),
    retractEvent('r1', 'withdrawn', 'report-late'),
  ]);
  const stepped = events.map((e) =>
    e.envelope.position === 10
      ? { ...e, envelope: { ...e.envelope, recordedAt: '2024-01-01T00:00:20.000Z' } }
      : e,
  );
  const view = knowledgeView(foldKnowledge(stepped));
  const recordedAt = '2024-01-01T00:00:15.000Z';

  it('counts them with no --known-at and at no --known-at', () => {
    const at = (knownAt?: string) => {
      const c = missionControl(view, MISSION, { recordedAt, ...(knownAt === undefined ? {} : { knownAt }) });
      return [c.accounts.map((a) => a.claimId), c.retractedAccounts.map((a) => a.claimId)];
    };
    expect(at()).toEqual([['late'], ['r1']]);
    expect(at('2023-06-01')).toEqual([['r1'], []]);
  });

  it('names them as left out at a --known-at, not dropped without a word', () => {
    expect(unknownPublicationAt(view, MISSION, { knownAt: '2023-06-01', recordedAt })).toEqual({
      accounts: ['late'],
      retractions: ['r1'],
    });
    expect(missionTimeline(view, MISSION, { recordedAt }).unknownPublication).toEqual({
      accounts: ['late'],
      retractions: ['r1'],
    });
  });

  it('names nothing once their report is recorded, with the day it was published', () => {
    expect(unknownPublicationAt(view, MISSION, { knownAt: '2023-06-01' })).toEqual({
      accounts: [],
      retractions: [],
    });
  });
});
