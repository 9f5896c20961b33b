// A subject is registered once: a later MissionRegistered, ActorRegistered, SourceRegistered or
// ReportCaptured for an id already known changes nothing (the first registration wins, as ingest's
// note promises), and an alias already held is not added again. The in-memory fold and the SQLite
// read models, applied in one chunk or one event per chunk, must agree on it.
import type { DomainEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import {
  actorEvent,
  aliasEvent,
  missionEvent,
  recordAll,
  reportEvent,
  sourceEvent,
} from '../testing/event-factory.js';
import { logImage } from '../testing/log-image.js';
import { foldKnowledge } from './knowledge-projection.js';
import { type KnowledgeView, knowledgeView } from './knowledge-view.js';

/** The views of `events`: the in-memory fold, and read models fed one chunk or one event a chunk. */
async function viewsOf(events: readonly DomainEvent[]): Promise<[string, KnowledgeView][]> {
  const log = recordAll(events);
  const image = await logImage(log);
  const whole = openReadModels(image.open());
  whole.applyChunk(log, log.length);
  const single = openReadModels(image.open());
  for (const e of log) single.applyChunk([e], e.envelope.position);
  return [
    ['memory', knowledgeView(foldKnowledge(log))],
    ['one chunk', whole],
    ['one event a chunk', single],
  ];
}

describe('first registration wins', () => {
  it('keeps the first MissionRegistered, ActorRegistered and SourceRegistered of an id', async () => {
    const views = await viewsOf([
      missionEvent({ id: 'm', name: 'Consulate in Horog', country: 'Tajikistan', city: 'Horog' }),
      actorEvent({ id: 'a', name: 'Taliban' }),
      sourceEvent({ id: 's', outlet: 'Outlet A', reliability: 'B' }),
      missionEvent({ id: 'm', name: 'Consulate in Khorog', country: 'Tajikistan', city: 'Khorog' }),
      actorEvent({ id: 'a', name: 'Islamic Emirate' }),
      sourceEvent({ id: 's', outlet: 'Outlet A renamed', reliability: 'E' }),
    ]);
    for (const [name, view] of views) {
      expect(view.getMission('m'), name).toMatchObject({ name: 'Consulate in Horog', city: 'Horog' });
      expect(view.getMission('m')?.recorded.position, name).toBe(1);
      expect(
        view.listMissions().map((m) => m.id),
        name,
      ).toEqual(['m']);
      expect(view.getActor('a'), name).toMatchObject({ name: 'Taliban', recorded: { position: 2 } });
      expect(view.getSource('s'), name).toMatchObject({ outlet: 'Outlet A', recorded: { position: 3 } });
      expect(
        view.getSource('s')?.grades.map((g) => g.reliability),
        name,
      ).toEqual(['B']);
    }
  });

  it('keeps the url of the first ReportCaptured of an id', async () => {
    const views = await viewsOf([
      sourceEvent({ id: 's', outlet: 'Outlet A' }),
      reportEvent({ id: 'r', sourceId: 's', published: '2023-01-10', url: 'https://a.example/first' }),
      reportEvent({ id: 'r', sourceId: 's', published: '2023-01-11', url: 'https://a.example/second' }),
    ]);
    for (const [name, view] of views) {
      expect(view.getReport('r'), name).toMatchObject({
        url: 'https://a.example/first',
        published: { text: '2023-01-10' },
        recorded: { position: 2 },
      });
    }
  });
});

describe('aliases', () => {
  it('adds an alias a mission, actor or source holds already only once', async () => {
    const views = await viewsOf([
      missionEvent({ id: 'm', name: 'Consulate', country: 'Tajikistan', city: 'Khorog', aliases: ['Horog'] }),
      actorEvent({ id: 'a', name: 'Taliban', aliases: ['Horog'] }),
      sourceEvent({ id: 's', outlet: 'Outlet A' }),
      aliasEvent('mission', 'm', 'Horog'),
      aliasEvent('actor', 'a', 'Horog'),
      aliasEvent('source', 's', 'OA'),
      aliasEvent('source', 's', 'OA'),
      aliasEvent('mission', 'm', 'Khorugh'),
    ]);
    for (const [name, view] of views) {
      expect(
        view.getMission('m')?.aliases.map((a) => [a.alias, a.recorded.position]),
        name,
      ).toEqual([
        ['Horog', 1],
        ['Khorugh', 8],
      ]);
      expect(
        view.getActor('a')?.aliases.map((a) => a.alias),
        name,
      ).toEqual(['Horog']);
      expect(
        view.getSource('s')?.aliases.map((a) => [a.alias, a.recorded.position]),
        name,
      ).toEqual([['OA', 6]]);
    }
  });
});

describe('listMissions', () => {
  it('lists missions by id, whatever order they were registered in', async () => {
    const views = await viewsOf([
      missionEvent({ id: 'b', name: 'Embassy B', country: 'Bland', city: null }),
      missionEvent({ id: 'a', name: 'Embassy A', country: 'Aland', city: null }),
      missionEvent({ id: 'c', name: 'Embassy C', country: 'Cland', city: null }),
    ]);
    const [[, memory]] = views as [[string, KnowledgeView]];
    for (const [name, view] of views) {
      expect(
        view.listMissions().map((m) => m.id),
        name,
      ).toEqual(['a', 'b', 'c']);
      expect(view.listMissions(), name).toEqual(memory.listMissions());
    }
  });
});
