// Whose IRI is whose in a trace's PROV document: an analyst is never a resolved actor or a party as
// written, and two names are two agents, whatever script they are written in.
import { type DomainEvent, encodeEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { assessEvent, claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';
import { slug } from './prov-terms.js';

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

const assessed = (by: string) => assessEvent('c', 2, 'checked', { assessedBy: by });

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

describe('toProvJson and a claimant written as an outlet of the trace', () => {
  it('keeps a resolved claimant written as the outlet of its report the actor, not the outlet', () => {
    // report-jan is Outlet A's: only an unresolved claimant so written is that outlet's agent.
    const doc = provOf(claim({ claimant: 'Outlet A', actorId: 'taliban' }));
    expect(agentOf(doc, 'wasAttributedTo', 'kb:claim/c')).toEqual(['kb:agent/taliban']);
    expect(doc.agent['kb:agent/taliban']).toEqual({ 'prov:label': 'Outlet A', 'kb:actor': 'taliban' });
    const unresolved = provOf(claim({ claimant: 'Outlet A' }));
    expect(agentOf(unresolved, 'wasAttributedTo', 'kb:claim/c')).toEqual(['kb:source/outlet-a']);
  });
});

describe('toProvJson and names in other scripts', () => {
  const mujahid = 'ذبیح الله مجاهد';
  const shaheen = 'سهیل شاهین';

  it('keeps two names in Arabic script two agents, as written and as analysts', () => {
    const doc = provOf(claim({ claimant: mujahid, via: [shaheen] }), corrected(mujahid), assessed(shaheen));
    const claimant = agentOf(doc, 'wasAttributedTo', 'kb:claim/c')[0];
    const quoted = agentOf(doc, 'wasAttributedTo', 'kb:claim/c/via/0')[0];
    expect(claimant).not.toBe(quoted);
    expect(doc.agent[claimant as string]).toEqual({ 'prov:label': mujahid });
    expect(doc.agent[quoted as string]).toEqual({ 'prov:label': shaheen });
    const analysts = Object.keys(doc.agent).filter((a) => a.startsWith('kb:agent/analyst/'));
    expect(analysts).toHaveLength(2);
    expect(analysts.map((a) => doc.agent[a]!['prov:label']).sort()).toEqual([mujahid, shaheen].sort());
  });

  it('gives a name the same IRI in every trace, however it was typed around it', () => {
    const once = provOf(claim({ claimant: mujahid }));
    const again = provOf(claim({ claimant: ` ${mujahid.normalize('NFD')} ` }), corrected('someone'));
    expect(agentOf(once, 'wasAttributedTo', 'kb:claim/c')).toEqual(
      agentOf(again, 'wasAttributedTo', 'kb:claim/c'),
    );
    expect(slug(mujahid)).toMatch(/^name--[0-9a-f]{12}$/);
  });

  it('keeps the readable slug of a name in Latin script, and marks every other one', () => {
    expect(slug('Sohail Shaheen')).toBe('sohail-shaheen');
    expect(slug('Tolò News')).toBe('tolo-news');
    expect(slug('Ｔｏｌｏ Ｎｅｗｓ')).toBe('tolo-news');
    // A letter the slug cannot spell would be lost: such a name is not the name without it.
    expect(slug('Straße')).not.toBe(slug('Stra e'));
    expect(slug('Mullah محمد')).toMatch(/^mullah--[0-9a-f]{12}$/);
    // No name with a digest can be another name's readable slug, nor an empty name a named one.
    expect(slug('name 0123456789ab')).toBe('name-0123456789ab');
    expect(slug('?')).not.toBe(slug('!'));
    expect(slug('')).not.toBe(slug('unnamed'));
  });
});
