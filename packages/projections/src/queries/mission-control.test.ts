import { describe, expect, it } from 'vitest';
import {
  assessEvent,
  type ClaimSpec,
  claimEvent,
  correctEvent,
  gradeEvent,
  reportEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { InvalidQueryError } from './control-query.js';
import { missionControl, overview, overviewOf, UnknownMissionError } from './mission-control.js';

const view = smallWorldView;

const talibanSpec: ClaimSpec = {
  id: 'taliban-holds',
  report: 'report-jan',
  mission: MISSION,
  kind: 'control',
  controller: 'taliban',
  occurred: '2023-01-05',
  claimant: 'Taliban spokesman',
  actorId: 'taliban',
};
const talibanControl = claimEvent(talibanSpec);
const republicControl = claimEvent({
  id: 'republic-holds',
  report: 'report-feb',
  mission: MISSION,
  kind: 'control',
  controller: 'republic',
  occurred: '2023-01',
  claimant: 'Embassy staff',
  actorId: 'republic',
});

describe('missionControl', () => {
  it('lists contradicting accounts side by side with their sources', () => {
    const control = missionControl(view(talibanControl, republicControl), MISSION);
    expect(control.status).toBe('contested');
    expect(control.accounts.map((a) => [a.claimId, a.contradicts])).toEqual([
      ['republic-holds', ['taliban-holds']],
      ['taliban-holds', ['republic-holds']],
    ]);
    expect(control.accounts[1]?.source).toMatchObject({
      outlet: 'Outlet A',
      reliability: 'B',
      url: 'https://a.example/jan',
    });
    expect(control.independentOrigins).toBe(2);
  });

  it('counts one spokesman relayed by several outlets as one origin, and distinct people quoted as several', () => {
    const relayed = (id: string, report: string, via: { name: string; relation: 'cites' | 'quotes' }[]) =>
      claimEvent({ ...talibanSpec, id, report, via });
    const control = missionControl(
      view(
        talibanControl, // Outlet A heard him directly
        relayed('via-a', 'report-feb', [{ name: 'Outlet A', relation: 'cites' }]), // Outlet B cites Outlet A
        relayed('via-tolo', 'report-mar', [{ name: 'Tolo News', relation: 'cites' }]),
      ),
      MISSION,
    );
    expect(control.accounts.map((a) => a.origin)).toEqual([
      'actor:taliban',
      'actor:taliban',
      'actor:taliban',
    ]);
    expect(control).toMatchObject({ status: 'undisputed', independentOrigins: 1 });
    // A chain ending in the person quoted names who spoke: two different people are two origins.
    const quoted = missionControl(
      view(
        relayed('quotes-mujahid', 'report-feb', [
          { name: 'Tolo News', relation: 'cites' },
          { name: 'Zabihullah Mujahid', relation: 'quotes' },
        ]),
        relayed('quotes-muttaqi', 'report-mar', [{ name: 'Amir Khan Muttaqi', relation: 'quotes' }]),
      ),
      MISSION,
    );
    expect(quoted.accounts.map((a) => a.origin).sort()).toEqual([
      'name:amir khan muttaqi',
      'name:zabihullah mujahid',
    ]);
    expect(quoted.independentOrigins).toBe(2);
  });

  it('counts the one finally quoted as the origin, whoever quoted him: two outlets repeating one spokesman are one', () => {
    const mujahid = (id: string, report: string, claimant: string, via: ClaimSpec['via'] = []) =>
      claimEvent({ ...talibanSpec, id, report, claimant, actorId: null, via });
    const control = missionControl(
      view(
        mujahid('himself', 'report-jan', 'Zabihullah Mujahid'),
        mujahid('tolo', 'report-feb', 'Tolo News', [{ name: 'Zabihullah Mujahid', relation: 'quotes' }]),
        mujahid('ariana', 'report-mar', 'Ariana News', [
          { name: 'Tolo News', relation: 'cites' },
          { name: 'zabihullah  MUJAHID', relation: 'quotes' },
        ]),
      ),
      MISSION,
    );
    expect(new Set(control.accounts.map((a) => a.origin))).toEqual(new Set(['name:zabihullah mujahid']));
    expect(control).toMatchObject({ status: 'undisputed', independentOrigins: 1 });
  });

  it('does not let a better grade win silently: grades do not change the status', () => {
    const graded = view(
      talibanControl,
      republicControl,
      gradeEvent('outlet-a', 'A'),
      gradeEvent('outlet-b', 'E'),
    );
    expect(missionControl(graded, MISSION).status).toBe('contested');
  });

  it('drops a retracted claim from the standing set and still lists it', () => {
    const control = missionControl(
      view(talibanControl, republicControl, retractEvent('republic-holds', 'outlet withdrew it')),
      MISSION,
    );
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(control.retractedAccounts).toHaveLength(1);
    expect(control.retractedAccounts[0]).toMatchObject({
      claimId: 'republic-holds',
      retracted: { reason: 'outlet withdrew it' },
    });
  });

  it('applies a retraction under knownAt only once its own report was certainly published', () => {
    const events = [
      talibanControl,
      republicControl,
      reportEvent({ id: 'report-retraction', sourceId: 'outlet-b', published: '2023-04-01' }),
      retractEvent('republic-holds', 'withdrawn', 'report-retraction'),
    ];
    expect(missionControl(view(...events), MISSION, { knownAt: '2023-03-01' }).status).toBe('contested');
    expect(missionControl(view(...events), MISSION, { knownAt: '2023-04-01' }).status).toBe('undisputed');
  });

  it('shows corrected values and says the claim was corrected', () => {
    const control = missionControl(
      view(talibanControl, republicControl, correctEvent('republic-holds', { controller: 'taliban' })),
      MISSION,
    );
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(control.accounts.find((a) => a.claimId === 'republic-holds')).toMatchObject({
      controller: 'taliban',
      corrected: true,
    });
  });

  it('follows a correction that moves a claim to another mission', () => {
    const v = view(talibanControl, correctEvent('taliban-holds', { missionId: 'elsewhere' }));
    expect(missionControl(v, MISSION).accounts).toEqual([]);
  });

  it('shows the latest assessed credibility beside the assessments', () => {
    const control = missionControl(
      view(talibanControl, assessEvent('taliban-holds', 2, 'confirmed by a second source')),
      MISSION,
    );
    expect(control.accounts[0]).toMatchObject({ credibility: 2, assessments: [{ credibility: 2 }] });
  });

  it('binds a denial by respondsTo and, without it, by kind and overlapping time', () => {
    const visit = claimEvent({
      id: 'visit',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-01-05',
    });
    const explicit = claimEvent({
      id: 'deny',
      report: 'report-feb',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: 'unknown',
      respondsTo: 'visit',
    });
    const implicit = claimEvent({
      id: 'deny',
      report: 'report-feb',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-01',
    });
    const tooLate = claimEvent({
      id: 'deny',
      report: 'report-feb',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-02',
    });
    expect(
      missionControl(view(visit, explicit), MISSION).accounts.find((a) => a.claimId === 'visit')?.deniedBy,
    ).toEqual(['deny']);
    expect(missionControl(view(visit, implicit), MISSION).status).toBe('contested');
    const both = missionControl(
      view(
        visit,
        explicit,
        claimEvent({
          id: 'deny-2',
          report: 'report-feb',
          mission: MISSION,
          kind: 'visit',
          stance: 'denies',
          occurred: '2023-01',
        }),
      ),
      MISSION,
    );
    expect(both.accounts.find((a) => a.claimId === 'visit')).toMatchObject({
      deniedBy: ['deny', 'deny-2'],
      contradicts: ['deny', 'deny-2'],
    });
    expect(missionControl(view(visit, tooLate), MISSION)).toMatchObject({
      status: 'undisputed',
      controller: 'taliban',
    });
  });

  it('places vague dates certainly or possibly by the world day, never rounded', () => {
    const summer = claimEvent({
      id: 'summer',
      report: 'report-jan',
      mission: MISSION,
      kind: 'handover',
      controller: 'taliban',
      occurred: '2022-22',
    });
    const v = view(summer);
    expect(missionControl(v, MISSION, { at: '2022-05-31' }).status).toBe('unknown');
    expect(missionControl(v, MISSION, { at: '2022-06-01' }).accounts[0]?.occurred.happened).toBe('possibly');
    expect(missionControl(v, MISSION, { at: '2022-06-01' })).toMatchObject({
      status: 'undisputed',
      happened: 'possibly',
      restsOn: { accounts: 1, possibly: 1 },
    });
    expect(missionControl(v, MISSION, { at: '2022-08-31' }).accounts[0]?.occurred.happened).toBe('certainly');
    expect(missionControl(v, MISSION, { at: '2022-08-31' })).toMatchObject({
      happened: 'certainly',
      restsOn: { accounts: 1, possibly: 0 },
    });
  });

  it('ends a contest with a later handover and keeps the superseded accounts listed', () => {
    const handover = claimEvent({
      id: 'handover',
      report: 'report-mar',
      mission: MISSION,
      kind: 'handover',
      controller: 'taliban',
      occurred: '2023-03-01',
    });
    const v = view(talibanControl, republicControl, handover);
    const after = missionControl(v, MISSION, { at: '2023-03-15' });
    expect(after).toMatchObject({ status: 'undisputed', controller: 'taliban', independentOrigins: 1 });
    expect(after.accounts.map((a) => [a.claimId, a.superseded, a.supersededBy])).toEqual([
      ['republic-holds', true, 'handover'],
      ['taliban-holds', true, 'handover'],
      ['handover', false, null],
    ]);
    expect(missionControl(v, MISSION, { at: '2023-02-15' }).status).toBe('contested');
  });

  it('keeps only claims whose report was certainly published by knownAt', () => {
    const march = claimEvent({
      id: 'march',
      report: 'report-mar',
      mission: MISSION,
      kind: 'control',
      controller: 'taliban',
      occurred: '2023-01',
    });
    const v = view(march);
    expect(missionControl(v, MISSION, { knownAt: '2023-03-15' }).accounts).toEqual([]);
    expect(missionControl(v, MISSION, { knownAt: '2023-03-31' }).accounts).toHaveLength(1);
  });

  it('refuses unknown missions and malformed query days', () => {
    expect(() => missionControl(view(), 'nowhere')).toThrow(UnknownMissionError);
    expect(() => missionControl(view(), MISSION, { at: '2023-3-1' })).toThrow(InvalidQueryError);
    expect(() => missionControl(view(), MISSION, { recordedAt: 'yesterday' })).toThrow(InvalidQueryError);
  });
});

describe('overview', () => {
  it('lists every mission, or only the contested ones', () => {
    const v = view(talibanControl, republicControl);
    expect(overview(v).map((c) => c.mission.id)).toEqual([MISSION]);
    expect(overview(v, { contestedOnly: true })).toHaveLength(1);
    expect(overview(v, { contestedOnly: true, at: '2022-12-31' })).toHaveLength(0);
  });

  it('reports each mission decided, the ones it leaves out included', () => {
    const v = view(talibanControl, republicControl);
    const calls: [number, number][] = [];
    const rows = [...overviewOf(v, { contestedOnly: true, at: '2022-12-31' }, (d, t) => calls.push([d, t]))];
    expect(rows).toEqual([]);
    expect(calls).toEqual([[1, 1]]);
  });
});
