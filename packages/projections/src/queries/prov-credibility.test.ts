// The credibility in force travels with the claim entity of a trace's PROV document, as kb trace's
// text and --json give it (`credibility`), beside the credibility as recorded (`kb:credibility`),
// and names the entity it is read from.
import type { DomainEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { assessEvent, claimEvent, correctEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';
import { qname } from './prov-terms.js';

const claim = claimEvent({
  id: 'c',
  report: 'report-jan',
  mission: MISSION,
  kind: 'visit',
  occurred: '2023-01-05',
  credibility: 5,
});

/** An assessment that gives a likelihood and no credibility: the credibility in force stays. */
const likelihoodOnly = assessEvent('c', null, 'seen elsewhere', {
  assessedBy: 'desk',
  assessedOn: '2024-02-01',
  likelihood: 'likely',
});

const traced = (...events: DomainEvent[]) => {
  const view = smallWorldView(claim, ...events);
  const trace = traceClaim(view, 'c')!;
  return { trace, entity: toProvJson(trace).entity['kb:claim/c']! };
};

describe('toProvJson and the credibility in force', () => {
  it('is the claim as recorded when nothing was said of it since', () => {
    const { trace, entity } = traced();
    expect(trace.credibility).toBe(5);
    expect(entity).toMatchObject({
      'kb:credibility': 5,
      'kb:credibilityInForce': 5,
      'kb:credibilityInForceFrom': qname('kb:claim/c'),
    });
  });

  it('is the revision of the last correction that changed it, when no assessment gives one', () => {
    const { trace, entity } = traced(
      correctEvent('c', { credibility: 4 }),
      correctEvent('c', { notes: 'x' }),
    );
    expect(trace.credibility).toBe(4);
    expect(entity).toMatchObject({
      'kb:credibility': 5,
      'kb:credibilityInForce': 4,
      'kb:credibilityInForceFrom': qname('kb:claim/c/revision/1'),
    });
  });

  it('is the revision of the later of two corrections that changed it', () => {
    const { trace, entity } = traced(
      correctEvent('c', { credibility: 4 }),
      correctEvent('c', { credibility: 3 }),
    );
    expect(trace.credibility).toBe(3);
    expect(entity).toMatchObject({
      'kb:credibilityInForce': 3,
      'kb:credibilityInForceFrom': qname('kb:claim/c/revision/2'),
    });
  });

  it('is the latest assessment that gives one, as the text and --json have it', () => {
    const { trace, entity } = traced(
      correctEvent('c', { credibility: 4 }),
      assessEvent('c', 2, 'checked'),
      likelihoodOnly,
    );
    expect(trace.credibility).toBe(2);
    expect(trace.credibilityAssessed).toMatchObject({ assessedBy: 'analyst' });
    const doc = toProvJson(trace);
    const [assessment] = Object.entries(doc.entity).filter(([, e]) => e['kb:credibility'] === 2);
    expect(assessment?.[0]).toMatch(/^kb:assessment\//);
    expect(entity).toMatchObject({
      'kb:credibility': 5,
      'kb:credibilityInForce': 2,
      'kb:credibilityInForceFrom': qname(assessment![0]),
    });
    // The assessment it is read from is the analyst's.
    expect(Object.values(doc.wasAttributedTo)).toContainEqual({
      'prov:entity': assessment![0],
      'prov:agent': 'kb:agent/analyst/analyst',
    });
  });
});
