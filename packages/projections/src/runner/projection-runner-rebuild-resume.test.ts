// Going on after a rebuild that stopped between two ranges (Ctrl-C, a crash): the next catch-up takes
// the rebuild's own way from its checkpoint (ranges read from the events table, the claims it wrote
// read back from rm_claims, the claim indexes built once after its last range) rather than the
// ordinary catch-up, chunk by chunk through the indexes, which measured 3 to 4 times slower than
// starting again. The read models it leaves must be those of a whole rebuild.
import type { SqliteEventStore } from '@kb/store';
import { describe, expect, it, vi } from 'vitest';
import { openReadModels, type SqliteReadModels } from '../read-models/sqlite-read-models.js';
import { registrationsOf, withClaimRecordedTwice } from '../testing/claim-recorded-twice.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll, retractEvent } from '../testing/event-factory.js';
import { ProjectionRunner } from './projection-runner.js';
import {
  crashingRunner,
  fixture,
  openStore,
  rebuiltDump,
  useStoreFile,
} from './projection-runner-testing.js';

useStoreFile();

const indexes = (store: SqliteEventStore) =>
  store.database
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rm_claims' ORDER BY name")
    .pluck()
    .all();
const ALL = ['rm_claims_by_id', 'rm_claims_by_mission', 'rm_claims_by_target'];

/**
 * A rebuild in ranges of 4 positions stopped after its `ranges`-th, as a killed process leaves it:
 * ranges committed up to position 4 * `ranges`, and no claim index (a kill never reaches their build).
 * The fixture's first claim is at position 18.
 */
async function interruptedRebuild(store: SqliteEventStore, ranges = 3): Promise<void> {
  await expect(crashingRunner(store, 4, ranges).rebuild()).rejects.toThrow('simulated crash');
  store.database.exec(
    'DROP INDEX IF EXISTS rm_claims_by_id; DROP INDEX IF EXISTS rm_claims_by_mission; DROP INDEX IF EXISTS rm_claims_by_target',
  );
}

/** The read models as the next command opens them: another connection to the file. */
function reopened(): { store: SqliteEventStore; models: SqliteReadModels } {
  const store = openStore();
  return { store, models: openReadModels(store.database) };
}

