// Concurrent writers: four `kb ingest` processes on one SQLite file with inputs that share half
// their records, and share some claim ids with different content (each writer has its own version),
// while a reader in this process (projection runner + overview) and `kb status` children keep
// reading. The writers must overlap in time (their events interleave in the log); nothing may be lost
// or duplicated, no SQLITE_BUSY may reach a user, and of each contested claim id exactly one version
// is stored while every other writer reports its version rejected.
// A second case races processes on one stream with expected revisions: the loser of each race sees
// the port's WrongExpectedRevisionError, retries, and the stream ends with every event exactly once.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestReport } from '@kb/ingest';
import { knowledgeView, loadKnowledge, openReadModels, overview, ProjectionRunner } from '@kb/projections';
import { openSqliteStore, WrongExpectedRevisionError } from '@kb/store';
import { type Child, runChild } from '@kb/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { range, stressClaimId, stressQuote, stressRecord } from './stress-records.js';
import { snapshotStore } from './stress-store.js';

const WRITERS = 4;
const SHARED = 2500;
const OWN = 2500;
const UNION = SHARED + WRITERS * OWN;
// Claim ids every writer has, each writer with its own content: one version each is stored, the
// other writers' versions are rejected (the store's id conflict, settled and turned into a rejection).
const CONTESTED = 200;
const CONTESTED_FROM = UNION;
const RECORDS_PER_WRITER = SHARED + OWN + CONTESTED;
// `kb ingest` exits 3 when some lines were rejected.
const EXIT_REJECTED = 3;
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

interface WriterInput {
  readonly file: string;
  /** Line n of the file holds record lines[n - 1]: its index, and whose version it is if contested. */
  readonly lines: readonly { readonly i: number; readonly variant?: string }[];
}

const variantOf = (k: number) => `writer ${k}`;

/**
 * Writer k gets the shared records, its own, and its version of every contested claim, shuffled, so
 * the writers meet in different orders.
 */
function writerInput(k: number, random: () => number): WriterInput {
  const lines: { i: number; variant?: string }[] = [
    ...range(0, SHARED).map((i) => ({ i })),
    ...range(SHARED + k * OWN, SHARED + (k + 1) * OWN).map((i) => ({ i })),
    ...range(CONTESTED_FROM, CONTESTED_FROM + CONTESTED).map((i) => ({ i, variant: variantOf(k) })),
  ];
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  const file = join(dir, `writer-${k}.ndjson`);
  writeFileSync(
    file,
    `${lines.map(({ i, variant }) => JSON.stringify(stressRecord(i, variant))).join('\n')}\n`,
  );
  return { file, lines };
}

