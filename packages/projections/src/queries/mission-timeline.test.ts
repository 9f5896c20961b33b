import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
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
    expect(world.map((s) => [s.from, s.status, s.controller])).toEqual([
      ['2021-09-01', 'undisputed', 'republic'],
      ['2021-10-01', 'contested', null],
      ['2022-03-01', 'contested', null],
      ['2022-03-31', 'undisputed', 'taliban'],
    ]);
    // While the handover only possibly happened (March 2022) the contest stands, with the handover listed.
    expect(world[1]?.claimIds).toEqual(['republic', 'taliban']);
    expect(world[2]?.claimIds).toEqual(['republic', 'taliban', 'handover']);
    expect(world[3]?.claimIds).toEqual(['handover']);
  });

  it('shows how the picture changed as reports were published', () => {
    const { publication } = missionTimeline(view, MISSION);
    expect(publication.map((s) => [s.knownAt, s.status, s.controller])).toEqual([
      ['2023-01-10', 'undisputed', 'republic'],
      ['2023-02-10', 'contested', null],
      ['2023-03-31', 'undisputed', 'taliban'],
    ]);
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
    expect(missionTimeline(retracted, MISSION).publication.map((s) => [s.knownAt, s.status])).toEqual([
      ['2023-01-10', 'undisputed'],
      ['2023-02-10', 'contested'],
      ['2023-05-01', 'undisputed'],
    ]);
  });
});
