// Whose IRI is whose in a trace's PROV document: an analyst is never a resolved actor or a party as
// written.
import { type DomainEvent, encodeEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';

const event = (type: DomainEvent['type'], data: unknown): DomainEvent => {
  const encoded = encodeEvent(type, data as never);
  return { type: encoded.type, data: encoded.data } as DomainEvent;
};

const claim = (p: { claimant: string; actorId?: string | null; via?: string[] }) =>
  claimEvent({
    id: 'c',
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-02',
    claimant: p.claimant,
    actorId: p.actorId ?? null,
    via: (p.via ?? []).map((name) => ({ name, relation: 'quotes' as const })),
  });

const corrected = (by: string) =>
  event('ClaimCorrected', {
    claimId: 'c',
    changes: { controller: 'republic' },
    reason: 'misread',
    correctedBy: by,
  });

const assessed = (by: string) =>
  event('ClaimAssessed', {
    claimId: 'c',
    credibility: 2,
    likelihood: null,
    rationale: 'checked',
    assessedBy: by,
    assessedOn: null,
  });

const provOf = (...events: DomainEvent[]) => toProvJson(traceClaim(smallWorldView(...events), 'c')!);

const agentOf = (
  doc: ReturnType<typeof provOf>,
  kind: 'wasAttributedTo' | 'wasAssociatedWith',
  key: string,
) =>
  Object.values(doc[kind])
    .filter((r) => r[kind === 'wasAttributedTo' ? 'prov:entity' : 'prov:activity'] === key)
    .map((r) => r['prov:agent']);

describe('toProvJson and the agents of analysts', () => {
  it('gives an analyst named like an actor id an agent apart from that actor', () => {
    const doc = provOf(claim({ claimant: 'Taliban spokesman', actorId: 'taliban' }), corrected('taliban'));
    const correction = Object.keys(doc.activity).find((a) => a.startsWith('kb:correction/'))!;
    const [analyst] = agentOf(doc, 'wasAssociatedWith', correction);
    expect(agentOf(doc, 'wasAttributedTo', 'kb:claim/c')).toEqual(['kb:agent/taliban']);
    expect(analyst).toBe('kb:agent/analyst/taliban');
    // The actor keeps its own record: the analyst's label and type are not merged into it.
    expect(doc.agent['kb:agent/taliban']).toEqual({
      'prov:label': 'Taliban spokesman',
      'kb:actor': 'taliban',
    });
    expect(doc.agent['kb:agent/analyst/taliban']).toMatchObject({ 'prov:label': 'taliban' });
  });

  it('gives an analyst named like a party as written an agent apart from that party', () => {
    const doc = provOf(claim({ claimant: 'a spokesman', via: ['Taliban'] }), assessed('Taliban'));
    const assessment = Object.keys(doc.entity).find((e) => e.startsWith('kb:assessment/'))!;
    expect(agentOf(doc, 'wasAttributedTo', 'kb:claim/c/via/0')).toEqual(['kb:agent/as-written/taliban']);
    expect(agentOf(doc, 'wasAttributedTo', assessment)).toEqual(['kb:agent/analyst/taliban']);
    expect(doc.agent['kb:agent/as-written/taliban']).toEqual({ 'prov:label': 'Taliban' });
  });
});
