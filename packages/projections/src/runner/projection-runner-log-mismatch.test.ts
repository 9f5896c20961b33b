// ProjectionRunner refusing read models that do not match the log: an event it cannot read, read
// models open on another file, a claim row pointing at the wrong event, a log cut back since their
// checkpoint; and the hash of the checkpoint's event it keeps to tell.
import { join } from 'node:path';
import { openSqliteStore, type SqliteEventStore } from '@kb/store';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll, gradeEvent, retractEvent, sourceEvent } from '../testing/event-factory.js';
import { steppingClock } from '../testing/stepping-clock.js';
import { ProjectionRunner } from './projection-runner.js';
import { caughtUpFixture, dir, fixture, openStore, path, useStoreFile } from './projection-runner-testing.js';

useStoreFile();

describe('ProjectionRunner', () => {
  it('names the event when a stored claim cannot be read during a rebuild', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const claimAt = store.database
      .prepare("SELECT min(position) FROM events WHERE type = 'ClaimRecorded'")
      .pluck()
      .get() as number;
    const models = openReadModels(store.database);
    store.database
      .prepare(`UPDATE events SET data = json_remove(data, '$.missionId') WHERE position = ?`)
      .run(claimAt);
    const stream = store.database
      .prepare('SELECT stream FROM events WHERE position = ?')
      .pluck()
      .get(claimAt);
    await expect(new ProjectionRunner(store, models).rebuild()).rejects.toThrow(
      `the event at position ${claimAt} (${stream}, ClaimRecorded) cannot be read: its data has no claimId or missionId. kb verify checks the whole log`,
    );
    store.database.prepare(`UPDATE events SET data = '{broken' WHERE position = ?`).run(claimAt);
    await expect(new ProjectionRunner(store, models).rebuild()).rejects.toThrow(
      `the event at position ${claimAt} (${stream}, ClaimRecorded) cannot be read: its data is not JSON (`,
    );
  });

  it('refuses read models open on another file than the store, whose log they would not match', async () => {
    const store = openStore();
    const other = new Database(join(dir, 'other.sqlite'));
    try {
      other.exec(
        'CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT, stream TEXT, revision INTEGER, type TEXT, version INTEGER, data TEXT, metadata TEXT, recorded_at TEXT, prev_hash TEXT, hash TEXT)',
      );
      expect(() => new ProjectionRunner(store, openReadModels(other))).toThrow(
        'the read models are open on another database than the store',
      );
      // Another connection to the store's own file is the same log.
      const same = new Database(path);
      try {
        await appendAll(store, fixture);
        const result = await new ProjectionRunner(store, openReadModels(same)).rebuild();
        expect(result.processed).toBe(fixture.length);
      } finally {
        same.close();
      }
    } finally {
      other.close();
    }
  });

  it("refuses read models on a database in memory of their own beside a store in memory, though neither has a file's name", async () => {
    const store = openSqliteStore({ path: ':memory:', clock: steppingClock() });
    const other = new Database(':memory:');
    try {
      other.exec(
        'CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT, stream TEXT, revision INTEGER, type TEXT, version INTEGER, data TEXT, metadata TEXT, recorded_at TEXT, prev_hash TEXT, hash TEXT)',
      );
      // Both name their file '': that is no file, so not the same one.
      expect(() => new ProjectionRunner(store, openReadModels(other))).toThrow(TypeError);
      expect(() => new ProjectionRunner(store, openReadModels(other))).toThrow(
        'the read models are open on another database than the store',
      );
      // The store's own connection is its database, in memory or not.
      await appendAll(store, fixture);
      const result = await new ProjectionRunner(store, openReadModels(store.database)).rebuild();
      expect(result.processed).toBe(fixture.length);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('names the row when a claim row no longer points at its ClaimRecorded', async () => {
    const { store, models } = await caughtUpFixture();
    store.database.prepare("UPDATE rm_claims SET position = 1 WHERE id = 'khorog-visit-2023-03-23'").run();
    expect(() => models.getClaim('khorog-visit-2023-03-23')).toThrow(
      /rm_claims row khorog-visit-2023-03-23 points at position 1, which holds a \w+: the read models do not match this log/,
    );
  });

  // A log cut back to an earlier event, its head row set to match, as `kb verify` alone cannot tell.
  function cutBack(store: SqliteEventStore, keep: number): void {
    const db = store.database;
    const hash = db.prepare('SELECT hash FROM events WHERE position = ?').pluck().get(keep);
    db.prepare('DELETE FROM events WHERE position > ?').run(keep);
    db.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ?').run(keep, keep, hash);
  }

  it('refuses to catch up read models past the end of a log cut back since, and a rebuild remakes them', async () => {
    const store = openStore();
    await appendAll(store, [...fixture, retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models).catchUp();
    cutBack(store, fixture.length);
    const before = dumpReadModels(store.database);
    const cut = { checkpoint: fixture.length + 1, logEnd: fixture.length, kind: 'past-end' };
    await expect(new ProjectionRunner(store, models).catchUp()).rejects.toMatchObject({
      name: 'ReadModelsCutError',
      cut,
      message: `their checkpoint, position ${fixture.length + 1}, is past the log's last event, position ${fixture.length}`,
    });
    expect(models.logCut(() => store.headPosition())).toEqual(cut);
    // Nothing was applied.
    expect(dumpReadModels(store.database)).toEqual(before);
    expect(models.getClaim('khorog-visit-2023-03-23')?.history).toHaveLength(1);
    const rebuilt = await new ProjectionRunner(store, models).rebuild();
    expect(rebuilt.checkpoint).toBe(fixture.length);
    expect(models.getClaim('khorog-visit-2023-03-23')?.history).toEqual([]);
    expect(models.logCut(() => store.headPosition())).toBeUndefined();
    expect((await new ProjectionRunner(store, models).catchUp()).processed).toBe(0);
  });

  it('refuses to catch up read models whose checkpoint the log holds another event at, cut back and written on since', async () => {
    const store = openStore();
    await appendAll(store, [...fixture, retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models, { chunkSize: 5 }).catchUp();
    cutBack(store, fixture.length);
    // The next events take the positions the cut freed: the checkpoint is no longer past the end.
    await appendAll(store, [
      sourceEvent({ id: 'late-outlet', outlet: 'Late Outlet' }),
      gradeEvent('late-outlet', 'B'),
    ]);
    expect(store.headPosition()).toBe(fixture.length + 2);
    const cut = { checkpoint: fixture.length + 1, logEnd: fixture.length + 2, kind: 'replaced' };
    await expect(new ProjectionRunner(store, models).catchUp()).rejects.toMatchObject({
      cut,
      message: `the event at their checkpoint, position ${fixture.length + 1}, is not the one they applied there: the log was cut back and written on since`,
    });
    expect(models.getSource('late-outlet')).toBeUndefined();
    await new ProjectionRunner(store, models).rebuild();
    expect(models.getSource('late-outlet')?.grades.at(-1)?.reliability).toBe('B');
    expect(models.getClaim('khorog-visit-2023-03-23')?.history).toEqual([]);
    // The checkpoint's row gone altogether, the head left as it was: the same refusal, said otherwise.
    store.database.prepare('DELETE FROM events WHERE position = ?').run(fixture.length + 2);
    await expect(new ProjectionRunner(store, models).catchUp()).rejects.toMatchObject({
      cut: { checkpoint: fixture.length + 2, logEnd: fixture.length + 2, kind: 'missing' },
      message: `the log holds no event at their checkpoint, position ${fixture.length + 2}`,
    });
  });

  it('keeps the hash of the event at its checkpoint, moved with it by catch-ups and rebuilds alike', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const hashAt = (position: number | null) =>
      store.database.prepare('SELECT hash FROM events WHERE position = ?').pluck().get(position);
    const kept = () =>
      store.database.prepare("SELECT value FROM rm_meta WHERE key = 'checkpoint_hash'").pluck().get();
    const models = openReadModels(store.database);
    await new ProjectionRunner(store, models, { chunkSize: 4 }).catchUp();
    expect(kept()).toBe(hashAt(fixture.length));
    await appendAll(store, [retractEvent('khorog-visit-2023-03-23', 'withdrawn')]);
    await new ProjectionRunner(store, models).catchUp();
    expect(kept()).toBe(hashAt(fixture.length + 1));
    await new ProjectionRunner(store, models, { chunkSize: 3 }).rebuild();
    expect(kept()).toBe(hashAt(fixture.length + 1));
    // Read models stored before the hash was kept are checked against the log's end alone.
    store.database.exec("DELETE FROM rm_meta WHERE key = 'checkpoint_hash'");
    expect(models.logCut(() => fixture.length + 1)).toBeUndefined();
    expect(models.logCut(() => fixture.length)).toMatchObject({ kind: 'past-end' });
  });
});
