import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { READ_MODEL_SCHEMA } from './read-model-schema.js';
import { openReadModels } from './sqlite-read-models.js';

const events = recordAll([
  ...smallWorld(),
  claimEvent({
    id: 'c1',
    report: 'report-jan',
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01',
  }),
  claimEvent({
    id: 'c2',
    report: 'report-feb',
    mission: MISSION,
    kind: 'control',
    stance: 'denies',
    respondsTo: 'c1',
    occurred: '2023-01',
  }),
]);

describe('SqliteReadModels', () => {
  it('answers the view as the in-memory state does', () => {
    const models = openReadModels(new Database(':memory:'));
    models.applyChunk(events, events.at(-1)!.envelope.position);
    const memory = knowledgeView(foldKnowledge(events));
    expect(models.claimsOfMission(MISSION)).toEqual(memory.claimsOfMission(MISSION));
    expect(models.respondersTo('c1').map((c) => c.id)).toEqual(['c2']);
    expect(models.getClaim('c1')).toEqual(memory.getClaim('c1'));
    expect(models.getClaim('nope')).toBeUndefined();
    expect(models.listMissions()).toEqual(memory.listMissions());
    expect(models.findMissions('CAPITAL mission').map((m) => m.id)).toEqual([MISSION]);
    expect(models.listSources()).toEqual(memory.listSources());
    expect(models.getActor('taliban')).toEqual(memory.getActor('taliban'));
    expect(models.status()).toEqual({ checkpoint: events.length, version: 1 });
  });

  it('skips events at or before its checkpoint, so a redelivered chunk changes nothing', () => {
    const models = openReadModels(new Database(':memory:'));
    const withRetraction = [
      ...events,
      ...recordAll([retractEvent('c1', 'withdrawn')], { start: events.length + 1 }),
    ];
    models.applyChunk(withRetraction, withRetraction.at(-1)!.envelope.position);
    models.applyChunk(withRetraction.slice(-1), withRetraction.at(-1)!.envelope.position);
    expect(models.getClaim('c1')?.history.map((h) => h.type)).toEqual(['retracted']);
  });

  it('replaces tables of another layout with empty ones', () => {
    const db = new Database(':memory:');
    openReadModels(db).applyChunk(events, events.at(-1)!.envelope.position);
    db.prepare("UPDATE rm_meta SET value = '0' WHERE key = 'schema'").run();
    const reopened = openReadModels(db);
    expect(reopened.status()).toEqual({ checkpoint: null, version: null });
    expect(reopened.listClaims()).toEqual([]);
    expect(db.prepare("SELECT value FROM rm_meta WHERE key = 'schema'").pluck().get()).toBe(
      String(READ_MODEL_SCHEMA),
    );
  });
});
