import { describe, expect, it } from 'vitest';
import { type ClaimSpec, claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 4, how an origin is worked out and counted: names are folded
// for case, accents and spacing; an outlet that syndicates only relays what it heard; and one origin
// behind two controllers counts under each in `originsByController`.

const view = smallWorldView;

const control = (id: string, more: Partial<ClaimSpec>) =>
  claimEvent({
    id,
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01',
    actorId: null,
    ...more,
  });

describe('an origin', () => {
  it('folds accents, as it folds case and spacing: one spokesman spelled two ways is one origin', () => {
    const c = missionControl(
      view(
        control('plain', { claimant: 'Zabihullah Mujahid' }),
        control('accented', {
          report: 'report-feb',
          claimant: 'Ariana News',
          via: [{ name: 'Zabīhullāh  MUJĀHID', relation: 'quotes' }],
        }),
      ),
      MISSION,
    );
    expect(c.accounts.map((a) => a.origin)).toEqual(['name:zabihullah mujahid', 'name:zabihullah mujahid']);
    expect(c).toMatchObject({ status: 'undisputed', independentOrigins: 1, controllerOrigins: 1 });
  });

  it('is the claimant when the chain ends in an outlet that syndicates: the outlet only relays', () => {
    const c = missionControl(
      view(
        control('direct', { claimant: 'Taliban spokesman', actorId: 'taliban' }),
        control('syndicated', {
          report: 'report-feb',
          claimant: 'Taliban spokesman',
          actorId: 'taliban',
          via: [
            { name: 'Tolo News', relation: 'cites' },
            { name: 'Pajhwok', relation: 'syndicates' },
          ],
        }),
      ),
      MISSION,
    );
    expect(c.accounts.map((a) => a.origin)).toEqual(['actor:taliban', 'actor:taliban']);
    expect(c.independentOrigins).toBe(1);
  });
});

describe('origins per controller', () => {
  it('counts one origin behind two controllers under each of them, and once in independentOrigins', () => {
    // The same diplomatic source says the Taliban hold the mission, then that the Republic does.
    const source = { claimant: 'Afghan diplomatic source' };
    const c = missionControl(
      view(
        control('says-taliban', source),
        control('says-republic', { ...source, report: 'report-feb', controller: 'republic' }),
        control('says-taliban-too', {
          report: 'report-mar',
          claimant: 'Embassy staff',
          occurred: '2023-01-05',
        }),
      ),
      MISSION,
    );
    expect(c.status).toBe('contested');
    expect(c.originsByController).toEqual([
      { controller: 'republic', accounts: 1, origins: 1 },
      { controller: 'taliban', accounts: 2, origins: 2 },
    ]);
    expect(c.independentOrigins).toBe(2);
  });
});
