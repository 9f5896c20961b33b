import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, missionEvent, recordAll, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// What a mission's accounts say about the claims they answer: a confirmation of a denial sides with
// the denial (docs/contested-control.md, section 3).

const view = smallWorldView;

const denial = claimEvent({
  id: 'd1',
  report: 'report-jan',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  occurred: '2023-01-05',
  respondsTo: 'never-recorded',
  claimant: 'Embassy',
});
const confirmation = claimEvent({
  id: 'c',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'confirms',
  occurred: '2023-01-05',
  respondsTo: 'd1',
  claimant: 'Consulate staff',
});
const implicitDenial = claimEvent({
  id: 'd2',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  occurred: '2023-01',
  claimant: 'Foreign ministry',
});

describe('a claim that confirms a denial', () => {
  it('sides with the denial: not bound by other denials, contradicting none of them', () => {
    const control = missionControl(view(denial, confirmation, implicitDenial), MISSION);
    expect(control.status).toBe('unknown');
    expect(control.accounts.map((a) => [a.claimId, a.contradicts, a.deniedBy, a.sidesWith])).toEqual([
      ['d2', [], [], null],
      ['d1', [], [], null],
      ['c', [], [], { claimId: 'd1', stance: 'denies' }],
    ]);
  });

  it('answers what the denial answers, also when the denial itself is retracted', () => {
    const visit = claimEvent({
      id: 'v',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-01-05',
      claimant: 'Taliban spokesman',
    });
    const answering = claimEvent({
      id: 'd1',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-01-05',
      respondsTo: 'v',
    });
    const confirmed = missionControl(view(visit, answering, confirmation), MISSION);
    expect(confirmed.status).toBe('contested');
    expect(confirmed.accounts.find((a) => a.claimId === 'v')?.deniedBy).toEqual(['c', 'd1']);
    const retracted = missionControl(
      view(visit, answering, confirmation, retractEvent('d1', 'withdrawn')),
      MISSION,
    );
    expect(retracted.status).toBe('contested');
    expect(retracted.accounts.find((a) => a.claimId === 'v')?.deniedBy).toEqual(['c']);
  });

  it('sides with the denial through a confirmation of the confirmation', () => {
    const again = claimEvent({
      id: 'c2',
      report: 'report-mar',
      mission: MISSION,
      kind: 'visit',
      stance: 'confirms',
      occurred: '2023-01-05',
      respondsTo: 'c',
    });
    const control = missionControl(view(denial, confirmation, implicitDenial, again), MISSION);
    expect(control.status).toBe('unknown');
    expect(control.accounts.find((a) => a.claimId === 'c2')?.sidesWith).toEqual({
      claimId: 'd1',
      stance: 'denies',
    });
  });
});

describe('a claim that answers a denial without siding with it', () => {
  it('rebuts it when it asserts: it stands as an assertion, and the denial still denies its target', () => {
    const visit = claimEvent({
      id: 'v',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-01-05',
    });
    const answering = claimEvent({
      id: 'd1',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-01-05',
      respondsTo: 'v',
    });
    const rebuttal = claimEvent({
      id: 'r',
      report: 'report-feb',
      mission: MISSION,
      kind: 'visit',
      stance: 'asserts',
      controller: 'taliban',
      occurred: '2023-01-05',
      respondsTo: 'd1',
    });
    const control = missionControl(view(visit, answering, rebuttal), MISSION);
    expect(control.status).toBe('contested');
    expect(control.accounts.find((a) => a.claimId === 'r')?.sidesWith).toBeNull();
    expect(control.accounts.find((a) => a.claimId === 'v')?.deniedBy).toEqual(['d1']);
  });

  it('does not side with a denial about another mission, nor deny claims of its own mission by it', () => {
    const elsewhere = 'yy-port-consulate';
    const otherMission = missionEvent({
      id: elsewhere,
      name: 'Consulate in Port',
      country: 'Yland',
      city: 'Port',
    });
    const farDenial = claimEvent({
      id: 'far-denial',
      report: 'report-jan',
      mission: elsewhere,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-01',
    });
    const echo = claimEvent({
      id: 'echo',
      report: 'report-feb',
      mission: MISSION,
      kind: 'visit',
      stance: 'confirms',
      occurred: '2023-01-05',
      respondsTo: 'far-denial',
    });
    const visitHere = claimEvent({
      id: 'here',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-01-05',
    });
    const control = missionControl(view(otherMission, farDenial, echo, visitHere), MISSION);
    expect(control.accounts.find((a) => a.claimId === 'echo')?.sidesWith).toBeNull();
    expect(control.accounts.find((a) => a.claimId === 'here')?.deniedBy).toEqual([]);
    expect(control.status).toBe('undisputed');
  });
});

