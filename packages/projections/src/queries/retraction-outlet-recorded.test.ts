import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportEvent, retractEvent, sourceEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, sections 1 and 6 H: in the auditor's replay to R, a retraction's report
// names its outlet (who retracted) only when the store had recorded that outlet by R. Here the fold
// records the retraction's report before its source, and the source last.

const events = recordAll([
  ...smallWorld(),
  claimEvent({
    id: 'visit',
    report: 'report-jan',
    mission: MISSION,
    kind: 'visit',
    controller: 'taliban',
    occurred: '2023-01-05',
  }),
  reportEvent({ id: 'report-withdrawal', sourceId: 'outlet-c', published: '2023-04-02' }),
  retractEvent('visit', 'the ministry withdrew the statement', 'report-withdrawal'),
  sourceEvent({ id: 'outlet-c', outlet: 'Outlet C' }),
]);
const view = knowledgeView(foldKnowledge(events));
const retractedAt = events.at(-2)!.envelope.recordedAt;
const reportOf = (recordedAt?: string) =>
  missionControl(view, MISSION, recordedAt === undefined ? {} : { recordedAt }).retractedAccounts[0]
    ?.retracted?.report;

describe('a retraction whose outlet was recorded after it', () => {
  it('shows no outlet in a replay to before the outlet was recorded', () => {
    expect(reportOf(retractedAt)).toEqual({
      reportId: 'report-withdrawal',
      sourceId: 'outlet-c',
      outlet: null,
      url: null,
      published: { text: '2023-04-02', earliest: '2023-04-02', latest: '2023-04-02', anchor: null },
    });
  });

  it('names the outlet once it is recorded', () => {
    expect(reportOf()?.outlet).toBe('Outlet C');
    expect(reportOf(events.at(-1)!.envelope.recordedAt)?.outlet).toBe('Outlet C');
  });
});
