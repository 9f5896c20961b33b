import { vagueDate } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { missionControl, overview } from '../queries/mission-control.js';
import { missionTimeline } from '../queries/mission-timeline.js';
import { sourceLedger } from '../queries/source-ledger.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import {
  actorEvent,
  aliasEvent,
  appendAll,
  claimEvent,
  missionEvent,
  retractEvent,
  sourceEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { loadKnowledge } from './load-knowledge.js';
import { ProjectionRunner } from './projection-runner.js';
import {
  crashingRunner,
  fixture,
  half,
  openStore,
  rebuiltDump,
  useStoreFile,
} from './projection-runner-testing.js';

useStoreFile();

describe('ProjectionRunner', () => {
  it('builds read models that answer every query as the in-memory fold does', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const models = openReadModels(store.database);
    const result = await new ProjectionRunner(store, models, { chunkSize: 7 }).catchUp();
    expect(result.processed).toBe(fixture.length);
    const memory = knowledgeView(await loadKnowledge(store));
    const query = { at: '2023-03-28', knownAt: '2023-03-28' };
    expect(overview(models, query)).toEqual(overview(memory, query));
    expect(sourceLedger(models)).toEqual(sourceLedger(memory));
    expect(missionTimeline(models, 'tj-khorog-consulate')).toEqual(
      missionTimeline(memory, 'tj-khorog-consulate'),
    );
    expect(models.findMissions('KHORUGH').map((m) => m.id)).toEqual(['tj-khorog-consulate']);
    expect(models.listClaims()).toEqual(memory.listClaims());
  });

  it('resumes after a restart without reprocessing or skipping, equal to a rebuild', async () => {
    let store = openStore();
    await appendAll(store, fixture.slice(0, half));
    const first = await new ProjectionRunner(store, openReadModels(store.database), {
      chunkSize: 4,
    }).catchUp();
    expect(first.processed).toBe(half);
    await store.close();

    store = openStore();
    await appendAll(store, [
      ...fixture.slice(half),
      retractEvent('khorog-visit-2023-03-23', 'test retraction'),
    ]);
    const runner = new ProjectionRunner(store, openReadModels(store.database), { chunkSize: 4 });
    const second = await runner.catchUp();
    expect(second.processed).toBe(fixture.length - half + 1);
    expect((await runner.catchUp()).processed).toBe(0);
    const resumed = dumpReadModels(store.database);
    expect(resumed).toEqual(await rebuiltDump(store));
  });

  it('after a crash between chunks, keeps the last committed chunk and finishes from there', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const crashing = crashingRunner(store, 5, 2);
    await expect(crashing.catchUp()).rejects.toThrow('simulated crash');
    const models = openReadModels(store.database);
    expect(models.status().checkpoint).not.toBeNull();
    const resumed = await new ProjectionRunner(store, models, { chunkSize: 5 }).catchUp();
    expect(resumed.processed).toBe(fixture.length - 10);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });

  it('reads a claim recorded in an older event version as the in-memory fold upcasts it', async () => {
    const store = openStore();
    await appendAll(store, fixture.slice(0, 12));
    const v1 = {
      claimId: 'old-claim',
      reportId: 'diplomat-2023-03-28',
      missionId: 'tj-khorog-consulate',
      kind: 'visit',
      stance: 'asserts',
      controller: 'taliban',
      occurred: { text: '2023-03-23', earliest: '2023-03-23', latest: '2023-03-23', anchor: null },
      quote: 'a delegation visited the consulate',
      credibility: 5,
      respondsTo: null,
      claimant: 'Taliban foreign ministry spokesman',
    };
    await store.append('claim-old-claim', [
      {
        id: 'a1f5f0de-8d7e-4b55-9a44-3c1e6f0b2a10',
        type: 'ClaimRecorded',
        version: 1,
        data: v1,
        metadata: {},
      },
    ]);
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models).catchUp();
    const memory = knowledgeView(await loadKnowledge(store));
    expect(memory.getClaim('old-claim')?.values.claimant.asWritten).toBe(
      'Taliban foreign ministry spokesman',
    );
    expect(models.getClaim('old-claim')).toEqual(memory.getClaim('old-claim'));
  });

  it('reads a ClaimCorrected v1 without the credibility 6 its writer added, in memory and in the read models', async () => {
    const store = openStore();
    await appendAll(store, [
      ...smallWorld(),
      claimEvent({
        id: 'graded',
        report: 'report-jan',
        mission: MISSION,
        kind: 'control',
        controller: 'taliban',
        occurred: '2021-09',
        credibility: 2,
      }),
    ]);
    // What the v1 writer stored for a correction of the date alone.
    await store.append('claim-graded', [
      {
        id: 'v1-correction',
        type: 'ClaimCorrected',
        version: 1,
        data: {
          claimId: 'graded',
          changes: { occurred: vagueDate('2021-10'), credibility: 6 },
          reason: 'misread the month',
          correctedBy: 'analyst',
        },
      },
    ]);
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models).catchUp();
    for (const view of [knowledgeView(await loadKnowledge(store)), models]) {
      const [account] = missionControl(view, MISSION).accounts;
      expect(account).toMatchObject({ claimId: 'graded', credibility: 2, corrected: true });
      expect(account?.occurred.text).toBe('2021-10');
    }
  });

  it('takes in an alias added to a mission, actor or source it has already caught up with', async () => {
    const store = openStore();
    await appendAll(store, [
      missionEvent({ id: 'm1', name: 'Embassy in Dushanbe', country: 'TJ', city: 'Dushanbe' }),
      actorEvent({ id: 'a1', name: 'Ministry' }),
      sourceEvent({ id: 's1', outlet: 'Asia-Plus' }),
    ]);
    const models = openReadModels(store.database);
    const runner = new ProjectionRunner(store, models);
    await runner.catchUp();
    // Each row is written again with its alias, in a later chunk than the one that wrote it first.
    await appendAll(store, [
      aliasEvent('mission', 'm1', 'Dushanbe mission'),
      aliasEvent('actor', 'a1', 'MFA'),
      aliasEvent('source', 's1', 'AP'),
    ]);
    await runner.catchUp();
    const memory = knowledgeView(await loadKnowledge(store));
    expect(models.getMission('m1')).toEqual(memory.getMission('m1'));
    expect(models.getActor('a1')).toEqual(memory.getActor('a1'));
    expect(models.getSource('s1')).toEqual(memory.getSource('s1'));
    expect(models.getMission('m1')?.aliases.map((a) => a.alias)).toEqual(['Dushanbe mission']);
    expect(models.getActor('a1')?.aliases.map((a) => a.alias)).toEqual(['MFA']);
    expect(models.getSource('s1')?.aliases.map((a) => a.alias)).toEqual(['AP']);
    expect(models.findMissions('Dushanbe mission').map((m) => m.id)).toEqual(['m1']);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });

  it('follows the log live through the subscription until aborted', async () => {
    const store = openStore();
    await appendAll(store, fixture.slice(0, half));
    const models = openReadModels(store.database);
    const controller = new AbortController();
    let target = Number.POSITIVE_INFINITY;
    const following = new ProjectionRunner(store, models, {
      chunkSize: 3,
      onChunk: (checkpoint) => {
        if (checkpoint >= target) controller.abort();
      },
    }).follow(controller.signal);
    await appendAll(store, fixture.slice(half));
    let last = 0;
    for await (const e of store.readAll()) last = e.position;
    target = last;
    // Nudge in case every chunk landed before the target was known.
    if ((models.status().checkpoint ?? 0) >= target) controller.abort();
    const result = await following;
    expect(result.checkpoint).toBe(last);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });
});
