// The read models' writers killed with SIGKILL at random moments, as a crash or an out-of-memory kill
// ends them: after each kill the next command must answer exactly as an uninterrupted run would, its
// read models must hold the same rows, and the log must verify.
// - `kb rebuild` drops the tables, leaves the claim indexes out until its end and commits range by
//   range, so a kill can leave a part of the log without indexes, or a whole log not yet indexed.
// - `kb status` catching up commits chunk by chunk, each with its checkpoint; the input mixes
//   retractions and corrections among the claims, so a chunk applied twice would show in a history.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRESS_PLACES, seededRandom } from '@kb/ingest/testing';
import { READ_MODEL_TABLES } from '@kb/projections';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { KB_BIN, kbOn, testFolder } from '../testing/cli-test-kit.js';
import { statusKilledPast } from '../testing/killed-catch-up.js';

const kbBin = KB_BIN;
const { dir } = testFolder('kb-rebuild-crash-');
const store = join(dir, 'kb.sqlite');

const CLAIMS = 30_000;
const TRIALS = 10;
const PLACES = STRESS_PLACES;

/** Claims over six missions; every seventh denies the claim six before it (same mission). */
function claim(i: number): Record<string, unknown> {
  const denial = i % 7 === 3 && i >= 6;
  return {
    id: `rebuild-${i}`,
    mission: PLACES[i % PLACES.length],
    kind: i % 3 === 0 ? 'visit' : 'control',
    stance: denial ? 'denies' : 'asserts',
    controller: denial ? 'unknown' : 'taliban',
    occurred: `2023-02-${String((i % 28) + 1).padStart(2, '0')}`,
    claimant: `claimant ${i % 13}`,
    source: { outlet: i % 2 === 0 ? 'The Diplomat' : 'Tolo News', published: '2023-03-28' },
    quote: `quote number ${i}`,
    ...(denial ? { respondsTo: `rebuild-${i - 6}` } : {}),
  };
}

/**
 * Claims from..to-1, with retractions and corrections among them (so every part of the log adds to
 * some claim's history, and moves some claims to another mission).
 */
function records(from: number, to: number): string {
  const lines: unknown[] = [];
  for (let i = from; i < to; i++) {
    lines.push(claim(i));
    if (i % 50 === 10 && i - 10 >= from)
      lines.push({ type: 'retraction', claim: `rebuild-${i - 10}`, reason: 'the outlet withdrew it' });
    if (i % 97 === 20 && i - 19 >= from)
      lines.push({
        type: 'correction',
        claim: `rebuild-${i - 19}`,
        changes: { mission: PLACES[(i - 18) % PLACES.length] },
        reason: 'filed under the wrong mission',
      });
  }
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

const kb = (...args: string[]) => kbOn(store, ...args);

/** Ingests claims from..to-1 (and their retractions and corrections) into `path`. */
async function ingestClaims(path: string, from: number, to: number): Promise<void> {
  const input = join(dir, `claims-${from}-${to}.ndjson`);
  writeFileSync(input, records(from, to));
  expect((await kbOn(path, 'ingest', input, '--batch-size', '5000')).code).toBe(0);
}

/** Every read-model row in a fixed order, and the checkpoint: what a rebuild must leave. */
function readModels(path = store): string {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const tables = READ_MODEL_TABLES.map((table) => {
      const rows = db.prepare(`SELECT * FROM ${table}`).raw(true).all() as unknown[][];
      return [table, rows.map((row) => JSON.stringify(row)).sort()];
    });
    return JSON.stringify(tables);
  } finally {
    db.close();
  }
}

/** How a killed rebuild left the file: its checkpoint (null for none) and whether the claim indexes exist. */
function leftBehind(path = store): { checkpoint: number | null; indexed: boolean; head: number } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const checkpoint = db.prepare("SELECT value FROM rm_meta WHERE key = 'checkpoint'").pluck().get() as
      | string
      | undefined;
    const indexes = db
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'rm_claims_by_%'")
      .pluck()
      .get() as number;
    const head = db.prepare('SELECT last_position FROM head').pluck().get() as number;
    return { checkpoint: checkpoint === undefined ? null : Number(checkpoint), indexed: indexes === 3, head };
  } finally {
    db.close();
  }
}

/**
 * `kb rebuild` in a child process, killed after its `progressLines`-th progress line (0: at a moment
 * after it started, before or during its first range) and a further `delayMs`.
 */