describe('the claim an account responds to', () => {
  const visit = (id: string, report: string, occurred: string, mission = MISSION) =>
    claimEvent({ id, report, mission, kind: 'visit', controller: 'taliban', occurred });
  const denialOf = (id: string, respondsTo: string) =>
    claimEvent({
      id,
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-01-05',
      respondsTo,
    });
  const targets = (control: ReturnType<typeof missionControl>) =>
    Object.fromEntries(
      [...control.accounts, ...control.retractedAccounts].map((a) => [a.claimId, a.respondsToTarget]),
    );

  it('says where it is when it is not listed beside it', () => {
    const v = view(
      visit('late', 'report-mar', '2023-01-05'), // published 2023-03
      visit('future', 'report-jan', '2023-06-01'),
      visit('gone', 'report-jan', '2023-01-05'),
      retractEvent('gone', 'withdrawn'),
      denialOf('d-late', 'late'),
      denialOf('d-future', 'future'),
      // A confirmation of an assertion asserts: it stands at its own date, not at the target's.
      claimEvent({
        id: 'c-future',
        report: 'report-jan',
        mission: MISSION,
        kind: 'visit',
        stance: 'confirms',
        controller: 'taliban',
        occurred: '2023-01-05',
        respondsTo: 'future',
      }),
      denialOf('d-gone', 'gone'),
      denialOf('d-none', 'never-recorded'),
    );
    const control = missionControl(v, MISSION, { at: '2023-02-01', knownAt: '2023-02-15' });
    const states = targets(control);
    expect(states['d-late']).toEqual({
      claimId: 'late',
      state: 'not-published',
      day: '2023-02-15',
      missionId: null,
    });
    // A denial is placed at the date of the claim it denies (contested-control.md, section 1): it
    // has not happened by W either, so it is not listed.
    expect(states['d-future']).toBeUndefined();
    expect(states['c-future']).toEqual({
      claimId: 'future',
      state: 'not-happened',
      day: '2023-02-01',
      missionId: null,
    });
    expect(states['d-gone']).toMatchObject({ state: 'retracted' });
    expect(states['d-none']).toEqual({
      claimId: 'never-recorded',
      state: 'not-recorded',
      day: null,
      missionId: null,
    });
    expect(targets(missionControl(v, MISSION))['d-late']).toMatchObject({ state: 'listed' });
  });

  it('replayed to before its target was recorded, reads as it did then: not in the knowledge base', () => {
    const events = recordAll([
      ...smallWorld(),
      denialOf('d-early', 'arrives-later'),
      visit('arrives-later', 'report-jan', '2023-01-05'),
    ]);
    const between = Date.parse(events.at(-1)!.envelope.recordedAt) - 1;
    const thenView = knowledgeView(foldKnowledge(events.slice(0, -1)));
    const nowView = knowledgeView(foldKnowledge(events));
    const then = targets(missionControl(thenView, MISSION))['d-early'];
    const replayed = targets(
      missionControl(nowView, MISSION, { recordedAt: new Date(between).toISOString() }),
    )['d-early'];
    expect(then).toEqual({ claimId: 'arrives-later', state: 'not-recorded', day: null, missionId: null });
    expect(replayed).toEqual(then);
  });
});
