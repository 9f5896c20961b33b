import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  claimEvent,
  recordAll,
  reportEvent,
  reportRevisedEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// A retracted account says who retracted it and where, as kb trace does: the retraction's report
// (its outlet, published date and URL) and its words, beside the reason and the recorded time.
// Without a report of its own, `report` is null.

const view = smallWorldView;

const visit = claimEvent({
  id: 'visit',
  report: 'report-jan',
  mission: MISSION,
  kind: 'visit',
  controller: 'taliban',
  occurred: '2023-01-05',
});

describe('a retracted account', () => {
  it('carries the retraction report: outlet, published date and URL', () => {
    const retraction = retractEvent('visit', 'the ministry withdrew the statement', 'report-jan');
    const control = missionControl(view(visit, retraction), MISSION);
    expect(control.retractedAccounts[0]?.retracted).toEqual({
      at: expect.any(String),
      reason: 'the ministry withdrew the statement',
      quote: null,
      reportId: 'report-jan',
      report: {
        reportId: 'report-jan',
        sourceId: 'outlet-a',
        outlet: 'Outlet A',
        url: 'https://a.example/jan',
        published: { text: '2023-01-10', earliest: '2023-01-10', latest: '2023-01-10', anchor: null },
      },
    });
  });

  it('shows the retraction report as of R, not a revision recorded after R', () => {
    const events = recordAll([
      ...smallWorld(),
      visit,
      reportEvent({ id: 'report-ret', sourceId: 'outlet-b', published: '2023-04-02' }),
      retractEvent('visit', 'withdrawn', 'report-ret'),
      reportRevisedEvent('report-ret', '2023-04-01'),
    ]);
    const v = knowledgeView(foldKnowledge(events));
    const retractedAt = events.find((e) => e.event.type === 'ClaimRetracted')!.envelope.recordedAt;
    const asOfR = missionControl(v, MISSION, { recordedAt: retractedAt }).retractedAccounts[0]?.retracted;
    expect(asOfR?.report).toMatchObject({ reportId: 'report-ret', outlet: 'Outlet B' });
    expect(asOfR?.report?.published.text).toBe('2023-04-02');
    // Once the revision is recorded, the report shows its corrected date.
    const now = missionControl(v, MISSION).retractedAccounts[0]?.retracted;
    expect(now?.report?.published.text).toBe('2023-04-01');
  });

  it('shows the first retraction of a claim retracted twice, with or without a knownAt', () => {
    const twice = view(visit, retractEvent('visit', 'first'), retractEvent('visit', 'second'));
    const shown = missionControl(twice, MISSION).retractedAccounts[0]?.retracted;
    expect(shown?.reason).toBe('first');
    // The knownAt path picks the first retraction known by then: the same one.
    const known = missionControl(twice, MISSION, { knownAt: '2099-01-01' }).retractedAccounts[0]?.retracted;
    expect(known).toEqual(shown);
  });
});
