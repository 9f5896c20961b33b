import { describe, expect, it } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { originOf } from './origin.js';

// Origins beside a status (docs/contested-control.md, section 4): two accounts from one spokesman are
// two accounts but one independent origin, beside an undisputed status as in the list per controller.

const spokesman = (id: string, report: string, occurred: string) =>
  claimEvent({
    id,
    report,
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred,
    claimant: 'Zabihullah Mujahid',
    actorId: null,
  });

describe('two accounts by one spokesman', () => {
  it('count one origin behind the controller, from two accounts', () => {
    const control = missionControl(
      smallWorldView(
        spokesman('said-jan', 'report-jan', '2023-01-05'),
        spokesman('said-feb', 'report-feb', '2023-02-05'),
      ),
      MISSION,
    );
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban', independentOrigins: 1 });
    expect(control.controllerOrigins).toBe(1);
    expect(control.originsByController).toEqual([{ controller: 'taliban', accounts: 2, origins: 1 }]);
  });
});

describe('the one finally quoted', () => {
  const tolo = { asWritten: 'Tolo News', actorId: null };

  it('is the last link of the chain, not the first one that quotes', () => {
    // Tolo News quotes an ambassador, who quotes the spokesman: the spokesman is the origin.
    expect(
      originOf(tolo, [
        { name: 'Ambassador X', relation: 'quotes' },
        { name: 'Zabihullah Mujahid', relation: 'quotes' },
      ]),
    ).toBe('name:zabihullah mujahid');
    // A chain ending in a citation quotes no one finally: the claimant is the origin.
    expect(
      originOf(tolo, [
        { name: 'Zabihullah Mujahid', relation: 'quotes' },
        { name: 'Ariana', relation: 'cites' },
      ]),
    ).toBe('name:tolo news');
  });

  it('makes the spokesman quoted at the end of a chain one origin with the spokesman himself', () => {
    const relayed = claimEvent({
      id: 'relayed',
      report: 'report-feb',
      mission: MISSION,
      kind: 'control',
      controller: 'taliban',
      occurred: '2023-01',
      claimant: 'Tolo News',
      actorId: null,
      via: [
        { name: 'Ambassador X', relation: 'quotes' },
        { name: 'Zabihullah Mujahid', relation: 'quotes' },
      ],
    });
    const control = missionControl(
      smallWorldView(spokesman('said-jan', 'report-jan', '2023-01'), relayed),
      MISSION,
    );
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban', independentOrigins: 1 });
    expect(control.controllerOrigins).toBe(1);
  });
});
