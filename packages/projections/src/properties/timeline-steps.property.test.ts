// The timeline reads a mission's claims once and cuts them for each day (controlStepsOf); the plain
// question asks the view again for every day (controlStepOf, which is controlOf without accounts).
// Both must say the same of every mission, on every day and cut, and match the whole control.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveQuery } from '../queries/control-query.js';
import { controlOf, controlStepOf, controlStepsOf } from '../queries/mission-control.js';
import { worldPlan, worldView } from './arbitrary-world.js';

const AT = [undefined, '2021-12-31', '2022-06-01', '2023-03-01', '2023-03-23', '2023-03-28', '2024-01-01'];
const KNOWN_AT = [undefined, '2022-12-31', '2023-01-10', '2023-02-15', '2023-02-28', '2023-03-28'];

describe('timeline steps', () => {
  it('cut once-read claims into what the plain question says on every day, and the whole control agrees', () => {
    fc.assert(
      fc.property(worldPlan, (plan) => {
        const view = worldView(plan);
        for (const mission of view.listMissions()) {
          const steps = controlStepsOf(view, mission.id, null);
          for (const at of AT) {
            for (const knownAt of KNOWN_AT) {
              const query = resolveQuery({ ...(at && { at }), ...(knownAt && { knownAt }) });
              const step = steps(query);
              expect(step, `${mission.id} at ${at} known at ${knownAt}`).toEqual(
                controlStepOf(view, mission.id, query),
              );
              const whole = controlOf(view, mission.id, query);
              expect([step.status, step.controller, step.happened, step.claimIds, step.retracted]).toEqual([
                whole.status,
                whole.controller,
                whole.happened,
                whole.accounts.map((a) => a.claimId),
                whole.retractedAccounts.map((a) => a.claimId),
              ]);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
