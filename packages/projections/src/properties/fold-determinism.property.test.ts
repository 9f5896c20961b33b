// Folding is a function of the events: the same log folded twice gives deep-equal state and
// deep-equal answers, and folding never leaks state from one fold into the next.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { overview } from '../queries/mission-control.js';
import { sourceLedger } from '../queries/source-ledger.js';
import { recordAll } from '../testing/event-factory.js';
import { controlQuery, worldEvents, worldPlan } from './arbitrary-world.js';

describe('folding is deterministic', () => {
  it('the same events give a deep-equal state and overview, twice, under any query', () => {
    fc.assert(
      fc.property(worldPlan, controlQuery, (plan, query) => {
        const events = recordAll(worldEvents(plan));
        const first = foldKnowledge(events);
        const second = foldKnowledge(events);
        expect(second).toEqual(first);
        const a = overview(knowledgeView(first), query);
        const b = overview(knowledgeView(second), query);
        expect(b).toEqual(a);
        // Through JSON too: no Map order or undefined member tells the two apart once printed.
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(sourceLedger(knowledgeView(second))).toEqual(sourceLedger(knowledgeView(first)));
      }),
      { numRuns: 300 },
    );
  });

  it('folding other worlds in between changes nothing (no state shared across folds)', () => {
    fc.assert(
      fc.property(worldPlan, fc.array(worldPlan, { maxLength: 3 }), (plan, others) => {
        const events = recordAll(worldEvents(plan));
        const before = overview(knowledgeView(foldKnowledge(events)));
        for (const other of others) overview(knowledgeView(foldKnowledge(recordAll(worldEvents(other)))));
        expect(overview(knowledgeView(foldKnowledge(events)))).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('does not mutate the events it folds', () => {
    fc.assert(
      fc.property(worldPlan, (plan) => {
        const events = recordAll(worldEvents(plan));
        const copy = structuredClone(events);
        foldKnowledge(events);
        expect(events).toEqual(copy);
      }),
      { numRuns: 100 },
    );
  });
});
