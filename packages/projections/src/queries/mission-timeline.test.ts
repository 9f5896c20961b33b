import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  claimEvent,
  correctEvent,
  missionEvent,
  recordAll,
  reportEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { EMBASSY, embassyEvent, farDenialEvent, visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { missionTimeline } from './mission-timeline.js';

const events = [
  ...smallWorld(),
  claimEvent({
    id: 'republic',
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'republic',
    occurred: '2021-09',
  }),
  claimEvent({
    id: 'taliban',
    report: 'report-feb',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2021-10',
  }),
  claimEvent({
    id: 'handover',
    report: 'report-mar',
    mission: MISSION,
    kind: 'handover',
    controller: 'taliban',
    occurred: '2022-03',
  }),
];
const view = knowledgeView(foldKnowledge(recordAll(events)));

describe('missionTimeline', () => {
  it('shows status changes across world time at each claim bound', () => {
    const { world } = missionTimeline(view, MISSION);
    // A month is possible from its first day and certain from its last: each is a step of its own.
    expect(world.map((s) => [s.from, s.status, s.controller, s.happened])).toEqual([
      ['2021-09-01', 'undisputed', 'republic', 'possibly'],
      ['2021-09-30', 'undisputed', 'republic', 'certainly'],
      ['2021-10-01', 'contested', null, 'possibly'],
      ['2021-10-31', 'contested', null, 'certainly'],
      ['2022-03-01', 'contested', null, 'possibly'],
      ['2022-03-31', 'undisputed', 'taliban', 'certainly'],
    ]);
    // While the handover only possibly happened (March 2022) the contest stands, with the handover listed.
    expect(world[3]?.claimIds).toEqual(['republic', 'taliban']);
    expect(world[4]?.claimIds).toEqual(['republic', 'taliban', 'handover']);
    // Once it certainly happened the two old accounts stop counting, and stay listed as superseded.
    expect(world[5]?.claimIds).toEqual(['republic', 'taliban', 'handover']);
    expect(world[5]?.superseded).toEqual([
      { claimId: 'republic', supersededBy: 'handover' },
      { claimId: 'taliban', supersededBy: 'handover' },
    ]);
    expect(world.slice(0, 5).map((s) => s.superseded)).toEqual([[], [], [], [], []]);
  });

  it('tells a watcher of each day it asks, world days then publication days, and answers the same', () => {
    const told: [number, number][] = [];
    const timeline = missionTimeline(view, MISSION, {}, (done, total) => told.push([done, total]));
    // Six world days (two bounds of each of three months) and the days the three reports came out.
    const publicationDays = new Set(timeline.publication.map((s) => s.knownAt)).size;
    const total = 6 + publicationDays;
    expect(told).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
    expect(timeline).toEqual(missionTimeline(view, MISSION));
  });

  it('makes a step of a late report whose account a change supersedes at once, and lists it there', () => {
    const late = knowledgeView(
      foldKnowledge(
        recordAll([
          ...events,
          reportEvent({ id: 'report-2024', sourceId: 'outlet-b', published: '2024-01-01' }),
          claimEvent({
            id: 'late',
            report: 'report-2024',
            mission: MISSION,
            kind: 'control',
            controller: 'republic',
            occurred: '2022-02',
          }),
        ]),
      ),
    );
    const { world, publication } = missionTimeline(late, MISSION);
    // The status is the same before and after 2024-01-01, yet what was known changed that day.
    expect(publication.map((s) => [s.knownAt, s.status, s.claimIds])).toEqual([
      ['2023-01-10', 'undisputed', ['republic']],
      ['2023-02-10', 'contested', ['republic', 'taliban']],
      ['2023-03-31', 'undisputed', ['republic', 'taliban', 'handover']],
      ['2024-01-01', 'undisputed', ['republic', 'taliban', 'late', 'handover']],
    ]);
    expect(publication.at(-1)?.superseded.map((s) => s.claimId)).toEqual(['republic', 'taliban', 'late']);
    const last = world.at(-1)!;
    expect([last.from, last.status, last.controller]).toEqual(['2022-03-31', 'undisputed', 'taliban']);
    expect(last.claimIds).toEqual(['republic', 'taliban', 'late', 'handover']);
    expect(last.superseded).toEqual([
      { claimId: 'republic', supersededBy: 'handover' },
      { claimId: 'taliban', supersededBy: 'handover' },
      { claimId: 'late', supersededBy: 'handover' },
    ]);
  });

  it('starts with from null when an account has an open start, and says it only possibly held', () => {
    const open = knowledgeView(
      foldKnowledge(
        recordAll([
          ...smallWorld(),
          claimEvent({
            id: 'informal',
            report: 'report-jan',
            mission: MISSION,
            kind: 'control',
            controller: 'taliban',
            occurred: '../2022-06-30',
          }),
        ]),
      ),
    );
    expect(missionTimeline(open, MISSION).world).toEqual([
      {
        from: null,
        status: 'undisputed',
        controller: 'taliban',
        happened: 'possibly',
        claimIds: ['informal'],
        superseded: [],
        retracted: [],
      },
      {
        from: '2022-06-30',
        status: 'undisputed',
        controller: 'taliban',
        happened: 'certainly',
        claimIds: ['informal'],
        superseded: [],
        retracted: [],
      },
    ]);
    // A claim that merely starts on the calendar's first day is a real date, not an open start.
    const dated = knowledgeView(
      foldKnowledge(
        recordAll([
          ...smallWorld(),
          claimEvent({
            id: 'old',
            report: 'report-jan',
            mission: MISSION,
            kind: 'control',
            controller: 'taliban',
            occurred: '1000',
          }),
        ]),
      ),
    );
    expect(missionTimeline(dated, MISSION).world.map((s) => s.from)).toEqual(['1000-01-01', '1000-12-31']);
  });

  it('shows how the picture changed as reports were published', () => {
    const { publication } = missionTimeline(view, MISSION);
    expect(publication.map((s) => [s.knownAt, s.status, s.controller, s.happened])).toEqual([
      ['2023-01-10', 'undisputed', 'republic', 'certainly'],
      ['2023-02-10', 'contested', null, 'certainly'],
      ['2023-03-31', 'undisputed', 'taliban', 'certainly'],
    ]);
  });

  it('gives a mission no step for a claim a correction moved to another mission, and gives that one the steps', () => {
    const OTHER = 'xx-port-consulate';
    const moved = knowledgeView(
      foldKnowledge(
        recordAll([
          ...smallWorld(),
          missionEvent({
            id: OTHER,
            name: 'Consulate in Port',
            country: 'Xland',
            city: 'Port',
            kind: 'consulate',
          }),
          claimEvent({
            id: 'only',
            report: 'report-jan',
            mission: MISSION,
            kind: 'control',
            controller: 'taliban',
            occurred: '2022-05',
          }),
          correctEvent('only', { missionId: OTHER }),
        ]),
      ),
    );
    expect(missionTimeline(moved, MISSION)).toEqual({
      world: [],
      publication: [],
      unknownPublication: { accounts: [], retractions: [] },
    });
    const there = missionTimeline(moved, OTHER);
    expect(there.world.map((s) => [s.from, s.status, s.happened, s.claimIds])).toEqual([
      ['2022-05-01', 'undisputed', 'possibly', ['only']],
      ['2022-05-31', 'undisputed', 'certainly', ['only']],
    ]);
    expect(there.publication.map((s) => [s.knownAt, s.status])).toEqual([['2023-01-10', 'undisputed']]);
  });

  it('counts a retraction from the day its report was published', () => {
    const retracted = knowledgeView(
      foldKnowledge(
        recordAll([
          ...events.slice(0, -1),
          reportEvent({ id: 'report-retraction', sourceId: 'outlet-b', published: '2023-05-01' }),
          retractEvent('taliban', 'withdrawn', 'report-retraction'),
        ]),
      ),
    );
    const { world, publication } = missionTimeline(retracted, MISSION);
    expect(publication.map((s) => [s.knownAt, s.status, s.claimIds, s.retracted])).toEqual([
      ['2023-01-10', 'undisputed', ['republic'], []],
      ['2023-02-10', 'contested', ['republic', 'taliban'], []],
      // From the day the retraction was published the account is listed as retracted, not dropped.
      ['2023-05-01', 'undisputed', ['republic'], ['taliban']],
    ]);
    // Across world time the retraction counts at every day (nothing cuts it): the account is listed
    // as retracted from the day it would have become possible.
    expect(world.map((s) => [s.from, s.status, s.claimIds, s.retracted])).toEqual([
      ['2021-09-01', 'undisputed', ['republic'], []],
      ['2021-09-30', 'undisputed', ['republic'], []],
      ['2021-10-01', 'undisputed', ['republic'], ['taliban']],
    ]);
    // Before the retraction's report was published, the analyst saw the contest, without the mark.
    const before = missionTimeline(retracted, MISSION, { knownAt: '2023-04-30' });
    expect(before.world.at(-1)?.retracted).toEqual([]);
    expect(before.world.at(-1)?.claimIds).toEqual(['republic', 'taliban']);
  });

  it('names the accounts and retractions no publication step can count, their report being of unknown date', () => {
    const unknownDated = knowledgeView(
      foldKnowledge(
        recordAll([
          ...events.slice(0, -2),
          reportEvent({ id: 'report-undated', sourceId: 'outlet-b', published: 'unknown' }),
          claimEvent({
            id: 'undated',
            report: 'report-undated',
            mission: MISSION,
            kind: 'control',
            controller: 'taliban',
            occurred: '2021-10',
          }),
          retractEvent('republic', 'withdrawn', 'report-undated'),
        ]),
      ),
    );
    const timeline = missionTimeline(unknownDated, MISSION);
    // No day is one by which the undated report was certainly published: every step leaves it out,
    // and the timeline says so rather than let its last row pass for the whole picture.
    expect(timeline.publication.map((s) => [s.knownAt, s.status, s.claimIds, s.retracted])).toEqual([
      ['2023-01-10', 'undisputed', ['republic'], []],
    ]);
    expect(timeline.unknownPublication).toEqual({ accounts: ['undated'], retractions: ['republic'] });
    // Judged at a world date the undated account had not happened by, it counts nowhere: not named.
    expect(missionTimeline(unknownDated, MISSION, { at: '2021-09-15' }).unknownPublication).toEqual({
      accounts: [],
      retractions: ['republic'],
    });
    // The dated world keeps none.
    expect(missionTimeline(view, MISSION).unknownPublication).toEqual({ accounts: [], retractions: [] });
  });

  it('makes a publication step of the day a denial filed under another mission was published', () => {
    // kb mission lists the denial beside the visit (answers-elsewhere.ts); the timeline's last row
    // must not read undisputed where kb mission says contested.
    const { publication } = missionTimeline(deniedFromAfar('2023-01-05'), MISSION);
    expect(publication.map((s) => [s.knownAt, s.status, s.claimIds])).toEqual([
      ['2023-01-10', 'undisputed', ['visit']],
      ['2023-02-10', 'contested', ['visit', 'far-denial']],
    ]);
  });

  it("steps on the world axis where an answer of this mission is placed: the date of another mission's claim it denies", () => {
    // Said on 20 January of the visit of 5 January: it stands from the 5th (answer-placement.ts).
    const { world } = missionTimeline(deniedFromAfar('2023-01-20'), EMBASSY);
    expect(world.map((s) => [s.from, s.claimIds])).toEqual([['2023-01-05', ['far-denial']]]);
  });
});

describe('missionTimeline, an answer filed elsewhere that names a controller', () => {
  it('steps on the world axis at its own date, where it stays, as kb mission lists it', () => {
    // Filed under the embassy, naming the republic, it says how things stood on 20 January, and stays
    // there (answer-placement.ts); listed beside the visit from then on, it makes the mission contested.
    const view = deniedFromAfar('2023-01-20', 'republic');
    const { world } = missionTimeline(view, MISSION);
    expect(world.map((s) => [s.from, s.status, s.claimIds])).toEqual([
      ['2023-01-05', 'undisputed', ['visit']],
      ['2023-01-20', 'contested', ['visit', 'far-denial']],
    ]);
    // Each step says what kb mission says on its first day.
    for (const step of world) {
      const control = missionControl(view, MISSION, { at: step.from! });
      expect([control.status, control.accounts.map((a) => a.claimId)]).toEqual([step.status, step.claimIds]);
    }
  });
});

/**
 * A visit to MISSION on 2023-01-05 (reported 2023-01-10) and a denial of it filed under EMBASSY
 * (reported 2023-02-10), dated `occurred`, naming `controller`.
 */
function deniedFromAfar(occurred: string, controller = 'unknown') {
  return knowledgeView(
    foldKnowledge(
      recordAll([...smallWorld(), embassyEvent(), visitEvent(), farDenialEvent(controller, occurred)]),
    ),
  );
}
