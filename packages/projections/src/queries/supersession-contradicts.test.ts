import { describe, expect, it } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, sections 4 and 5: an account and the change that superseded it tell one
// story in order, so neither lists the other in `contradicts`, unless one binds the other. An
// explicit dispute of a closure stays in the closure's `contradicts`, and the closure in the
// dispute's, however the supersession chain links the two.

const dispute = claimEvent({
  id: 'x-dispute',
  report: 'report-jan',
  mission: MISSION,
  kind: 'control',
  stance: 'disputes',
  respondsTo: 'c2-closure',
  controller: 'republic',
  occurred: '2023-01-01',
});
const handover = claimEvent({
  id: 'c1-handover',
  report: 'report-feb',
  mission: MISSION,
  kind: 'handover',
  controller: 'taliban',
  occurred: '2023-02-01',
});
const closure = claimEvent({
  id: 'c2-closure',
  report: 'report-mar',
  mission: MISSION,
  kind: 'closure',
  controller: 'none',
  occurred: '2023-03-01',
});

describe('contradicts beside a supersession chain', () => {
  it('keeps an explicit dispute and the closure it disputes in each other’s contradicts', () => {
    const control = missionControl(smallWorldView(dispute, handover, closure), MISSION);
    const byId = (id: string) => control.accounts.find((a) => a.claimId === id);
    // The handover supersedes the dispute, and the closure the handover: one chain from the dispute.
    expect(control).toMatchObject({ status: 'undisputed', controller: 'none' });
    expect(byId('x-dispute')?.supersededBy).toBe('c1-handover');
    expect(byId('c1-handover')?.supersededBy).toBe('c2-closure');
    expect(byId('c2-closure')?.deniedBy).toEqual(['x-dispute']);
    expect(byId('c1-handover')?.contradicts).toEqual([]);
    expect(byId('c2-closure')?.contradicts).toEqual(['x-dispute']);
    expect(byId('x-dispute')?.contradicts).toEqual(['c2-closure']);
  });

  it('takes every later change of a two-link chain out of the first account’s contradicts', () => {
    // Republic holds it (2022-12), then the handover and the closure: one story in order.
    const republic = claimEvent({
      id: 'a-republic',
      report: 'report-jan',
      mission: MISSION,
      kind: 'control',
      controller: 'republic',
      occurred: '2022-12',
    });
    const control = missionControl(smallWorldView(dispute, handover, closure, republic), MISSION);
    const byId = (id: string) => control.accounts.find((a) => a.claimId === id);
    expect(control).toMatchObject({ status: 'undisputed', controller: 'none' });
    expect(byId('a-republic')?.supersededBy).toBe('c1-handover');
    expect(byId('c1-handover')?.supersededBy).toBe('c2-closure');
    // The closure two links on is in sequence with it too, not a contradiction.
    expect(byId('a-republic')?.contradicts).toEqual([]);
    expect(byId('c2-closure')?.contradicts).toEqual(['x-dispute']);
  });
});
