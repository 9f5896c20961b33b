import { describe, expect, it } from 'vitest';
import { claimEvent, reportEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { unknownPublicationAt } from './unknown-publication.js';

// What a --known-at cut leaves out only because a report's publication date is unknown (kb mission's
// note): an account on an undated report, which counts with no publication cut and never at a knownAt.
// An account on a dated report, listed at the cut, is not among them.

const view = smallWorldView(
  reportEvent({ id: 'report-undated', sourceId: 'outlet-b', published: 'unknown' }),
  claimEvent({
    id: 'u1',
    report: 'report-undated',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01',
  }),
  claimEvent({
    id: 'd1',
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01-05',
  }),
);

describe('unknownPublicationAt', () => {
  it('names the account on an undated report, left out at a knownAt', () => {
    expect(missionControl(view, MISSION, { knownAt: '2023-06-01' }).accounts.map((a) => a.claimId)).toEqual([
      'd1',
    ]);
    expect(unknownPublicationAt(view, MISSION, { knownAt: '2023-06-01' })).toEqual({
      accounts: ['u1'],
      retractions: [],
    });
  });

  it('names nothing without a knownAt', () => {
    expect(unknownPublicationAt(view, MISSION)).toEqual({ accounts: [], retractions: [] });
  });
});

describe('unknownPublicationAt and a retraction of an account the cut leaves out anyway', () => {
  const retracted = smallWorldView(
    reportEvent({ id: 'report-undated', sourceId: 'outlet-b', published: 'unknown' }),
    claimEvent({
      id: 'f1',
      report: 'report-feb',
      mission: MISSION,
      kind: 'control',
      controller: 'taliban',
      occurred: '2023-01',
    }),
    retractEvent('f1', 'withdrawn', 'report-undated'),
  );

  it('names the retraction where the account counts at the cut, and not before its report was published', () => {
    // Once f1's report is certainly published, its undated retraction is what the cut leaves out.
    expect(unknownPublicationAt(retracted, MISSION, { knownAt: '2023-06-01' })).toEqual({
      accounts: [],
      retractions: ['f1'],
    });
    // Before it, f1 is not counted at all: its retraction's date is not why.
    expect(missionControl(retracted, MISSION, { knownAt: '2023-01-20' }).accounts).toEqual([]);
    expect(unknownPublicationAt(retracted, MISSION, { knownAt: '2023-01-20' })).toEqual({
      accounts: [],
      retractions: [],
    });
  });
});
