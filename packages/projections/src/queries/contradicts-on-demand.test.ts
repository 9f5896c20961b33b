import { describe, expect, it, vi } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import type { RuleAccount, RuleOutcome } from './contest-rule.js';
import { missionControl } from './mission-control.js';

// An account that binds or is bound has a contradiction list of its own, so a mission's lists
// together grow with the square of its accounts. Built with every account, they were all held at
// once: kb status --json took 1.9 GB on a store of 46,000 events (four missions of 10,000 claims),
// where the same command on 500,000 events of small missions took 193 MB. Each account's list is
// made when it is read and not kept. The rule's list-maker is counted here, so a return to building
// them all up front fails without anything being timed.

const made = vi.hoisted(() => ({ lists: 0 }));

vi.mock('./contest-rule.js', async (importOriginal) => {
  const rule = await importOriginal<typeof import('./contest-rule.js')>();
  return {
    ...rule,
    decideControl: (standing: readonly RuleAccount[]): RuleOutcome => {
      const outcome = rule.decideControl(standing);
      return {
        ...outcome,
        contradicts: (claimId: string) => {
          made.lists += 1;
          return outcome.contradicts(claimId);
        },
      };
    },
  };
});

// Six accounts naming two controllers, and a denial binding to two of them: the denial and the two
// it binds have lists of their own, the others share one per controller.
const world = () =>
  smallWorldView(
    ...['a1', 'a2', 'a3'].map((id, i) =>
      claimEvent({
        id,
        report: 'report-jan',
        mission: MISSION,
        kind: 'control',
        controller: 'taliban',
        occurred: `2023-01-0${i + 1}`,
      }),
    ),
    ...['b1', 'b2', 'b3'].map((id, i) =>
      claimEvent({
        id,
        report: 'report-feb',
        mission: MISSION,
        kind: 'visit',
        controller: 'republic',
        occurred: `2023-01-0${i + 1}`,
      }),
    ),
    claimEvent({
      id: 'd1',
      report: 'report-feb',
      mission: MISSION,
      kind: 'control',
      stance: 'denies',
      occurred: '2023-01-02/2023-01-03',
    }),
  );

describe('contradiction lists made on demand', () => {
  it('builds no account’s list until it is read, and one list for each read', () => {
    made.lists = 0;
    const control = missionControl(world(), MISSION);
    expect(control.status).toBe('contested');
    expect(control.accounts).toHaveLength(7);
    expect(made.lists).toBe(0);

    const byId = new Map(control.accounts.map((a) => [a.claimId, a.contradicts]));
    expect(made.lists).toBe(7);
    expect(byId.get('d1')).toEqual(['a2', 'a3', 'b2', 'b3']);
    expect(byId.get('a2')).toEqual(['b1', 'b2', 'b3', 'd1']);
    expect(byId.get('a1')).toEqual(['b1', 'b2', 'b3']);
    expect(byId.get('b1')).toEqual(['a1', 'a2', 'a3']);
  });

  it('writes the list in JSON as a member like any other', () => {
    const control = missionControl(world(), MISSION);
    const account = control.accounts.find((a) => a.claimId === 'b2');
    expect(Object.keys(account ?? {})).toContain('contradicts');
    expect(JSON.parse(JSON.stringify(account)).contradicts).toEqual(['a1', 'a2', 'a3', 'd1']);
    expect({ ...account }.contradicts).toEqual(['a1', 'a2', 'a3', 'd1']);
  });
});
