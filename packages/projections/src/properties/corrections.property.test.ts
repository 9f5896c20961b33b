// A correction replaces the fields it names and nothing else: after any sequence of corrections a
// claim reads as its recorded values with each correction's changes laid over them in order, and a
// field no correction named keeps its recorded value. (ClaimCorrected v1 broke this for credibility:
// zod kept the field's default through partial(), so every correction also reset it to 6.)
import { vagueDate } from '@kb/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { traceClaim } from '../queries/claim-trace.js';
import { claimEvent, correctEvent, recordAll } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';

/** Each correctable field with values it may be given (all valid, most unlike the recorded ones). */
const FIELD_VALUES = {
  kind: fc.constantFrom('visit', 'control', 'handover', 'closure'),
  stance: fc.constantFrom('asserts', 'denies', 'confirms', 'disputes'),
  controller: fc.constantFrom('taliban', 'republic', 'unknown', 'none'),
  occurred: fc.constantFrom('2023-03-23', '2023-03', '2022-21', '../2023-03-28').map((d) => vagueDate(d)),
  credibility: fc.integer({ min: 1, max: 6 }),
  quote: fc.string({ minLength: 1, maxLength: 20 }),
  notes: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  via: fc.array(
    fc.record({
      name: fc.constantFrom('Tolo News', 'Eurasianet'),
      relation: fc.constantFrom('cites', 'quotes'),
    }),
    { maxLength: 2 },
  ),
} as const;

type Changes = Partial<{ [K in keyof typeof FIELD_VALUES]: unknown }>;

/** A non-empty set of fields with new values. */
const changes: fc.Arbitrary<Changes> = fc
  .record(FIELD_VALUES, { requiredKeys: [] })
  .filter((c) => Object.keys(c).length > 0);

describe('corrections', () => {
  it('change the fields they name, in order, and leave every other field as recorded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(changes, { minLength: 1, maxLength: 4 }),
        (credibility, corrections) => {
          const recorded = claimEvent({
            id: 'claim',
            report: 'report-jan',
            mission: MISSION,
            kind: 'control',
            controller: 'republic',
            occurred: '2022-08',
            quote: 'as recorded',
            notes: 'recorded note',
            credibility,
          });
          const view = knowledgeView(
            foldKnowledge(
              recordAll([...smallWorld(), recorded, ...corrections.map((c) => correctEvent('claim', c))]),
            ),
          );
          const trace = traceClaim(view, 'claim')!;
          const expected: Record<string, unknown> = { ...trace.original };
          for (const c of corrections) Object.assign(expected, c);
          expect(trace.current).toEqual(expected);
          expect(trace.current.credibility).toBe(
            [...corrections].reverse().find((c) => c.credibility !== undefined)?.credibility ?? credibility,
          );
          // Each correction's trace entry names exactly the fields it was given.
          expect(trace.corrections.map((c) => Object.keys(c.after).sort())).toEqual(
            corrections.map((c) => Object.keys(c).sort()),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
