import { describe, expect, it } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 1: with no `at`, an account counts as `certainly` when it has a
// latest bound and `possibly` when it has none, and the answer as a whole says so too.

const claim = (occurred: string) =>
  claimEvent({
    id: 'c',
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred,
  });

describe('happened with no world day', () => {
  it('is possibly for an account with an open end', () => {
    const control = missionControl(smallWorldView(claim('2022-03/..')), MISSION);
    expect(control.accounts[0]?.occurred).toMatchObject({
      text: '2022-03/..',
      latest: null,
      happened: 'possibly',
    });
    expect(control).toMatchObject({
      status: 'undisputed',
      controller: 'taliban',
      happened: 'possibly',
      restsOn: { accounts: 1, possibly: 1 },
    });
  });

  it('is certainly for an account with a latest day', () => {
    const control = missionControl(smallWorldView(claim('2022-03')), MISSION);
    expect(control.accounts[0]?.occurred.happened).toBe('certainly');
    expect(control).toMatchObject({ happened: 'certainly', restsOn: { accounts: 1, possibly: 0 } });
  });
});
