// Concurrent writers: four `kb ingest` processes on one SQLite file with inputs that share half
// their records, while a reader in this process (projection runner + overview) and `kb status`
// children keep reading. Nothing may be lost or duplicated and no SQLITE_BUSY may reach a user.
// A second case races processes on one stream with expected revisions: the loser of each race sees
// the port's WrongExpectedRevisionError, retries, and the stream ends with every event exactly once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestReport } from '@kb/ingest';
import { knowledgeView, loadKnowledge, openReadModels, overview, ProjectionRunner } from '@kb/projections';
import { openSqliteStore, WrongExpectedRevisionError } from '@kb/store';
import { type Child, runChild } from '@kb/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { range, stressClaimId, stressNdjson } from './stress-records.js';
import { snapshotStore } from './stress-store.js';

const WRITERS = 4;
const SHARED = 2500;
const OWN = 2500;
const UNION = SHARED + WRITERS * OWN;
const SEED = Number(process.env['KB_STRESS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const kb = fileURLToPath(new URL('../../../cli/bin/kb.js', import.meta.url));
const raceChild = fileURLToPath(new URL('./revision-race-child.ts', import.meta.url));
// SQLite's busy and locked errors, however a layer above words them.
const BUSY = /SQLITE_BUSY|SQLITE_LOCKED|database is locked|busy/i;

let dir: string;
beforeAll(() => {
  console.log(`concurrent-writers seed ${SEED} (set KB_STRESS_SEED=${SEED} to replay)`);
  dir = mkdtempSync(join(tmpdir(), 'kb-concurrent-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writer k gets the shared records and its own, shuffled, so the writers meet in different orders. */
function writerInput(k: number, random: () => number): string {
  const indices = [...range(0, SHARED), ...range(SHARED + k * OWN, SHARED + (k + 1) * OWN)];
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  const file = join(dir, `writer-${k}.ndjson`);
  writeFileSync(file, stressNdjson(indices));
  return file;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('concurrent writers on one SQLite file', () => {
  it('four overlapping ingests lose nothing, duplicate nothing, and readers keep answering', async () => {
    const random = seededRandom(SEED);
    const store = join(dir, 'kb.sqlite');
    const files = range(0, WRITERS).map((k) => writerInput(k, random));
    // This process's reader: its own connection, read models in the same file, as `kb status` keeps them.
    const reader = openSqliteStore({ path: store });
    const models = openReadModels(reader.database);
    const runner = new ProjectionRunner(reader, models, { chunkSize: 500 });

    const writers = files.map((file, k) =>
      runChild(kb, ['ingest', file, '--store', store, '--batch-size', String(20 + 40 * k), '--json']),
    );
    let running = true;
    const done = Promise.all(writers.map((w) => w.exited)).then((exits) => {
      running = false;
      return exits;
    });

    const readerLoop = (async () => {
      let duringWrites = 0;
      let checkpoint = 0;
      const errors: unknown[] = [];
      while (running) {
        try {
          const result = await runner.catchUp();
          // The checkpoint only moves forward, and what was applied is answered from.
          expect(result.checkpoint ?? 0).toBeGreaterThanOrEqual(checkpoint);
          checkpoint = result.checkpoint ?? 0;
          const rows = overview(models);
          expect(Array.isArray(rows)).toBe(true);
          duringWrites++;
        } catch (error) {
          errors.push(error);
        }
        await sleep(10);
      }
      return { duringWrites, errors };
    })();

    const statusLoop = (async () => {
      const runs: { whileWriting: boolean; code: number | null; stderr: string; missions: number }[] = [];
      while (running || runs.length < 3) {
        const whileWriting = running;
        const status: Child = runChild(kb, ['status', '--store', store, '--json']);
        const { code } = await status.exited;
        let missions = -1;
        try {
          missions = (JSON.parse(status.stdout.join('\n')) as unknown[]).length;
        } catch {
          // left at -1: the assertion below names the run
        }
        runs.push({ whileWriting, code, stderr: status.stderr(), missions });
      }
      return runs;
    })();

    const exits = await done;
    const [reads, statuses] = await Promise.all([readerLoop, statusLoop]);

    const reports = writers.map((w) => JSON.parse(w.stdout.join('\n')) as IngestReport);
    writers.forEach((w, k) => {
      expect(exits[k], `writer ${k}: ${w.stderr()}`).toEqual({ code: 0, signal: null });
      expect(w.stderr()).not.toMatch(BUSY);
      expect(reports[k]).toMatchObject({ records: SHARED + OWN, rejectedLines: 0 });
      expect(reports[k]!.added + reports[k]!.skipped).toBe(SHARED + OWN);
    });
    // Every record of the union was added by exactly one writer.
    expect(reports.reduce((n, r) => n + r.added, 0)).toBe(UNION);

    expect(reads.errors.map(String)).toEqual([]);
    expect(reads.duringWrites).toBeGreaterThanOrEqual(3);
    for (const run of statuses) {
      // stderr in the comparison, so a failing run shows what it printed.
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.missions).toBeGreaterThanOrEqual(0);
    }
    expect(statuses.filter((s) => s.whileWriting).length).toBeGreaterThanOrEqual(1);

    const snap = await snapshotStore(store);
    expect(snap.verify).toMatchObject({ ok: true, firstBreak: null });
    expect(snap.dangling).toBe(0);
    expect(snap.claims.size).toBe(UNION);
    expect(range(0, UNION).every((i) => snap.claims.get(stressClaimId(i)) === 1)).toBe(true);
    expect(new Set(snap.eventIds).size).toBe(snap.eventIds.length);
    expect(snap.eventIds.length).toBe(reports.reduce((n, r) => n + r.eventsAppended, 0));

    // The reader, caught up once more, answers as a fold of the whole log does.
    await runner.catchUp();
    expect(overview(models)).toEqual(overview(knowledgeView(await loadKnowledge(reader))));
    await reader.close();

    const verify = runChild(kb, ['verify', '--store', store]);
    expect((await verify.exited).code).toBe(0);
    expect(verify.stdout.join('\n')).toContain(`ok: ${snap.eventIds.length} events checked`);
    console.log(
      `concurrent-writers: added per writer ${reports.map((r) => r.added).join('/')}, ` +
        `${reads.duringWrites} in-process reads and ${statuses.length} kb status runs during/after writes`,
    );
  }, 240_000);

  it('a stream raced by three processes with expected revisions: conflicts surface and retries settle', async () => {
    const store = join(dir, 'race.sqlite');
    // Two connections are two writers as far as SQLite is concerned: a stale expectation from one,
    // after the other appended, is the port's conflict error, not a driver error.
    const first = openSqliteStore({ path: store });
    const second = openSqliteStore({ path: store });
    await first.append('duel', [{ id: 'duel-0', type: 'RaceAppended', version: 1, data: {} }], {
      expectedRevision: 'no_stream',
    });
    await second.append('duel', [{ id: 'duel-1', type: 'RaceAppended', version: 1, data: {} }], {
      expectedRevision: 0,
    });
    const stale = first.append('duel', [{ id: 'duel-2', type: 'RaceAppended', version: 1, data: {} }], {
      expectedRevision: 0,
    });
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(stale).rejects.toMatchObject({ stream: 'duel', expected: 0, actual: 1 });
    await Promise.all([first.close(), second.close()]);

    const count = 300;
    // The racers start together, once all have loaded, so their appends interleave.
    const startAt = String(Date.now() + 3000);
    const racers = range(0, 3).map((k) =>
      runChild(raceChild, [store, `racer${k}`, String(count), 'race', startAt]),
    );
    const exits = await Promise.all(racers.map((r) => r.exited));
    let conflicts = 0;
    racers.forEach((r, k) => {
      expect(exits[k], r.stderr()).toEqual({ code: 0, signal: null });
      expect(r.stderr()).not.toMatch(BUSY);
      conflicts += Number(r.stdout.find((l) => l.startsWith('conflicts '))?.split(' ')[1] ?? Number.NaN);
    });
    expect(Number.isInteger(conflicts)).toBe(true);
    const check = openSqliteStore({ path: store });
    const stored: { id: string; revision: number }[] = [];
    for await (const e of check.readStream('race')) stored.push({ id: e.id, revision: e.revision });
    expect((await check.verify()).ok).toBe(true);
    await check.close();
    expect(stored.map((e) => e.revision)).toEqual(range(0, 3 * count));
    expect(new Set(stored.map((e) => e.id))).toEqual(
      new Set(range(0, 3).flatMap((k) => range(0, count).map((i) => `racer${k}-${i}`))),
    );
    console.log(
      `revision race: ${3 * count} appends, ${conflicts} WrongExpectedRevisionError conflicts retried`,
    );
  }, 120_000);
});
