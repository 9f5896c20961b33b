// The world the claim-trace tests (claim-trace.test.ts, claim-trace-prov.test.ts) trace a claim in:
// a claim read through a citation chain, a denial answering it and one that does not say so, then a
// correction, an assessment, a grade, a report revision and a retraction, all from one ingest run.
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  assessEvent,
  claimEvent,
  correctEvent,
  gradeEvent,
  recordAll,
  reportRevisedEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';

export const claim = claimEvent({
  id: 'visit',
  report: 'report-jan',
  mission: MISSION,
  kind: 'visit',
  controller: 'taliban',
  occurred: '2023-01-05',
  quote: 'we reviewed the mission',
  claimant: 'the embassy',
  via: [
    { name: 'Tolo News', relation: 'cites' },
    { name: 'the embassy', relation: 'quotes' },
  ],
});
export const denial = claimEvent({
  id: 'deny',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  occurred: 'unknown',
  respondsTo: 'visit',
});
export const implicitDenial = claimEvent({
  id: 'deny-2',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'disputes',
  occurred: '2023-01',
});
export const events = recordAll(
  [
    ...smallWorld(),
    claim,
    denial,
    implicitDenial,
    correctEvent(
      'visit',
      { occurred: { text: '2023-01-06', earliest: '2023-01-06', latest: '2023-01-06', anchor: null } },
      'misread the day',
    ),
    assessEvent('visit', 3, 'plausible'),
    gradeEvent('outlet-a', 'C', 'two errors this year'),
    reportRevisedEvent('report-jan', '2023-01-11'),
    retractEvent('visit', 'the outlet withdrew it', 'report-feb'),
  ],
  { ingestRunId: 'run-1' },
);
export const view = knowledgeView(foldKnowledge(events));
