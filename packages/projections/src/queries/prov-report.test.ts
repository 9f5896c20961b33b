// The report that carried a retraction is in the PROV document as the claim's report is: under its
// id as first recorded, with each revision recorded since (a revised date moves where it counts).
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportRevisedEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';
import { qname } from './prov-terms.js';

describe('toProvJson and the retraction’s report', () => {
  it('keeps the retraction’s report as first published, and its revision as a revision of it', () => {
    const doc = toProvJson(
      traceClaim(
        knowledgeView(
          foldKnowledge(
            recordAll([
              ...smallWorld(),
              claimEvent({
                id: 'c',
                report: 'report-jan',
                mission: MISSION,
                kind: 'visit',
                occurred: '2023-01-05',
              }),
              retractEvent('c', 'withdrawn', 'report-feb'),
              reportRevisedEvent('report-feb', '2023-02-20', 'the notice went out later'),
            ]),
          ),
        ),
        'c',
      )!,
    );
    expect(doc.entity['kb:report/report-feb']).toMatchObject({ 'kb:published': '2023-02-10' });
    expect(doc.entity['kb:report/report-feb/revision/1']).toMatchObject({ 'kb:published': '2023-02-20' });
    expect(Object.values(doc.wasDerivedFrom)).toContainEqual(
      expect.objectContaining({
        'prov:generatedEntity': 'kb:report/report-feb/revision/1',
        'prov:usedEntity': 'kb:report/report-feb',
        'prov:type': qname('prov:Revision'),
      }),
    );
    const activity = Object.entries(doc.activity).find(([id]) => id.startsWith('kb:report-revision/'));
    expect(activity?.[1]).toMatchObject({ 'prov:label': 'the notice went out later' });
  });
});
