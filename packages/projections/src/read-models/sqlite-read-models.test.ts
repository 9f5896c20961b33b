import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { foldKnowledge, knowledgeProjection } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import {
  assessEvent,
  claimEvent,
  correctEvent,
  missionEvent,
  recordAll,
  retractEvent,
} from '../testing/event-factory.js';
import { logImage } from '../testing/log-image.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionKey } from './claim-row.js';
import { missingReadModelTables, READ_MODEL_SCHEMA, staleReadModels } from './read-model-schema.js';
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
  it('answers the view as the in-memory state does', async () => {
    const models = openReadModels((await logImage(events)).open());
    models.applyChunk(events, events.at(-1)!.envelope.position);
    const memory = knowledgeView(foldKnowledge(events));
    expect(models.claimsOfMission(MISSION)).toEqual(memory.claimsOfMission(MISSION));
    expect(models.respondersTo('c1').map((c) => c.id)).toEqual(['c2']);
    expect(models.getClaim('c1')).toEqual(memory.getClaim('c1'));
    expect(models.getClaim('nope')).toBeUndefined();
    expect(models.listMissions()).toEqual(memory.listMissions());
    expect(models.findMissions('CAPITAL mission').map((m) => m.id)).toEqual([MISSION]);
    expect(models.findMissions('xland').map((m) => m.id)).toEqual([MISSION]);
    expect(models.listSources()).toEqual(memory.listSources());
    expect(models.getActor('taliban')).toEqual(memory.getActor('taliban'));
    expect(models.listActors()).toEqual(memory.listActors());
    expect(models.listActors().map((a) => a.id)).toContain('taliban');
    expect([...models.listClaimIds()]).toEqual([...memory.listClaimIds()]);
    expect([...models.listClaimIds()]).toEqual(models.listClaims().map((c) => c.id));
    expect(models.status()).toEqual({ checkpoint: events.length, version: knowledgeProjection.version });
  });

  it('skips events at or before its checkpoint, so a redelivered chunk changes nothing', async () => {
    const withRetraction = [
      ...events,
      ...recordAll([retractEvent('c1', 'withdrawn')], { start: events.length + 1 }),
    ];
    const models = openReadModels((await logImage(withRetraction)).open());
    models.applyChunk(withRetraction, withRetraction.at(-1)!.envelope.position);
    models.applyChunk(withRetraction.slice(-1), withRetraction.at(-1)!.envelope.position);
    expect(models.getClaim('c1')?.history.map((h) => h.type)).toEqual(['retracted']);
  });

  // A claim's row is written once and only its history grows afterwards, so whatever the chunking,
  // a later duplicate registration, history added in later chunks and a correction that files the
  // claim under another mission must read back as the in-memory fold has them.
  it('keeps the first registration and every later change of a claim, in one chunk or one event per chunk', async () => {
    const OTHER = 'yy-other-consulate';
    const later = recordAll(
      [
        missionEvent({ id: OTHER, name: 'Consulate in Other', country: 'Yland', city: null }),
        claimEvent({
          id: 'c1',
          report: 'report-mar',
          mission: OTHER,
          kind: 'visit',
          controller: 'republic',
          occurred: '2023-03',
        }),
        correctEvent('c1', { missionId: OTHER, respondsTo: 'c2' }),
        assessEvent('c1', 2),
        retractEvent('c2', 'withdrawn'),
        correctEvent('c1', { missionId: MISSION }),
      ],
      { start: events.length + 1 },
    );
    const log = [...events, ...later];
    const memory = knowledgeView(foldKnowledge(log));
    const image = await logImage(log);
    const whole = openReadModels(image.open());
    whole.applyChunk(log, log.length);
    const single = openReadModels(image.open());
    for (const e of log) single.applyChunk([e], e.envelope.position);

    for (const models of [whole, single]) {
      expect(models.getClaim('c1')).toEqual(memory.getClaim('c1'));
      expect(models.getClaim('c1')?.values.controller).toBe('taliban');
      expect(models.getClaim('c1')?.history.map((h) => h.type)).toEqual([
        'corrected',
        'assessed',
        'corrected',
      ]);
      expect(models.getClaim('c2')).toEqual(memory.getClaim('c2'));
      expect(models.claimsOfMission(MISSION)).toEqual(memory.claimsOfMission(MISSION));
      expect(models.claimsOfMission(OTHER).map((c) => c.id)).toEqual(['c1']);
      expect(models.respondersTo('c1').map((c) => c.id)).toEqual(['c2']);
      expect(models.respondersTo('c2')).toEqual(memory.respondersTo('c2'));
      expect(models.listClaims()).toEqual(memory.listClaims());
      // c1 as recorded (rm_claims), c2 as a correction gave it (rm_claim_responses).
      expect(new Set(models.answeredClaimIds())).toEqual(new Set(['c1', 'c2']));
      expect(new Set(models.answeredClaimIds())).toEqual(new Set(memory.answeredClaimIds()));
      // Both answer each other: given both as read already, or only c2, when c1 is read.
      const own = models.claimsOfMission(MISSION);
      expect(own.map((c) => c.id)).toEqual(['c1', 'c2']);
      expect(models.respondersToAny(['c1', 'c2'], own)).toEqual(memory.respondersToAny(['c1', 'c2']));
      expect(models.respondersToAny(['c1', 'c2'], own.slice(1))).toEqual(
        memory.respondersToAny(['c1', 'c2']),
      );
    }
    expect(dumpReadModels(single.db)).toEqual(dumpReadModels(whole.db));
  });

  it('never mixes the claims of two missions whose ids share a mission key', async () => {
    // rm_claims indexes a claim's mission through a 23-bit hash of its id; these two collide.
    expect(missionKey('mission-209')).toBe(missionKey('mission-23602'));
    const log = recordAll([
      ...smallWorld(),
      missionEvent({ id: 'mission-209', name: 'Embassy A', country: 'Xland', city: null }),
      missionEvent({ id: 'mission-23602', name: 'Embassy B', country: 'Xland', city: null }),
      claimEvent({
        id: 'c1',
        report: 'report-jan',
        mission: 'mission-209',
        kind: 'control',
        occurred: '2021',
      }),
      claimEvent({
        id: 'c2',
        report: 'report-jan',
        mission: 'mission-23602',
        kind: 'control',
        occurred: '2021',
      }),
    ]);
    const models = openReadModels((await logImage(log)).open());
    models.applyChunk(log, log.length);
    const memory = knowledgeView(foldKnowledge(log));
    expect(models.claimsOfMission('mission-209').map((c) => c.id)).toEqual(['c1']);
    expect(models.claimsOfMission('mission-23602').map((c) => c.id)).toEqual(['c2']);
    expect(models.claimsOfMission('mission-209')).toEqual(memory.claimsOfMission('mission-209'));
  });

  it('replaces tables of another layout with empty ones', async () => {
    const db = (await logImage(events)).open();
    openReadModels(db).applyChunk(events, events.at(-1)!.envelope.position);
    db.prepare("UPDATE rm_meta SET value = '0' WHERE key = 'schema'").run();
    const reopened = openReadModels(db);
    expect(reopened.status()).toEqual({ checkpoint: null, version: null });
    expect(reopened.listClaims()).toEqual([]);
    expect(db.prepare("SELECT value FROM rm_meta WHERE key = 'schema'").pluck().get()).toBe(
      String(READ_MODEL_SCHEMA),
    );
  });

  it('takes a table dropped for another layout: reported missing, and all are replaced with empty ones to rebuild', async () => {
    const db = (await logImage(events)).open();
    openReadModels(db).applyChunk(events, events.at(-1)!.envelope.position);
    db.exec('DROP TABLE rm_claims');
    expect(missingReadModelTables(db)).toEqual(['rm_claims']);
    expect(staleReadModels(db, knowledgeProjection.version)).toBe('missing');
    // Not kept with the dropped table made again empty beside the others' rows and checkpoint.
    const reopened = openReadModels(db);
    expect(missingReadModelTables(db)).toEqual([]);
    expect(staleReadModels(db, knowledgeProjection.version)).toBeUndefined();
    expect(reopened.status()).toEqual({ checkpoint: null, version: null });
    expect(reopened.listMissions()).toEqual([]);
    expect(reopened.getActor('taliban')).toBeUndefined();
    // Rebuilt from the log, they answer as the fold does.
    reopened.applyChunk(events, events.at(-1)!.envelope.position);
    const memory = knowledgeView(foldKnowledge(events));
    expect(reopened.listClaims()).toEqual(memory.listClaims());
    expect(reopened.listMissions()).toEqual(memory.listMissions());
  });

  it('opens read models of the current layout on a read-only connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-read-models-'));
    try {
      const path = join(dir, 'models.sqlite');
      const writer = (await logImage(events)).open();
      openReadModels(writer).applyChunk(events, events.at(-1)!.envelope.position);
      await writer.backup(path);
      writer.close();
      const reader = new Database(path, { readonly: true });
      const models = openReadModels(reader);
      expect(models.claimsOfMission(MISSION).map((c) => c.id)).toEqual(['c1', 'c2']);
      expect(models.status().checkpoint).toBe(events.length);
      reader.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
