import { MemoryEventStore, openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { loadKnowledge } from '../runner/load-knowledge.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { appendAll, claimEvent, recordAll, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { steppingClock } from '../testing/stepping-clock.js';
import { traceClaim } from './claim-trace.js';
import { missionControl } from './mission-control.js';

const first = [
  claimEvent({
    id: 'taliban-holds',
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01-05',
  }),
  claimEvent({
    id: 'republic-holds',
    report: 'report-feb',
    mission: MISSION,
    kind: 'control',
    controller: 'republic',
    occurred: '2023-01',
  }),
];
// Published on 2023-01-10 (report-jan) but only recorded after the first point.
const lateButEarly = claimEvent({
  id: 'late-recorded',
  report: 'report-jan',
  mission: MISSION,
  kind: 'control',
  controller: 'none',
  occurred: '2023-01-08',
});
const later = [retractEvent('taliban-holds', 'the outlet withdrew the story'), lateButEarly];

async function lastRecordedAt(store: MemoryEventStore): Promise<string> {
  let last = '';
  for await (const e of store.readAll()) last = e.recordedAt;
  return last;
}

describe("the auditor's replay (recorded time)", () => {
  it('reproduces exactly what the knowledge base said at R, after later appends and a retraction', async () => {
    const store = new MemoryEventStore({ clock: steppingClock() });
    await appendAll(store, [...smallWorld(), ...first]);
    const answerThen = missionControl(knowledgeView(await loadKnowledge(store)), MISSION);
    const traceThen = traceClaim(knowledgeView(await loadKnowledge(store)), 'taliban-holds');
    const R = await lastRecordedAt(store);

    await appendAll(store, later);
    const now = knowledgeView(await loadKnowledge(store));
    expect(missionControl(now, MISSION)).not.toEqual(answerThen);
    expect(missionControl(now, MISSION).retractedAccounts.map((a) => a.claimId)).toEqual(['taliban-holds']);

    expect(missionControl(now, MISSION, { recordedAt: R })).toEqual(answerThen);
    expect(traceClaim(now, 'taliban-holds', { recordedAt: R })).toEqual(traceThen);
    // Folding only what was recorded by R answers the same.
    expect(missionControl(knowledgeView(await loadKnowledge(store, { recordedAt: R })), MISSION)).toEqual(
      answerThen,
    );
  });

  it('gives the same replay on the SQLite read models', async () => {
    const store = openSqliteStore({ path: ':memory:', clock: steppingClock() });
    const models = openReadModels(store.database);
    const runner = new ProjectionRunner(store, models, { chunkSize: 3 });
    await appendAll(store, [...smallWorld(), ...first]);
    await runner.catchUp();
    const answerThen = missionControl(models, MISSION);
    let R = '';
    for await (const e of store.readAll()) R = e.recordedAt;
    await appendAll(store, later);
    await runner.catchUp();
    expect(missionControl(models, MISSION, { recordedAt: R })).toEqual(answerThen);
    expect(missionControl(models, MISSION)).toEqual(
      missionControl(knowledgeView(await loadKnowledge(store)), MISSION),
    );
    await store.close();
  });
});

describe("the analyst's replay (world and publication time) differs from the auditor's", () => {
  it('on a claim published early but recorded late', async () => {
    const store = new MemoryEventStore({ clock: steppingClock() });
    await appendAll(store, [...smallWorld(), ...first]);
    const R = await lastRecordedAt(store);
    await appendAll(store, [lateButEarly]);
    const view = knowledgeView(await loadKnowledge(store));

    const analyst = missionControl(view, MISSION, { at: '2023-02-01', knownAt: '2023-02-01' });
    const auditor = missionControl(view, MISSION, { recordedAt: R });
    expect(analyst.accounts.map((a) => a.claimId)).toContain('late-recorded');
    expect(auditor.accounts.map((a) => a.claimId)).not.toContain('late-recorded');
    expect(analyst).not.toEqual(auditor);
  });
});

describe('a recorded cutoff given as a day', () => {
  it('means the end of that day (UTC): a claim recorded at 10:00 on the day counts', () => {
    // The registry recorded the day before; the claim at 10:00 on 2024-01-01.
    const world = recordAll(smallWorld(), { time: '2023-12-31T09:00:00.000Z' });
    const claim = recordAll(first.slice(0, 1), {
      start: world.length + 1,
      time: '2024-01-01T10:00:00.000Z',
    });
    const view = knowledgeView(foldKnowledge([...world, ...claim]));
    const onTheDay = missionControl(view, MISSION, { recordedAt: '2024-01-01' });
    expect(onTheDay.accounts.map((a) => a.claimId)).toEqual(['taliban-holds']);
    expect(traceClaim(view, 'taliban-holds', { recordedAt: '2024-01-01' })).not.toBeNull();
    // The day before, the mission is known and the claim not yet recorded.
    expect(missionControl(view, MISSION, { recordedAt: '2023-12-31' }).accounts).toEqual([]);
  });
});