/** How many blocks of consecutive events each run id has in the log: 1 means it never interleaved. */
function blocksPerRun(runIds: readonly (string | undefined)[]): Map<string | undefined, number> {
  const blocks = new Map<string | undefined, number>();
  runIds.forEach((run, n) => {
    if (n === 0 || runIds[n - 1] !== run) blocks.set(run, (blocks.get(run) ?? 0) + 1);
  });
  return blocks;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('concurrent writers on one SQLite file', () => {
  it('four overlapping ingests lose nothing, duplicate nothing, and readers keep answering', async () => {
    const random = seededRandom(SEED);
    const store = join(dir, 'kb.sqlite');
    const inputs = range(0, WRITERS).map((k) => writerInput(k, random));
    // This process's reader: its own connection, read models in the same file, as `kb status` keeps them.
    const reader = openSqliteStore({ path: store });
    const models = openReadModels(reader.database);
    const runner = new ProjectionRunner(reader, models, { chunkSize: 500 });

    const writers = inputs.map(({ file }, k) =>
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
      // The checkpoints the reader reached while the writers ran: a reader that only caught up after
      // them would reach none but 0.
      const reached = new Set<number>();
      const errors: unknown[] = [];
      while (running) {
        try {
          const result = await runner.catchUp();
          // The checkpoint only moves forward, and what was applied is answered from.
          expect(result.checkpoint ?? 0).toBeGreaterThanOrEqual(checkpoint);
          checkpoint = result.checkpoint ?? 0;
          if (running && checkpoint > 0) reached.add(checkpoint);
          const rows = overview(models);
          expect(Array.isArray(rows)).toBe(true);
          duringWrites++;
        } catch (error) {
          errors.push(error);
        }
        await sleep(10);
      }
      return { duringWrites, errors, reached };
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
      const report = reports[k]!;
      // Exit 3 says some lines were rejected: the contested claims other writers stored first.
      expect(exits[k], `writer ${k}: ${w.stderr()}`).toEqual({
        code: report.rejectedLines > 0 ? EXIT_REJECTED : 0,
        signal: null,
      });
      expect(w.stderr()).not.toMatch(BUSY);
      expect(report.records).toBe(RECORDS_PER_WRITER);
      expect(report.added + report.skipped + report.rejectedLines).toBe(RECORDS_PER_WRITER);
    });
    // Every record of the union, and one version of each contested claim, was added by exactly one writer.
    expect(reports.reduce((n, r) => n + r.added, 0)).toBe(UNION + CONTESTED);

    const snap = await snapshotStore(store);
    // The writers ran at the same time: each one's events are interleaved with another's in the log,
    // not one block per run as writers taking turns would leave.
    const blocks = blocksPerRun(snap.runIds);
    expect(new Set(blocks.keys())).toEqual(new Set(reports.map((r) => r.runId)));
    reports.forEach((r, k) => {
      expect(
        blocks.get(r.runId),
        `writer ${k}'s events are one block in the log: it never ran beside another`,
      ).toBeGreaterThanOrEqual(2);
    });

    // Of each contested claim exactly one version is stored; every other writer rejected its own.
    const winner = new Map<number, number>();
    for (const c of range(CONTESTED_FROM, CONTESTED_FROM + CONTESTED)) {
      const quote = snap.quotes.get(stressClaimId(c));
      const k = range(0, WRITERS).find((w) => quote === stressQuote(c, variantOf(w)));
      expect(k, `contested claim ${stressClaimId(c)} stored as ${quote}`).toBeDefined();
      winner.set(c, k!);
    }
    reports.forEach((report, k) => {
      const lost = range(CONTESTED_FROM, CONTESTED_FROM + CONTESTED).filter((c) => winner.get(c) !== k);
      expect(report.rejectedLines, `writer ${k}`).toBe(lost.length);
      expect(report.rejected.length, `writer ${k}`).toBe(lost.length);
      // Each rejection is one of this writer's contested lines, turned away as stored with other content.
      const rejected = report.rejected.map(({ line, message }) => {
        const { i, variant } = inputs[k]!.lines[line - 1]!;
        expect(variant, `writer ${k} line ${line}: ${message}`).toBe(variantOf(k));
        expect(message).toContain(`claim "${stressClaimId(i)}" is already stored with different content`);
        return i;
      });
      expect(rejected.sort((a, b) => a - b)).toEqual(lost);
      // And the rejects file holds those lines as this writer sent them.
      const rejectsFile = `${inputs[k]!.file}.rejected.ndjson`;
      const kept = !existsSync(rejectsFile)
        ? []
        : readFileSync(rejectsFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l) as { id: string; quote: string });
      expect(kept.map((r) => r.id).sort()).toEqual(lost.map(stressClaimId));
      const keptQuotes = new Map(kept.map((r) => [r.id, r.quote]));
      expect(lost.every((c) => keptQuotes.get(stressClaimId(c)) === stressQuote(c, variantOf(k)))).toBe(true);
    });
    expect(reports.reduce((n, r) => n + r.rejectedLines, 0)).toBe(CONTESTED * (WRITERS - 1));

    expect(reads.errors.map(String)).toEqual([]);
    expect(reads.duringWrites).toBeGreaterThanOrEqual(3);
    // Readers kept working while writers ran: this one followed the log as it grew, not only after.
    expect(
      reads.reached.size,
      `checkpoints reached while writing: ${[...reads.reached]}`,
    ).toBeGreaterThanOrEqual(2);
    for (const run of statuses) {
      // stderr in the comparison, so a failing run shows what it printed.
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.missions).toBeGreaterThanOrEqual(0);
    }
    expect(statuses.filter((s) => s.whileWriting).length).toBeGreaterThanOrEqual(1);
    // And kb status answered from what the writers had stored by then, not only from an empty log.
    expect(statuses.filter((s) => s.whileWriting && s.missions > 0).length).toBeGreaterThanOrEqual(1);

    expect(snap.verify).toMatchObject({ ok: true, firstBreak: null });
    expect(snap.dangling).toBe(0);
    // Nothing else was lost or changed: every uncontested claim once, as every writer had it.
    expect(snap.claims.size).toBe(UNION + CONTESTED);
    expect(range(0, UNION + CONTESTED).every((i) => snap.claims.get(stressClaimId(i)) === 1)).toBe(true);
    expect(range(0, UNION).every((i) => snap.quotes.get(stressClaimId(i)) === stressQuote(i))).toBe(true);
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
        `contested claims won ${range(0, WRITERS)
          .map((k) => [...winner.values()].filter((w) => w === k).length)
          .join('/')}, ` +
        `blocks per run ${reports.map((r) => blocks.get(r.runId)).join('/')}, ` +
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
    const racers = range(0, 3).map((k) =>
      runChild(raceChild, [store, `racer${k}`, String(count), 'race', join(dir, 'race.go')]),
    );
    // They start together, once all have loaded and opened the file, so their appends interleave.
    for (const r of racers) expect(await r.waitForLine((l) => l === 'ready'), r.stderr()).toBe('ready');
    writeFileSync(join(dir, 'race.go'), '');
    const exits = await Promise.all(racers.map((r) => r.exited));
    const raced = racers.map((r, k) => {
      // Exit 0: every error a racer met was a WrongExpectedRevisionError (any other ends it non-zero).
      expect(exits[k], r.stderr()).toEqual({ code: 0, signal: null });
      expect(r.stderr()).not.toMatch(BUSY);
      const line = r.stdout.find((l) => l.startsWith('raced ')) ?? '';
      const field = (name: string) =>
        Number(new RegExp(`\\b${name}=(\\d+)\\b`).exec(line)?.[1] ?? Number.NaN);
      return { conflicts: field('conflicts'), retried: field('retried'), misfits: field('misfits') };
    });
    const conflicts = raced.reduce((n, r) => n + r.conflicts, 0);
    const retried = raced.reduce((n, r) => n + r.retried, 0);
    // The race happened: appends met the conflict error, each named this stream, the expectation
    // given and a revision past it, and the appends that met one were retried until they went in.
    expect(conflicts, JSON.stringify(raced)).toBeGreaterThan(0);
    expect(
      raced.every((r) => r.misfits === 0 && r.retried <= r.conflicts),
      JSON.stringify(raced),
    ).toBe(true);
    expect(retried).toBeGreaterThan(0);
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
      `revision race: ${3 * count} appends, ${conflicts} WrongExpectedRevisionError conflicts, ` +
        `${retried} appends retried to success`,
    );
  }, 120_000);
});
