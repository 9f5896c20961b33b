import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, missionEvent, recordAll } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { missionTimeline } from './mission-timeline.js';

const viewOf = (...events: Parameters<typeof recordAll>[0]) =>
  knowledgeView(foldKnowledge(recordAll([...smallWorld(), ...events])));

const CONSULATE = 'xx-north-consulate';

describe('world steps where an answer of this mission is placed', () => {
  // docs/contested-control.md, section 1: an explicit denial stands at the date of the claim it
  // answers. A visit to a consulate dated `2022-12` (possible from 12-01, certain from 12-31) and the
  // embassy's own denial of it, made on 2023-02-01: on the embassy's world axis the denial only
  // possibly happened from 2022-12-01 and certainly from 2022-12-31, the visit's last day, not
  // from the day the denial was made.
  const view = viewOf(
    missionEvent({
      id: CONSULATE,
      name: 'Consulate in North',
      country: 'Xland',
      city: 'North',
      kind: 'consulate',
    }),
    claimEvent({
      id: 'visit',
      report: 'report-jan',
      mission: CONSULATE,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2022-12',
    }),
    claimEvent({
      id: 'emb-denial',
      report: 'report-feb',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-02-01',
      respondsTo: 'visit',
    }),
  );

  it("makes the last day of the answered claim's date a step: the day the answer becomes certain", () => {
    const { world } = missionTimeline(view, MISSION);
    expect(world.map((s) => [s.from, s.status, s.controller, s.happened, s.claimIds])).toEqual([
      ['2022-12-01', 'unknown', null, 'possibly', ['emb-denial']],
      ['2022-12-31', 'unknown', null, 'certainly', ['emb-denial']],
    ]);
  });

  it('says at each step what kb mission says on that world day', () => {
    const { world } = missionTimeline(view, MISSION);
    for (const step of world) {
      const control = missionControl(view, MISSION, step.from === null ? {} : { at: step.from });
      expect([control.status, control.happened], `at ${step.from}`).toEqual([step.status, step.happened]);
    }
    // The day before the last step the denial was still only possible.
    expect(missionControl(view, MISSION, { at: '2022-12-30' }).happened).toBe('possibly');
    expect(missionControl(view, MISSION, { at: '2022-11-30' }).accounts).toEqual([]);
  });
});

describe('world steps where only the list of accounts changes', () => {
  // docs/contested-control.md, section 6 (D): "a step also falls where only that list changes".
  const control = (id: string, occurred: string) =>
    claimEvent({
      id,
      report: 'report-feb',
      mission: MISSION,
      kind: 'control',
      controller: 'taliban',
      occurred,
    });

  it('makes a step of a second account naming the same controller, with the same status', () => {
    const { world } = missionTimeline(
      viewOf(control('a1', '2023-01-05'), control('a2', '2023-02-05')),
      MISSION,
    );
    expect(world.map((s) => [s.from, s.status, s.controller, s.happened, s.claimIds])).toEqual([
      ['2023-01-05', 'undisputed', 'taliban', 'certainly', ['a1']],
      ['2023-02-05', 'undisputed', 'taliban', 'certainly', ['a1', 'a2']],
    ]);
  });
});
