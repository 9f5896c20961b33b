// The PROV export against PROV-CONSTRAINTS' ordering of generation, usage and invalidation, with
// the claims that answer the traced one, and with qualified names written as qualified names.
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { assessEvent, claimEvent, correctEvent, recordAll, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';
import { type ProvDocument, qname } from './prov-terms.js';

const visit = claimEvent({
  id: 'visit',
  report: 'report-jan',
  mission: MISSION,
  kind: 'visit',
  controller: 'taliban',
  occurred: '2023-01-05',
  quote: 'we reviewed the mission',
  claimant: 'the embassy',
  via: [{ name: 'the embassy', relation: 'quotes' }],
});
const answers = [
  claimEvent({
    id: 'deny',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: 'unknown',
    respondsTo: 'visit',
    claimant: 'Embassy spokesman',
    quote: 'there was no delegation',
  }),
  claimEvent({
    id: 'deny-2',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'disputes',
    occurred: '2023-01',
    claimant: 'a diplomat',
  }),
];
// Recorded in this order, one second apart: a correction and an assessment before the retraction,
// and a correction and an assessment after it.
const doc = toProvJson(
  traceClaim(
    knowledgeView(
      foldKnowledge(
        recordAll([
          ...smallWorld(),
          visit,
          ...answers,
          correctEvent('visit', { controller: 'unknown' }, 'before'),
          assessEvent('visit', 3, 'before'),
          retractEvent('visit', 'withdrawn', 'report-feb'),
          correctEvent('visit', { quote: 'we reviewed the consulate' }, 'after'),
          assessEvent('visit', 4, 'after'),
        ]),
      ),
    ),
    'visit',
  )!,
);

const timeOf = (v: unknown) => Date.parse((v as { $: string }).$);
const records = (kind: keyof ProvDocument) => Object.values(doc[kind]);

describe('toProvJson and PROV-CONSTRAINTS', () => {
  it('invalidates no entity before it was generated, and the revision that stood at the retraction at its time', () => {
    const generated = new Map(
      records('wasGeneratedBy').map((g) => [g['prov:entity'], timeOf(g['prov:time'])]),
    );
    const invalidated = records('wasInvalidatedBy');
    for (const i of invalidated) {
      const entity = i['prov:entity'] as string;
      expect(generated.get(entity), entity).toBeLessThanOrEqual(timeOf(i['prov:time']));
    }
    const retraction = Object.entries(doc.activity).find(([id]) => id.startsWith('kb:retraction/'))!;
    const retractedAt = timeOf(retraction[1]['prov:startTime']);
    const at = Object.fromEntries(
      invalidated.map((i) => [i['prov:entity'] as string, timeOf(i['prov:time'])]),
    );
    // The claim and the revision made before the retraction, at the retraction; the revision made
    // after it, at once when it was made: it corrects a claim already withdrawn.
    expect(at).toEqual({
      'kb:claim/visit': retractedAt,
      'kb:claim/visit/revision/1': retractedAt,
      'kb:claim/visit/revision/2': generated.get('kb:claim/visit/revision/2'),
    });
    expect(at['kb:claim/visit/revision/2']).toBeGreaterThan(retractedAt);
  });

  it('uses no entity after it was invalidated, through a usage or a derivation by an activity', () => {
    const invalidatedAt = new Map(
      records('wasInvalidatedBy').map((i) => [i['prov:entity'], timeOf(i['prov:time'])]),
    );
    const usages = [
      ...records('used').map((u) => [u['prov:activity'], u['prov:entity']]),
      ...records('wasDerivedFrom')
        .filter((d) => d['prov:activity'] !== undefined)
        .map((d) => [d['prov:activity'], d['prov:usedEntity']]),
    ] as [string, string][];
    expect(usages.length).toBeGreaterThan(2);
    for (const [activity, entity] of usages) {
      const started = timeOf(doc.activity[activity]?.['prov:startTime']);
      expect(started, `${activity} uses ${entity}`).toBeLessThanOrEqual(
        invalidatedAt.get(entity) ?? Infinity,
      );
    }
    // The revision after the retraction still says what it revised, and the later assessment what it assessed.
    expect(records('wasDerivedFrom')).toContainEqual({
      'prov:generatedEntity': 'kb:claim/visit/revision/2',
      'prov:usedEntity': 'kb:claim/visit/revision/1',
      'prov:type': { $: 'prov:Revision', type: 'prov:QUALIFIED_NAME' },
    });
    const late = Object.entries(doc.entity).find(([, e]) => e['prov:value'] === 'after')![0];
    expect(records('wasDerivedFrom')).toContainEqual({
      'prov:generatedEntity': late,
      'prov:usedEntity': 'kb:claim/visit',
    });
  });
});

describe('toProvJson and the claims that answer the traced one', () => {
  it('exports each denial and dispute as an entity influenced by the claim, explicit and implicit told apart', () => {
    expect(records('wasInfluencedBy')).toEqual([
      {
        'prov:influencee': 'kb:claim/deny',
        'prov:influencer': 'kb:claim/visit',
        'prov:type': { $: 'kb:Denial', type: 'prov:QUALIFIED_NAME' },
        'kb:binding': 'explicit',
      },
      {
        'prov:influencee': 'kb:claim/deny-2',
        'prov:influencer': 'kb:claim/visit',
        'prov:type': { $: 'kb:Dispute', type: 'prov:QUALIFIED_NAME' },
        'kb:binding': 'implicit',
      },
    ]);
    expect(doc.entity['kb:claim/deny']).toMatchObject({
      'prov:value': 'there was no delegation',
      'kb:stance': 'denies',
    });
    expect(records('wasAttributedTo')).toContainEqual({
      'prov:entity': 'kb:claim/deny',
      'prov:agent': 'kb:agent/as-written/embassy-spokesman',
    });
    expect(doc.agent['kb:agent/as-written/embassy-spokesman']).toEqual({ 'prov:label': 'Embassy spokesman' });
  });
});

describe('toProvJson and qualified names', () => {
  it('writes every prov:type as a qualified name with a declared prefix, never as a string literal', () => {
    const prefixes = new Set(Object.keys(doc.prefix));
    const types = Object.entries(doc).flatMap(([kind, recs]) =>
      kind === 'prefix'
        ? []
        : Object.values(recs as Record<string, Record<string, unknown>>).flatMap((r) =>
            r['prov:type'] === undefined ? [] : [r['prov:type']],
          ),
    );
    expect(types.length).toBeGreaterThan(10);
    for (const t of types) {
      expect(t).toEqual({ $: expect.any(String), type: 'prov:QUALIFIED_NAME' });
      expect(prefixes.has((t as { $: string }).$.split(':')[0]!), JSON.stringify(t)).toBe(true);
    }
    expect(doc.agent['kb:agent/analyst/analyst']?.['prov:type']).toEqual({
      $: 'prov:Person',
      type: 'prov:QUALIFIED_NAME',
    });
  });
});

describe('toProvJson without a scope', () => {
  const view = knowledgeView(foldKnowledge(recordAll([...smallWorld(), visit, ...answers])));

  it('still gives the trace entity of a claim that responds to another, with where that claim stands', () => {
    const unscoped = toProvJson(traceClaim(view, 'deny')!);
    expect(unscoped.entity['kb:trace/deny']).toMatchObject({
      'kb:claim': qname('kb:claim/deny'),
      'kb:respondsTo': qname('kb:claim/visit'),
      'kb:respondsToState': 'listed',
    });
  });

  it('gives none for a claim that responds to none, its date read as recorded', () => {
    expect(toProvJson(traceClaim(view, 'visit')!).entity['kb:trace/visit']).toBeUndefined();
  });
});
