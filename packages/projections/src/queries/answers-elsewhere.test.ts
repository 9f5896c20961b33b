import { describe, expect, it } from 'vitest';
import { claimEvent, correctEvent, type recordAll, retractEvent } from '../testing/event-factory.js';
import {
  EMBASSY,
  embassyEvent,
  farDenialEvent,
  farDenialSpec,
  visitEvent,
} from '../testing/far-denial-world.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 3: a denial filed under another mission (the embassy's denial
// filed under the embassy) that names a claim of this one is listed here too, marked with where it is
// filed, and binds to the claim it names: a view never hides a standing denial of its own claims.

const view = smallWorldView;

const embassy = embassyEvent();
const visit = visitEvent();
const farDenial = (controller = 'unknown') => farDenialEvent(controller);

describe('a denial filed under another mission', () => {
  it('is listed beside the claim it denies, with where it is filed, and makes it contested', () => {
    const control = missionControl(view(embassy, visit, farDenial()), MISSION);
    expect(control.status).toBe('contested');
    expect(control.accounts.map((a) => [a.claimId, a.filedUnder, a.deniedBy])).toEqual([
      ['visit', null, ['far-denial']],
      ['far-denial', EMBASSY, []],
    ]);
    // It stays listed under its own mission too.
    expect(missionControl(view(embassy, visit, farDenial()), EMBASSY).accounts.map((a) => a.claimId)).toEqual(
      ['far-denial'],
    );
  });

  it('names no controller here: what it implies is said of the mission it is filed under', () => {
    const control = missionControl(view(embassy, visit, farDenial('republic')), MISSION);
    expect(control.status).toBe('contested');
    expect(control.accounts.find((a) => a.claimId === 'visit')?.contradicts).toEqual(['far-denial']);
    expect(control.originsByController).toEqual([
      { controller: 'taliban', accounts: 1, origins: 1 },
      { controller: 'unknown', accounts: 1, origins: 1 },
    ]);
  });

  it('follows the claim it denies when a correction moves that claim, and is listed retracted once retracted', () => {
    const here = claimEvent({ ...farDenialSpec(), mission: MISSION, id: 'near-denial' });
    const moved = view(embassy, visit, here, correctEvent('visit', { missionId: EMBASSY }));
    expect(missionControl(moved, EMBASSY).accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual([
      'near-denial',
    ]);
    const retracted = missionControl(
      view(embassy, visit, farDenial(), retractEvent('far-denial', 'w')),
      MISSION,
    );
    expect(retracted).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(retracted.retractedAccounts.map((a) => [a.claimId, a.filedUnder])).toEqual([
      ['far-denial', EMBASSY],
    ]);
  });
});

// A confirmation of that denial ("we confirm the embassy's statement: nobody came") says what the
// denial says (section 3, siding with a denial), wherever it is filed.
const confirmation = (id: string, mission: string, respondsTo = 'far-denial') =>
  claimEvent({
    id,
    report: 'report-feb',
    mission,
    kind: 'visit',
    stance: 'confirms',
    controller: 'unknown',
    occurred: '2023-01-05',
    claimant: `Second source ${id}`,
    actorId: null,
    respondsTo,
  });

describe('a confirmation of a denial filed under another mission', () => {
  it('filed beside the denial, is brought over with it and keeps the claim contested once the denial is retracted', () => {
    const world = view(embassy, visit, farDenial(), confirmation('far-confirm', EMBASSY));
    const control = missionControl(world, MISSION);
    expect(control.accounts.map((a) => [a.claimId, a.filedUnder, a.sidesWith?.claimId ?? null])).toEqual([
      ['visit', null, null],
      ['far-denial', EMBASSY, null],
      ['far-confirm', EMBASSY, 'far-denial'],
    ]);
    expect(control.accounts[0]?.deniedBy).toEqual(['far-confirm', 'far-denial']);

    const retracted = missionControl(
      view(
        embassy,
        visit,
        farDenial(),
        confirmation('far-confirm', EMBASSY),
        retractEvent('far-denial', 'w'),
      ),
      MISSION,
    );
    expect(retracted.status).toBe('contested');
    expect(retracted.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['far-confirm']);
  });

  it('through a chain of confirmations, each filed elsewhere, still answers the claim', () => {
    const world = view(
      embassy,
      visit,
      farDenial(),
      confirmation('far-confirm', EMBASSY),
      confirmation('far-confirm-2', EMBASSY, 'far-confirm'),
      retractEvent('far-denial', 'w'),
      retractEvent('far-confirm', 'w'),
    );
    const control = missionControl(world, MISSION);
    expect(control.status).toBe('contested');
    expect(control.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['far-confirm-2']);
  });

  it("filed under the denied claim's own mission, sides with the denial instead of asserting the visit", () => {
    const world = view(embassy, visit, farDenial(), confirmation('near-confirm', MISSION));
    const near = missionControl(world, MISSION).accounts.find((a) => a.claimId === 'near-confirm');
    expect(near?.sidesWith).toEqual({ claimId: 'far-denial', stance: 'denies' });
    const retracted = missionControl(
      view(
        embassy,
        visit,
        farDenial(),
        confirmation('near-confirm', MISSION),
        retractEvent('far-denial', 'w'),
      ),
      MISSION,
    );
    expect(retracted.status).toBe('contested');
    expect(retracted.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['near-confirm']);
  });

  it("filed elsewhere, confirming the mission's own denial, is brought over and answers in its place once it is retracted", () => {
    const nearDenial = claimEvent({ ...farDenialSpec(), id: 'near-denial', mission: MISSION });
    const world = (...more: Parameters<typeof recordAll>[0]) =>
      view(embassy, visit, nearDenial, confirmation('far-confirm', EMBASSY, 'near-denial'), ...more);
    const standing = missionControl(world(), MISSION);
    expect(standing.accounts.find((a) => a.claimId === 'far-confirm')).toMatchObject({
      filedUnder: EMBASSY,
      sidesWith: { claimId: 'near-denial', stance: 'denies' },
    });
    const retracted = missionControl(world(retractEvent('near-denial', 'w')), MISSION);
    expect(retracted.status).toBe('contested');
    expect(retracted.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['far-confirm']);
  });

  it('confirming an assertion filed elsewhere is not brought over', () => {
    const elsewhere = claimEvent({
      ...farDenialSpec(),
      id: 'far-assert',
      stance: 'asserts',
      respondsTo: null,
    });
    const world = view(embassy, visit, elsewhere, confirmation('far-confirm', EMBASSY, 'far-assert'));
    expect(missionControl(world, MISSION).accounts.map((a) => a.claimId)).toEqual(['visit']);
  });
});