async function killedRebuild(progressLines: number, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, [kbBin, 'rebuild', '--store', store], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<string>((resolve) =>
    child.on('close', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  const kill = () => setTimeout(() => child.kill('SIGKILL'), delayMs);
  if (progressLines === 0) kill();
  child.stderr.on('data', (chunk) => {
    const before = stderr.split('rebuilding:').length - 1;
    stderr += chunk;
    const after = stderr.split('rebuilding:').length - 1;
    if (before < progressLines && after >= progressLines) kill();
  });
  const how = await exited;
  if (how !== 'SIGKILL' && how !== 'exit 0')
    throw new Error(`kb rebuild ended with ${how}: ${stderr}${stdout}`);
  return how;
}

describe('kb rebuild, killed', () => {
  let reference: { status: string; contested: string; tables: string };

  beforeAll(async () => {
    await ingestClaims(store, 0, CLAIMS);
    const status = await kb('status');
    expect(status.code).toBe(0);
    reference = {
      status: status.text,
      contested: (await kb('status', '--contested')).text,
      tables: readModels(),
    };
  }, 300_000);

  it(`after ${TRIALS} kills at random moments every answer is the same, and the read models are whole`, async () => {
    const next = seededRandom(20261205);
    const states: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      // Most kills land after a range committed; a few at a random moment after the start.
      const progressLines = trial % 4 === 3 ? 0 : 1 + Math.floor(next() * 6);
      const delayMs = progressLines === 0 ? 150 + Math.floor(next() * 700) : Math.floor(next() * 20);
      const how = await killedRebuild(progressLines, delayMs);
      const left = leftBehind();
      states.push(
        how !== 'SIGKILL'
          ? 'finished'
          : left.checkpoint === null
            ? 'empty'
            : left.checkpoint < left.head
              ? left.indexed
                ? 'part, indexed'
                : 'part'
              : left.indexed
                ? 'whole'
                : 'whole, not indexed',
      );

      const where = `trial ${trial} (${states.at(-1)}, killed after ${progressLines} progress lines + ${delayMs} ms)`;
      const status = await kb('status');
      expect(status.code, where).toBe(0);
      expect(status.text, where).toBe(reference.status);
      expect((await kb('status', '--contested')).text, where).toBe(reference.contested);
      expect(readModels(), where).toBe(reference.tables);
      expect(leftBehind().indexed, where).toBe(true);
      expect((await kb('verify')).code, where).toBe(0);
    }
    // The kills must have left the states this test is about, not only finished rebuilds.
    expect(states.filter((s) => s.startsWith('part')).length, states.join('; ')).toBeGreaterThanOrEqual(3);
  }, 300_000);
});

describe('kb status catching up, killed', () => {
  const lagging = join(dir, 'lagging.sqlite');
  const reference = join(dir, 'reference.sqlite');
  const BASE = 5_000;
  const MORE = 12_000;
  const ROUNDS = 5;

  it(`after ${ROUNDS} kills in the middle of a catch-up, the next command finishes it exactly as an uninterrupted one`, async () => {
    await ingestClaims(lagging, 0, BASE);
    expect((await kbOn(lagging, 'status')).code).toBe(0);
    const next = seededRandom(5122026);
    const states: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // New claims the read models have not applied yet; the reference catches them up unhindered.
      const from = BASE + round * MORE;
      await ingestClaims(lagging, from, from + MORE);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${reference}${suffix}`, { force: true });
      const source = new BetterSqlite3(lagging, { readonly: true, fileMustExist: true });
      await source.backup(reference);
      source.close();
      const expected = {
        status: (await kbOn(reference, 'status')).text,
        contested: (await kbOn(reference, 'status', '--contested')).text,
        tables: readModels(reference),
      };

      const before = leftBehind(lagging);
      const delayMs = Math.floor(next() * 150);
      const how = await statusKilledPast(lagging, before.checkpoint ?? 0, { delayMs, mayFinish: true });
      const left = leftBehind(lagging);
      states.push(how !== 'SIGKILL' ? 'finished' : left.checkpoint! < left.head ? 'part' : 'whole');

      const where = `round ${round} (${states.at(-1)}, killed ${delayMs} ms after the first chunk)`;
      const status = await kbOn(lagging, 'status');
      expect(status.code, where).toBe(0);
      expect(status.text, where).toBe(expected.status);
      expect((await kbOn(lagging, 'status', '--contested')).text, where).toBe(expected.contested);
      expect(readModels(lagging), where).toBe(expected.tables);
      expect((await kbOn(lagging, 'verify')).code, where).toBe(0);
    }
    expect(states.filter((s) => s === 'part').length, states.join('; ')).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
