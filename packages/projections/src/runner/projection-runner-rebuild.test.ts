import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { registrationsOf, withClaimRecordedTwice } from '../testing/claim-recorded-twice.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll, retractEvent } from '../testing/event-factory.js';
import { loadKnowledge } from './load-knowledge.js';
import { ProjectionRunner } from './projection-runner.js';
import {
  caughtUpFixture,
  crashingRunner,
  fixture,
  openStore,
  path,
  rebuiltDump,
  useStoreFile,
} from './projection-runner-testing.js';

useStoreFile();

describe('ProjectionRunner', () => {
  // A rebuild writes rm_claims without its indexes and builds them last; one that stops first (a
  // range failing here) leaves them out, marked as unfinished, and the next catch-up finishes it.
  it('finishes an interrupted rebuild with a catch-up, claim indexes and all', async () => {
    const store = openStore();
    await appendAll(store, [...fixture, retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const crashing = crashingRunner(store, 4, 3);
    await expect(crashing.rebuild()).rejects.toThrow('simulated crash');
    const indexes = () =>
      store.database
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rm_claims' ORDER BY name",
        )
        .pluck()
        .all();
    expect(indexes()).toEqual([]);
    // Opening them again leaves the indexes to the rebuild's end, which the catch-up reaches.
    const models = openReadModels(store.database);
    expect(indexes()).toEqual([]);
    expect(models.unfinishedRebuild()).toBe(true);
    expect(models.status().checkpoint).toBe(12);
    await new ProjectionRunner(store, models, { chunkSize: 4 }).catchUp();
    expect(indexes()).toEqual(['rm_claims_by_id', 'rm_claims_by_mission', 'rm_claims_by_target']);
    expect(models.unfinishedRebuild()).toBe(false);
    expect(models.getClaim('khorog-visit-2023-03-23')?.history.map((h) => h.type)).toEqual(['retracted']);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });

  // Two processes may open a new file at once (kb status beside an ingest): a first catch-up is done
  // the rebuild's way, which must never throw away or mix with another connection's work.
  it('keeps a claim recorded twice to its first registration when another connection opens the read models mid-rebuild', async () => {
    // The log holds a second ClaimRecorded of one claim id (an API writer's, not ingest's): the
    // rebuild keeps the first and drops the later row itself. Another connection opening the read
    // models meanwhile puts rm_claims' indexes back, the unique one among them; the rebuild must
    // not then fail on the later row (it did: UNIQUE constraint failed: rm_claims.id).
    const store = openStore();
    await appendAll(store, withClaimRecordedTwice(fixture));
    expect(await registrationsOf(store)).toBe(2);
    const expected = await rebuiltDump(store);
    let opened = 0;
    const runner = new ProjectionRunner(store, openReadModels(store.database), {
      chunkSize: 4,
      onChunk: () => {
        if (opened++ === 0) openReadModels(openStore().database);
      },
    });
    await runner.rebuild();
    expect(opened).toBeGreaterThan(1);
    expect(dumpReadModels(store.database)).toEqual(expected);
  });

  it('gives way when another connection writes or resets the read models during a rebuild', async () => {
    const store = openStore();
    await appendAll(store, [...fixture, retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const other = new Database(path);
    try {
      const otherModels = openReadModels(other);
      let chunks = 0;
      const overtaken = new ProjectionRunner(store, openReadModels(store.database), {
        chunkSize: 4,
        onChunk: () => {
          chunks += 1;
          // The other connection starts its own rebuild, dropping what this one wrote.
          if (chunks === 2) expect(otherModels.startRebuild()).toBe(true);
        },
      });
      const result = await overtaken.rebuild();
      expect(result.checkpoint).toBe(store.headPosition());
      // Two chunks of its own, then everything again from the other's empty tables.
      expect(result.processed).toBe(8 + fixture.length + 1);
      expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));

      // A first catch-up the rebuild's way leaves applied chunks alone.
      expect(otherModels.startRebuild(knowledgeProjection.version, true)).toBe(false);
      expect(otherModels.status().checkpoint).toBe(store.headPosition());
    } finally {
      other.close();
    }
  });

  it('past its limit of claims held in memory, builds the indexes and finishes through the tables', async () => {
    const store = openStore();
    await appendAll(store, [...fixture, retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const expected = await rebuiltDump(store);
    const models = openReadModels(store.database);
    const result = await new ProjectionRunner(store, models, {
      chunkSize: 4,
      rebuildClaimsInMemory: 2,
    }).rebuild();
    expect(result.processed).toBe(fixture.length + 1);
    expect(dumpReadModels(store.database)).toEqual(expected);
    expect(models.getClaim('khorog-visit-2023-03-23')?.history.map((h) => h.type)).toEqual(['retracted']);
  });

  it('rebuilds a log with a gap in its positions, each range checkpointed at an event it holds', async () => {
    const store = openStore();
    await appendAll(store, [...fixture, retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const head = store.headPosition();
    // A row gone from the middle (as on a damaged copy): ranges span positions, not events.
    store.database.prepare('DELETE FROM events WHERE position IN (5, 6)').run();
    const checkpoints: number[] = [];
    const models = openReadModels(store.database);
    const result = await new ProjectionRunner(store, models, {
      chunkSize: 4,
      onChunk: (checkpoint) => checkpoints.push(checkpoint),
    }).rebuild();
    expect(result).toEqual({ processed: fixture.length - 1, checkpoint: head });
    // A range starts at the first event after the checkpoint: 7, after the gap.
    expect(checkpoints.slice(0, 3)).toEqual([4, 10, 14]);
    expect(checkpoints).not.toContain(5);
    const memory = knowledgeView(await loadKnowledge(store));
    expect(models.listClaims()).toEqual(memory.listClaims());
  });

  it('rebuilds from zero when the stored projection version differs', async () => {
    const { store, models } = await caughtUpFixture();
    store.database.prepare("UPDATE rm_meta SET value = '0' WHERE key = 'version'").run();
    const before = dumpReadModels(store.database);
    const result = await new ProjectionRunner(store, models).catchUp();
    expect(result.processed).toBe(fixture.length);
    expect(models.status().version).toBe(knowledgeProjection.version);
    const { rm_meta: metaAfter, ...after } = dumpReadModels(store.database);
    const { rm_meta: metaBefore, ...prior } = before;
    expect(after).toEqual(prior);
    expect(metaAfter).not.toEqual(metaBefore);
  });
});