describe('ProjectionRunner going on after an interrupted rebuild', () => {
  it("takes the rebuild's ranges from its checkpoint, building the claim indexes once, after the last", async () => {
    const first = openStore();
    await appendAll(first, fixture);
    await interruptedRebuild(first);
    // The log grew since: going on takes the new events too.
    await appendAll(first, [retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);

    const { store, models } = reopened();
    // Opening them leaves the indexes out while the rebuild is unfinished.
    expect(indexes(store)).toEqual([]);
    expect(models.unfinishedRebuild()).toBe(true);
    expect(models.status().checkpoint).toBe(12);

    const applyChunk = vi.spyOn(models, 'applyChunk');
    const rebuildRange = vi.spyOn(models, 'rebuildRange');
    const finishRebuild = vi.spyOn(models, 'finishRebuild');
    const indexedAtChunk: number[] = [];
    const result = await new ProjectionRunner(store, models, {
      chunkSize: 4,
      onChunk: () => indexedAtChunk.push(indexes(store).length),
    }).catchUp();

    const head = store.headPosition();
    expect(result).toEqual({ processed: head - 12, checkpoint: head });
    // Every event went through a rebuild range; none through the ordinary catch-up's chunks.
    expect(applyChunk).not.toHaveBeenCalled();
    expect(indexedAtChunk).toEqual(Array.from({ length: Math.ceil((head - 12) / 4) }, () => 0));
    // The ranges after the checkpoint, and one more that found the log's end.
    expect(rebuildRange.mock.calls.map(([after]) => after)).toEqual([
      ...Array.from({ length: Math.ceil((head - 12) / 4) }, (_, i) => 12 + 4 * i),
      head,
    ]);
    expect(finishRebuild).toHaveBeenCalledTimes(1);
    expect(indexes(store)).toEqual(ALL);
    expect(models.unfinishedRebuild()).toBe(false);
    expect(models.getClaim('khorog-visit-2023-03-23')?.history.map((h) => h.type)).toEqual(['retracted']);

    const goneOn = dumpReadModels(store.database);
    expect(goneOn).toEqual(await rebuiltDump(store));
    // Finished: the next catch-up is an ordinary one, with nothing to do.
    expect(await new ProjectionRunner(store, models).catchUp()).toEqual({ processed: 0, checkpoint: head });
  });

  it("keeps a claim id's first registration, written before the interruption, when a later one comes after it", async () => {
    // The claims the rebuild kept in memory are read back from rm_claims: without them the later
    // registration got a row of its own, and the unique index failed at the end.
    const first = openStore();
    await appendAll(first, withClaimRecordedTwice(fixture));
    expect(await registrationsOf(first)).toBe(2);
    const expected = await rebuiltDump(first);
    await interruptedRebuild(first, 6);
    const { store, models } = reopened();
    const rows = store.database.prepare('SELECT position FROM rm_claims WHERE id = ?').pluck();
    expect(rows.all('khorog-visit-2023-03-23')).toHaveLength(1);
    await new ProjectionRunner(store, models, { chunkSize: 4 }).catchUp();
    expect(rows.all('khorog-visit-2023-03-23')).toHaveLength(1);
    expect(dumpReadModels(store.database)).toEqual(expected);
    expect(indexes(store)).toEqual(ALL);
  });

  it('past its limit of claims held in memory, builds the indexes and goes on through the tables', async () => {
    const first = openStore();
    await appendAll(first, [...fixture, retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const expected = await rebuiltDump(first);
    await interruptedRebuild(first, 6);
    const { store, models } = reopened();
    // Fewer than it wrote before it stopped: it reads back no more than the limit, and goes on
    // without them.
    const written = store.database.prepare('SELECT count(*) FROM rm_claims').pluck().get() as number;
    expect(written).toBeGreaterThan(1);
    const rebuildClaims = vi.spyOn(models, 'rebuildClaims');
    const rebuildRange = vi.spyOn(models, 'rebuildRange');
    const result = await new ProjectionRunner(store, models, {
      chunkSize: 4,
      rebuildClaimsInMemory: written - 1,
    }).catchUp();
    expect(rebuildClaims.mock.results.map((r) => (r.value as { size: number }).size)).toEqual([written - 1]);
    expect(result.checkpoint).toBe(store.headPosition());
    expect(rebuildRange).not.toHaveBeenCalled();
    expect(models.unfinishedRebuild()).toBe(false);
    expect(dumpReadModels(store.database)).toEqual(expected);
  });

  it('refuses to go on when the log was cut back below its checkpoint since, and a rebuild remakes them', async () => {
    const first = openStore();
    await appendAll(first, fixture);
    await interruptedRebuild(first);
    const db = first.database;
    const hash = db.prepare('SELECT hash FROM events WHERE position = 8').pluck().get();
    db.prepare('DELETE FROM events WHERE position > 8').run();
    db.prepare('UPDATE head SET count = 8, last_position = 8, last_hash = ?').run(hash);

    const { store, models } = reopened();
    await expect(new ProjectionRunner(store, models, { chunkSize: 4 }).catchUp()).rejects.toMatchObject({
      name: 'ReadModelsCutError',
      cut: { checkpoint: 12, logEnd: 8, kind: 'past-end' },
    });
    expect(models.status().checkpoint).toBe(12);
    expect(await new ProjectionRunner(store, models).rebuild()).toEqual({ processed: 8, checkpoint: 8 });
    expect(models.unfinishedRebuild()).toBe(false);
    expect(indexes(store)).toEqual(ALL);
  });
});
