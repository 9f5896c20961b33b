// A timeline misses no change: on any day, the step in force says what the mission's control says
// when asked afresh for that day. timeline-steps.property.test.ts holds each step to the question on
// the days the steps fall on; this one asks on the days around every date the generated claims and
// reports carry, so a change the timeline never stepped on (an answer filed under another mission
// that stays at its own date, say) shows as a day where the two disagree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missionControl } from '../queries/mission-control.js';
import { missionTimeline } from '../queries/mission-timeline.js';
import { worldPlan, worldView } from './arbitrary-world.js';

// The bounds of every date arbitrary-world.ts gives a claim (2023-03-23, 2023-03, 2022-08,
// ../2023-03-28, spring 2022) or a report (2023-01-10, 2023-02, 2023-03-28, 2022), each with the day
// before and the day after.
const BOUNDS = [
  '2022-01-01',
  '2022-03-01',
  '2022-05-31',
  '2022-08-01',
  '2022-08-31',
  '2022-12-31',
  '2023-01-10',
  '2023-02-01',
  '2023-02-28',
  '2023-03-01',
  '2023-03-23',
  '2023-03-28',
  '2023-03-31',
];
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const DAYS = [...new Set(BOUNDS.flatMap((d) => [shift(d, -1), d, shift(d, 1)]))].sort();

interface Said {
  readonly status: string;
  readonly controller: string | null;
  readonly claimIds: readonly string[];
  readonly retracted: readonly string[];
}

const NOTHING: Said = { status: 'unknown', controller: null, claimIds: [], retracted: [] };

describe('a mission timeline', () => {
  it('says on every day what the mission control says asked for that day, on both axes', () => {
    fc.assert(
      fc.property(worldPlan, (plan) => {
        const view = worldView(plan);
        for (const mission of view.listMissions()) {
          const { world, publication } = missionTimeline(view, mission.id);
          for (const day of DAYS) {
            const worldStep = world.findLast((s) => s.from === null || s.from <= day) ?? NOTHING;
            const atDay = missionControl(view, mission.id, { at: day });
            expect(said(worldStep), `${mission.id}: world day ${day}`).toEqual(said(asStep(atDay)));
            const knownStep = publication.findLast((s) => s.knownAt <= day) ?? NOTHING;
            const knownBy = missionControl(view, mission.id, { knownAt: day });
            expect(said(knownStep), `${mission.id}: known at ${day}`).toEqual(said(asStep(knownBy)));
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

function asStep(control: ReturnType<typeof missionControl>): Said {
  return {
    status: control.status,
    controller: control.controller,
    claimIds: control.accounts.map((a) => a.claimId),
    retracted: control.retractedAccounts.map((a) => a.claimId),
  };
}

const said = (s: Said): Said => ({
  status: s.status,
  controller: s.controller,
  claimIds: s.claimIds,
  retracted: s.retracted,
});
