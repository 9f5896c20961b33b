import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vagueDate } from '@kb/domain';
import { openSqliteStore, type SqliteEventStore } from '@kb/store';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { centralAsiaFixture } from '../acceptance/central-asia-fixture.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { missionControl, overview } from '../queries/mission-control.js';
import { missionTimeline } from '../queries/mission-timeline.js';
import { sourceLedger } from '../queries/source-ledger.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll, claimEvent, gradeEvent, retractEvent, sourceEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { steppingClock } from '../testing/stepping-clock.js';
import { loadKnowledge } from './load-knowledge.js';
import { ProjectionRunner } from './projection-runner.js';

let dir: string;
let path: string;
const open: SqliteEventStore[] = [];
const openStore = () => {
  const store = openSqliteStore({ path, clock: steppingClock() });
  open.push(store);
  return store;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-projections-'));
  path = join(dir, 'kb.sqlite');
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fixture = centralAsiaFixture();
const half = Math.floor(fixture.length / 2);

async function rebuiltDump(store: SqliteEventStore) {
  const models = openReadModels(store.database);
  await new ProjectionRunner(store, models).rebuild();
  return dumpReadModels(store.database);
}

/** A store holding the fixture, and read models caught up with it. */
async function caughtUpFixture() {
  const store = openStore();
  await appendAll(store, fixture);
  const models = openReadModels(store.database);
  await new ProjectionRunner(store, models).catchUp();
  return { store, models };
}

/** A runner of `chunkSize` chunks that throws once its `crashAt`-th chunk is committed. */
function crashingRunner(store: SqliteEventStore, chunkSize: number, crashAt: number): ProjectionRunner {
  let chunks = 0;
  return new ProjectionRunner(store, openReadModels(store.database), {
    chunkSize,
    onChunk: () => {
      chunks += 1;
      if (chunks === crashAt) throw new Error('simulated crash');
    },
  });
}

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

  // A rebuild writes rm_claims without its indexes and builds them last; an interrupted one must
  // still leave them in place (or have the next open put them back) and be finished by a catch-up.
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
    const all = ['rm_claims_by_id', 'rm_claims_by_mission', 'rm_claims_by_target'];
    expect(indexes()).toEqual(all);
    // A process killed mid-rebuild never reached that: the next open builds them.
    store.database.exec(
      'DROP INDEX rm_claims_by_id; DROP INDEX rm_claims_by_mission; DROP INDEX rm_claims_by_target',
    );
    const models = openReadModels(store.database);
    expect(indexes()).toEqual(all);
    expect(models.status().checkpoint).toBe(12);
    await new ProjectionRunner(store, models, { chunkSize: 4 }).catchUp();
    expect(models.getClaim('khorog-visit-2023-03-23')?.history.map((h) => h.type)).toEqual(['retracted']);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });

  // Two processes may open a new file at once (kb status beside an ingest): a first catch-up is done
  // the rebuild's way, which must never throw away or mix with another connection's work.
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

  it('names the row when a claim row no longer points at its ClaimRecorded', async () => {
    const { store, models } = await caughtUpFixture();
    store.database.prepare("UPDATE rm_claims SET position = 1 WHERE id = 'khorog-visit-2023-03-23'").run();
    expect(() => models.getClaim('khorog-visit-2023-03-23')).toThrow(
      /rm_claims row khorog-visit-2023-03-23 points at position 1, which holds a \w+: the read models do not match this log/,
    );
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
