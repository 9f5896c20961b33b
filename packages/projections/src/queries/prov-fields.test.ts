// What the text trace shows survives the PROV export: the claim's credibility, notes and the claim
// it answers, its `occurred` with bounds and anchor, the report's retrieved date, and each
// retraction's quote (kb trace's trace-prov.test.ts checks every field of the text against it).
import { type DomainEvent, encodeEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  claimEvent,
  correctEvent,
  recordAll,
  reportEvent,
  reportRevisedEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';
import { qname } from './prov-terms.js';

const retraction = (reason: string, quote: string, reportId: string): DomainEvent => {
  const e = encodeEvent('ClaimRetracted', { claimId: 'c', reportId, reason, quote });
  return { type: e.type, data: e.data } as DomainEvent;
};

const events = recordAll([
  ...smallWorld(),
  reportEvent({
    id: 'report-x',
    sourceId: 'outlet-a',
    published: '2023-03-10',
    url: 'https://a.example/x',
    title: 'The visit',
    author: 'A. Writer',
    retrieved: '2023-03-12',
  }),
  claimEvent({ id: 'target', report: 'report-jan', mission: MISSION, kind: 'visit', occurred: '2023-01-05' }),
  claimEvent({
    id: 'c',
    report: 'report-x',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: 'earlier',
    anchor: '2023-03-10',
    respondsTo: 'target',
    credibility: 2,
    notes: 'read from the broadcast',
    quote: 'no delegation came',
  }),
  correctEvent('c', { controller: 'republic' }, 'misread'),
  reportRevisedEvent('report-x', '2023-03-20'),
  retraction('withdrawn', 'We withdraw the report.', 'report-feb'),
  retraction('withdrawn again', 'We stand by the withdrawal.', 'report-mar'),
]);
const doc = toProvJson(traceClaim(knowledgeView(foldKnowledge(events)), 'c')!);
const day = (d: string) => ({ $: d, type: 'xsd:date' });

describe('toProvJson and the fields of the trace', () => {
  it('gives the claim its credibility, notes, the claim it answers, and `occurred` with bounds and anchor', () => {
    expect(doc.entity['kb:claim/c']).toMatchObject({
      'prov:value': 'no delegation came',
      'kb:credibility': 2,
      'kb:notes': 'read from the broadcast',
      'kb:respondsTo': qname('kb:claim/target'),
      'kb:occurred': 'earlier',
      'kb:occurredLatest': day('2023-03-10'),
      'kb:occurredAnchor': day('2023-03-10'),
    });
    expect(doc.entity['kb:claim/c']?.['kb:occurredEarliest']).toBeUndefined();
    // A correction's revision carries the claim as it left it, not only what it changed.
    expect(doc.entity['kb:claim/c/revision/1']).toMatchObject({
      'kb:controller': 'republic',
      'kb:credibility': 2,
      'prov:value': 'no delegation came',
    });
    // The report's revision moved the anchor: the trace reads `earlier` against the new date.
    expect(doc.entity['kb:trace/c']).toMatchObject({
      'kb:occurred': 'earlier',
      'kb:occurredLatest': day('2023-03-20'),
      'kb:occurredAnchor': day('2023-03-20'),
    });
  });

  it('gives the report its retrieved date and its published bounds', () => {
    expect(doc.entity['kb:report/report-x']).toMatchObject({
      'prov:label': 'The visit',
      'kb:author': 'A. Writer',
      'kb:retrieved': day('2023-03-12'),
      'kb:published': '2023-03-10',
      'kb:publishedEarliest': day('2023-03-10'),
      'kb:publishedLatest': day('2023-03-10'),
    });
  });

  it('gives every retraction its quote and the report that carried it', () => {
    const retractions = Object.values(doc.activity).filter(
      (a) => JSON.stringify(a['prov:type']) === JSON.stringify(qname('kb:Retraction')),
    );
    expect(retractions.map((r) => [r['prov:label'], r['kb:quote']])).toEqual([
      ['withdrawn', 'We withdraw the report.'],
      ['withdrawn again', 'We stand by the withdrawal.'],
    ]);
    const used = Object.values(doc.used).map((u) => u['prov:entity']);
    expect(used).toEqual(expect.arrayContaining(['kb:report/report-feb', 'kb:report/report-mar']));
  });
});
