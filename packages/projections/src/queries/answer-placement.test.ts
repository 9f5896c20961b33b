import { describe, expect, it } from 'vitest';
import { type ClaimSpec, claimEvent } from '../testing/event-factory.js';
import { visitEvent } from '../testing/far-denial-world.js';
import { appointmentOf2022, MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, sections 1 and 3: an explicit answer is about the event it answers, so
// on the world axis it is placed at its target's `occurred`, not at the day it was made.

const view = smallWorldView;

const visit = visitEvent();
const answer = (more: Partial<ClaimSpec> = {}) =>
  claimEvent({
    id: 'denial',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    controller: 'unknown',
    // The day the consul spoke, after the visit he denies.
    occurred: '2023-01-20',
    claimant: 'Consul',
    actorId: null,
    respondsTo: 'visit',
    ...more,
  });

/** A confirmation by the host ministry, dated 2023-03-01, of the claim `respondsTo` names. */
const confirming = (id: string, respondsTo: string) =>
  claimEvent({
    id,
    report: 'report-mar',
    mission: MISSION,
    kind: 'visit',
    stance: 'confirms',
    occurred: '2023-03-01',
    claimant: 'Host ministry',
    actorId: null,
    respondsTo,
  });

describe('an explicit answer on the world axis', () => {
  it('stands at the date of the claim it denies, whatever day it was made', () => {
    const control = missionControl(view(visit, answer()), MISSION, { at: '2023-01-10' });
    expect(control.status).toBe('contested');
    const denial = control.accounts.find((a) => a.claimId === 'denial');
    expect(denial?.occurred).toMatchObject({ text: '2023-01-20', happened: 'certainly' });
    expect(denial?.placedAt).toEqual({
      claimId: 'visit',
      occurred: { text: '2023-01-05', earliest: '2023-01-05', latest: '2023-01-05', anchor: null },
    });
    expect(control.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['denial']);
    // Before the visit, neither stands.
    expect(missionControl(view(visit, answer()), MISSION, { at: '2023-01-04' }).accounts).toEqual([]);
  });

  it('places a dispute and a confirmation of the denial there too, and leaves an implicit denial at its own date', () => {
    const disputed = missionControl(view(visit, answer({ stance: 'disputes' })), MISSION, {
      at: '2023-01-10',
    });
    expect(disputed.status).toBe('contested');
    const confirmation = confirming('seconded', 'denial');
    const seconded = missionControl(view(visit, answer(), confirmation), MISSION, { at: '2023-01-10' });
    expect(seconded.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['denial', 'seconded']);
    const implicit = missionControl(view(visit, answer({ respondsTo: null })), MISSION, { at: '2023-01-10' });
    expect(implicit).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(implicit.accounts.map((a) => a.placedAt)).toEqual([null]);
  });

  it('leaves an answer that names a controller at its own date, where a change before it cannot supersede it', () => {
    const appointment = appointmentOf2022();
    const handover = claimEvent({
      id: 'handover',
      report: 'report-feb',
      mission: MISSION,
      kind: 'handover',
      controller: 'taliban',
      occurred: '2023-03-23',
    });
    // "The Republic still held it in January 2024", disputing the appointment.
    const republic = answer({
      id: 'republic-2024',
      stance: 'disputes',
      controller: 'republic',
      occurred: '2024-01',
      respondsTo: 'appointment',
    });
    const control = missionControl(view(appointment, handover, republic), MISSION, { at: '2024-02-01' });
    expect(control.status).toBe('contested');
    const account = control.accounts.find((a) => a.claimId === 'republic-2024');
    expect(account?.placedAt).toBeNull();
    expect(account?.supersededBy).toBeNull();
    // Before its own date it does not stand: it says nothing of 2022.
    const before = missionControl(view(appointment, handover, republic), MISSION, { at: '2023-06-01' });
    expect(before.accounts.map((a) => a.claimId)).not.toContain('republic-2024');
  });

  it('is read by the rule at its target date, so a change between the two supersedes it with the claim it denies', () => {
    const handover = claimEvent({
      id: 'handover',
      report: 'report-mar',
      mission: MISSION,
      kind: 'handover',
      controller: 'republic',
      occurred: '2023-03',
    });
    // Said during the handover month, but about the visit of 2023-01-05: the handover is after both.
    const late = answer({ report: 'report-mar', occurred: '2023-03-10' });
    const control = missionControl(view(visit, handover, late), MISSION, { at: '2023-04-01' });
    expect(control).toMatchObject({ status: 'undisputed', controller: 'republic' });
    const denial = control.accounts.find((a) => a.claimId === 'denial');
    expect(denial?.placedAt).toMatchObject({ claimId: 'visit' });
    expect(denial?.supersededBy).toBe('handover');
    expect(control.accounts.find((a) => a.claimId === 'visit')?.supersededBy).toBe('handover');
  });

  it('places a confirmation of an implicit denial at that denial’s own date', () => {
    // d1 names no claim it answers: it stands at its own date, and so does the claim siding with it.
    const implicit = answer({ id: 'd1', occurred: '2023-01', respondsTo: null });
    const confirmation = confirming('c', 'd1');
    const control = missionControl(view(visit, implicit, confirmation), MISSION, { at: '2023-02-01' });
    const seconded = control.accounts.find((a) => a.claimId === 'c');
    expect(seconded?.occurred).toMatchObject({ text: '2023-03-01' });
    expect(seconded?.placedAt).toEqual({
      claimId: 'd1',
      occurred: { text: '2023-01', earliest: '2023-01-01', latest: '2023-01-31', anchor: null },
    });
    expect(control.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['c', 'd1']);
  });
});
