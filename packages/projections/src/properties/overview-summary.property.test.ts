// The overview's summaries (controlSummaryOf, for the status table) never build accounts, so they
// are computed apart from the accounts: they must say exactly what the whole control says of every
// mission, under any query, contested-only included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MissionControl, overviewOf, overviewSummaryOf } from '../queries/mission-control.js';
import { controlQuery, worldPlan, worldView } from './arbitrary-world.js';

const summarised = ({ accounts, retractedAccounts: _, ...rest }: MissionControl) => ({
  ...rest,
  accounts: accounts.length,
});

describe('overview summaries', () => {
  it('say of every mission what its whole control says, under any query', () => {
    fc.assert(
      fc.property(worldPlan, controlQuery, fc.boolean(), (plan, query, contestedOnly) => {
        const view = worldView(plan);
        const whole = [...overviewOf(view, { ...query, contestedOnly })];
        const progress: number[] = [];
        const summaries = [
          ...overviewSummaryOf(view, { ...query, contestedOnly }, (done) => progress.push(done)),
        ];
        expect(summaries).toEqual(whole.map(summarised));
        // Every mission is decided, yielded or not.
        expect(progress).toEqual(view.listMissions().length === 0 ? [] : progress.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });
});
