import { describe, expect, it } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { visitEvent } from '../testing/far-denial-world.js';
import { appointmentOf2022, MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 1: an explicit denial is placed at the claim it answers, and at
// where that claim is placed only when it is itself an explicit answer. A confirmation of an assertion
// is no answer: a denial of it stands at the confirmation's date, not at the visit it confirms.

const visit = visitEvent(); // 2023-01-05
const confirmation = claimEvent({
  id: 'visit2',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'confirms',
  controller: 'taliban',
  occurred: '2023-02-01',
  respondsTo: 'visit',
});
const denial = claimEvent({
  id: 'denial',
  report: 'report-mar',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  controller: 'unknown',
  occurred: '2023-03-01',
  respondsTo: 'visit2',
});
const v = smallWorldView(visit, confirmation, denial);

describe('a denial of a confirmation', () => {
  it('is placed at the confirmation it answers, not at the visit the confirmation confirms', () => {
    const account = missionControl(v, MISSION).accounts.find((a) => a.claimId === 'denial');
    expect(account?.placedAt).toEqual({
      claimId: 'visit2',
      occurred: { text: '2023-02-01', earliest: '2023-02-01', latest: '2023-02-01', anchor: null },
    });
    expect(missionControl(v, MISSION).accounts.find((a) => a.claimId === 'visit2')?.deniedBy).toEqual([
      'denial',
    ]);
  });

  it('is not listed on a world day after the visit but before the confirmation', () => {
    const control = missionControl(v, MISSION, { at: '2023-01-10' });
    expect(control.accounts.map((a) => a.claimId)).toEqual(['visit']);
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(missionControl(v, MISSION, { at: '2023-02-01' }).accounts.map((a) => a.claimId)).toEqual([
      'visit',
      'visit2',
      'denial',
    ]);
  });
});

// An answer naming a controller stays at its own date (section 1): one answering it is placed there,
// and a confirmation siding with it is placed where it is, not at the claim it disputes.
const appointment = appointmentOf2022();
// "The Republic still held it in January 2024", disputing the 2022 appointment.
const republic = claimEvent({
  id: 'republic-2024',
  report: 'report-feb',
  mission: MISSION,
  kind: 'appointment',
  stance: 'disputes',
  controller: 'republic',
  occurred: '2024-01',
  respondsTo: 'appointment',
});
const answering = (id: string, stance: 'denies' | 'confirms') =>
  claimEvent({
    id,
    report: 'report-mar',
    mission: MISSION,
    kind: 'appointment',
    stance,
    controller: 'unknown',
    occurred: '2024-03-01',
    respondsTo: 'republic-2024',
  });
const JANUARY_2024 = { text: '2024-01', earliest: '2024-01-01', latest: '2024-01-31', anchor: null };

describe('an answer to a dispute that names a controller', () => {
  it('is placed at the dispute, where it stays, not at the appointment the dispute answers', () => {
    const w = smallWorldView(appointment, republic, answering('deny-republic', 'denies'));
    const account = missionControl(w, MISSION).accounts.find((a) => a.claimId === 'deny-republic');
    expect(account?.placedAt).toEqual({ claimId: 'republic-2024', occurred: JANUARY_2024 });
    // In 2023 neither the dispute nor its denial has happened: the appointment stands alone.
    const mid = missionControl(w, MISSION, { at: '2023-06-01' });
    expect(mid.accounts.map((a) => a.claimId)).toEqual(['appointment']);
    expect(mid).toMatchObject({ status: 'undisputed', controller: 'taliban' });
  });

  it('siding with it, a confirmation is placed at the dispute too, and binds nothing before it', () => {
    const w = smallWorldView(appointment, republic, answering('confirm-republic', 'confirms'));
    const account = missionControl(w, MISSION).accounts.find((a) => a.claimId === 'confirm-republic');
    expect(account?.sidesWith).toMatchObject({ claimId: 'republic-2024' });
    expect(account?.placedAt).toEqual({ claimId: 'republic-2024', occurred: JANUARY_2024 });
    const mid = missionControl(w, MISSION, { at: '2023-06-01' });
    expect(mid.accounts.map((a) => [a.claimId, a.deniedBy])).toEqual([['appointment', []]]);
    expect(mid).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    // From February 2024 the dispute and the confirmation stand, and the appointment is answered.
    const later = missionControl(w, MISSION, { at: '2024-02-01' });
    expect(later.status).toBe('contested');
    expect(later.accounts.find((a) => a.claimId === 'appointment')?.deniedBy).toEqual([
      'confirm-republic',
      'republic-2024',
    ]);
  });
});
