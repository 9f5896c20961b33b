import { describe, expect, it } from 'vitest';
import { claimEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
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
});
