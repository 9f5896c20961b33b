import { describe, expect, it } from 'vitest';
import { type ClaimSpec, claimEvent } from '../testing/event-factory.js';
import { visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 1: a claim siding with a denial is placed where the denial is
// when it names no controller itself (answer-placement.test.ts); one that names a controller stays at
// its own date, as any answer naming one does, since it also says how things stood on that date.

const view = smallWorldView;

const visit = visitEvent(); // 2023-01-05, naming the Taliban
const denial = claimEvent({
  id: 'denial',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  occurred: '2023-01-20',
  claimant: 'Consul',
  actorId: null,
  respondsTo: 'visit',
});
/** The host ministry's confirmation of the denial, made on 2023-03-01. */
const confirmation = (more: Partial<ClaimSpec> = {}) =>
  claimEvent({
    id: 'confirmation',
    report: 'report-mar',
    mission: MISSION,
    kind: 'visit',
    stance: 'confirms',
    occurred: '2023-03-01',
    claimant: 'Host ministry',
    actorId: null,
    respondsTo: 'denial',
    ...more,
  });

describe('a confirmation siding with a denial, on the world axis', () => {
  it('naming a controller, stays at its own date: not listed before it, and placed nowhere else', () => {
    // "We confirm: nobody came, and the Republic holds the consulate", said on 2023-03-01.
    const naming = confirmation({ controller: 'republic' });
    const early = missionControl(view(visit, denial, naming), MISSION, { at: '2023-01-10' });
    expect(early.accounts.map((a) => a.claimId)).not.toContain('confirmation');
    expect(early.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['denial']);
    const later = missionControl(view(visit, denial, naming), MISSION, { at: '2023-03-15' });
    const account = later.accounts.find((a) => a.claimId === 'confirmation');
    expect(account?.placedAt).toBeNull();
    expect(account?.sidesWith).toEqual({ claimId: 'denial', stance: 'denies' });
    expect(later.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['confirmation', 'denial']);
  });
});
