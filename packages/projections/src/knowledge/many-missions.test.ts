// manyMissionsView looks up only the claim ids some claim answers: it must answer respondersToAny
// exactly as the view it wraps, for any list of ids, known or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { worldPlan, worldView } from '../properties/arbitrary-world.js';
import type { KnowledgeView } from './knowledge-view.js';
import { manyMissionsView } from './many-missions.js';

const ids = (view: KnowledgeView, asked: readonly string[]) => view.respondersToAny(asked).map((c) => c.id);

describe('manyMissionsView', () => {
  it('answers respondersToAny as the view it wraps, for every mission and any list of ids', () => {
    fc.assert(
      fc.property(worldPlan, fc.array(fc.nat(), { maxLength: 12 }), (plan, picks) => {
        const view = worldView(plan);
        const many = manyMissionsView(view);
        for (const mission of view.listMissions()) {
          const own = view.claimsOfMission(mission.id).map((c) => c.id);
          expect(ids(many, own)).toEqual(ids(view, own));
        }
        const claimIds = [...view.listClaimIds(), 'no-such-claim'];
        const asked = picks.map((p) => claimIds[p % claimIds.length]!);
        expect(ids(many, asked)).toEqual(ids(view, asked));
      }),
      { numRuns: 200 },
    );
  });

  it('asks the wrapped view for the answered ids once, and not at all for ids none answers', () => {
    const view = worldView({ claims: [], regrades: [], revisions: [] });
    let reads = 0;
    let lookups = 0;
    const counted: KnowledgeView = {
      ...view,
      answeredClaimIds: () => {
        reads++;
        return new Set(['answered']);
      },
      respondersToAny: (asked) => {
        lookups++;
        expect(asked).toEqual(['answered']);
        return [];
      },
    };
    const many = manyMissionsView(counted);
    expect(many.respondersToAny(['a', 'b'])).toEqual([]);
    expect(many.respondersToAny(['a', 'answered'])).toEqual([]);
    expect([reads, lookups]).toEqual([1, 1]);
  });
});
