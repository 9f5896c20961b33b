// Who is who in a trace's PROV document: the claimant and a party the chain quotes are two agents
// whenever they are two names, even when both fold to the same id (a claimant resolved to an actor
// and a quoted name that reads as that actor's id), and the chain says one was quoted.
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';
import { qname } from './prov-terms.js';

const provOf = (
  via: { name: string; relation: 'cites' | 'quotes' }[],
  claimant = 'Taliban spokesman',
  actorId: string | null = 'taliban',
) =>
  toProvJson(
    traceClaim(
      knowledgeView(
        foldKnowledge(
          recordAll([
            ...smallWorld(),
            claimEvent({
              id: 'c',
              report: 'report-jan',
              mission: MISSION,
              kind: 'control',
              controller: 'taliban',
              occurred: '2023-02',
              claimant,
              actorId,
              via,
            }),
          ]),
        ),
      ),
      'c',
    )!,
  );

const attributedTo = (doc: ReturnType<typeof provOf>, entity: string) =>
  Object.values(doc.wasAttributedTo).find((a) => a['prov:entity'] === entity)?.['prov:agent'];

describe('toProvJson and the parties of a citation chain', () => {
  it('keeps a quoted party apart from a claimant whose actor id its name folds to', () => {
    const doc = provOf([
      { name: 'Tolo News', relation: 'cites' },
      { name: 'Taliban', relation: 'quotes' },
    ]);
    const claimant = attributedTo(doc, 'kb:claim/c');
    const quoted = attributedTo(doc, 'kb:claim/c/via/1');
    expect(claimant).toBe('kb:agent/taliban');
    expect(quoted).toBeDefined();
    expect(quoted).not.toBe(claimant);
    expect(doc.agent[claimant as string]).toEqual({
      'prov:label': 'Taliban spokesman',
      'kb:actor': 'taliban',
    });
    expect(doc.agent[quoted as string]).toEqual({ 'prov:label': 'Taliban' });
    // The chain: the claim read from the report, which cites Tolo News, which quotes the Taliban.
    expect(Object.values(doc.wasDerivedFrom)).toContainEqual({
      'prov:generatedEntity': 'kb:claim/c/via/0',
      'prov:usedEntity': 'kb:claim/c/via/1',
      'prov:type': qname('prov:Quotation'),
    });
  });

  it('keeps one agent when the chain quotes the claimant by the very name the claimant is written with', () => {
    const doc = provOf([{ name: 'the embassy', relation: 'quotes' }], 'the embassy', null);
    expect(attributedTo(doc, 'kb:claim/c/via/0')).toBe('kb:agent/as-written/the-embassy');
    expect(attributedTo(doc, 'kb:claim/c')).toBe('kb:agent/as-written/the-embassy');
  });

  it('never gives a name as written the agent of a resolved actor, in this trace or another', () => {
    // The claimant is an unnamed spokesman resolved to nothing; the chain quotes "Taliban".
    const quoting = provOf([{ name: 'Taliban', relation: 'quotes' }], 'a spokesman', null);
    const quoted = attributedTo(quoting, 'kb:claim/c/via/0');
    // Another trace, whose claimant was resolved to the actor taliban.
    const resolved = attributedTo(provOf([], 'Taliban', 'taliban'), 'kb:claim/c');
    expect(resolved).toBe('kb:agent/taliban');
    expect(quoted).toBe('kb:agent/as-written/taliban');
    // An unresolved claimant written "Taliban" is a name as written too.
    const unresolved = attributedTo(provOf([], 'Taliban', null), 'kb:claim/c');
    expect(unresolved).toBe('kb:agent/as-written/taliban');
    expect(Object.keys(quoting.agent)).not.toContain('kb:agent/taliban');
  });
});
