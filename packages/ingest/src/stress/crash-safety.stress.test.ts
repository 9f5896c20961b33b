// Crash safety: an ingest child is SIGKILLed at random moments, again and again on the same file,
// each kill aimed past the batches the file already holds so that it falls while new batches are
// written, and after every kill the file must hold whole batches only (batches 1..n, in order), every
// batch the child reported as committed, and an intact hash chain. A last run to completion must end at exactly the events a
// clean ingest writes. The RNG is seeded (KB_STRESS_SEED to replay); the seed is printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryEventStore } from '@kb/store';
import { runChild } from '@kb/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../ingest/run/ingest.js';
import { seededRandom } from '../testing/seeded-random.js';
import { type CommittedBatch, isCommittedLine, parseCommitted } from './committed-line.js';
import { range, stressClaimId, stressNdjson } from './stress-records.js';
import { snapshotStore } from './stress-store.js';

const RECORDS = 20_000;
const BATCH = 100;
const BATCHES = RECORDS / BATCH;
const KILLS = 20;
// Kills that must land while the child writes batches the file did not hold yet: it has reported
// at least one batch with added > 0 and has not finished. A kill while it only re-skips stored
// batches, or while it loads, tests little.
const IN_FLIGHT = 15;
// Each aimed kill waits for a batch 1..STEP beyond those the file already holds, then falls up to
// KILL_WINDOW_MS later: about two batches' time, so it lands at any point of a batch (reading the
// input, preparing records, or inside the transaction).
const STEP = 16;
const KILL_WINDOW_MS = 40;
// Every EARLY_EVERY-th kill instead falls at a random moment up to EARLY_MS after the start (the
// child loading, opening the file, re-skipping stored batches or writing its first new ones), or
// once the child has written STEP batches past those stored, if that comes first.
const EARLY_EVERY = 8;
const EARLY_MS = 2500;
// A file is finished once it holds more than BATCHES - STEP - 4 batches (an aimed kill would find the
// child done); the next file starts afresh, up to MAX_GROUPS files.
const MAX_GROUPS = 4;
const SEED = Number(process.env['KB_STRESS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const child = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

let dir: string;
let input: string;
let expected: { ids: string[]; types: Map<string, number> };

beforeAll(async () => {
  console.log(`crash-safety seed ${SEED} (set KB_STRESS_SEED=${SEED} to replay)`);
  dir = mkdtempSync(join(tmpdir(), 'kb-crash-'));
  input = join(dir, 'records.ndjson');
  writeFileSync(input, stressNdjson(range(0, RECORDS)));
  // What a clean, uninterrupted ingest writes: the reference the crashed runs must end at.
  const reference = new MemoryEventStore();
  await ingest(reference, input, { batchSize: BATCH });
  const ids: string[] = [];
  const types = new Map<string, number>();
  for await (const e of reference.readAll()) {
    ids.push(e.id);
    types.set(e.type, (types.get(e.type) ?? 0) + 1);
  }
  expected = { ids, types };
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Line n of the input holds claim n - 1; batch b (1-based) holds lines (b-1)*BATCH+1 .. b*BATCH. */
const claimOfLine = (line: number) => stressClaimId(line - 1);

interface Kill {
  readonly group: number;
  readonly committed: readonly CommittedBatch[];
  /** When the kill was aimed: after which batch and how many ms, or how long after the start. */
  readonly aim: string;
  /** The child had written a new batch (added > 0) and was still running when it died. */
  readonly inFlight: boolean;
}

async function killAtRandom(
  store: string,
  random: () => number,
  group: number,
  stored: number,
  early: boolean,
): Promise<Kill | null> {
  const run = runChild(child, [store, input, String(BATCH)]);
  let aim: string;
  if (early) {
    const ms = Math.floor(random() * EARLY_MS);
    // Or at batch STEP past those stored, should that come first: a child that loads and writes
    // fast would otherwise be done before a late moment, and a kill that finds it done is no kill.
    const limit = stored + STEP;
    const first = await Promise.race([
      sleep(ms).then(() => 'time' as const),
      run
        .waitForLine((line) => isCommittedLine(line) && parseCommitted(line).batch >= limit)
        .then(() => 'batch' as const),
    ]);
    aim =
      first === 'time'
        ? `${ms} ms after the start`
        : `at batch ${limit} of ${stored} stored, before ${ms} ms after the start`;
  } else {
    // A batch the file does not hold yet: the child is past re-skipping and writing when it dies.
    const target = stored + 1 + Math.floor(random() * STEP);
    const ms = Math.floor(random() * KILL_WINDOW_MS);
    aim = `${ms} ms after batch ${target} of ${stored} stored`;
    await run.waitForLine((line) => isCommittedLine(line) && parseCommitted(line).batch >= target);
    await sleep(ms);
  }
  run.process.kill('SIGKILL');
  const { code, signal } = await run.exited;
  if (code === 0) return null; // finished before the kill: not a crash
  expect(signal, run.stderr()).toBe('SIGKILL');
  const committed = run.stdout.filter(isCommittedLine).map(parseCommitted);
  return { group, committed, aim, inFlight: committed.some((b) => b.added > 0) };
}

/**
 * How many batches the file holds, checking that each batch is there whole or not at all and that
 * the ones there are batches 1..n: ingest commits in order, so a gap would be a lost batch.
 */
function storedBatches(claims: ReadonlyMap<string, number>, where: string): number {
  const whole: number[] = [];
  for (let b = 1; b <= BATCHES; b++) {
    const present = range((b - 1) * BATCH + 1, b * BATCH + 1).filter((l) => claims.has(claimOfLine(l)));
    expect([0, BATCH], `${where}: batch ${b} holds ${present.length} claims`).toContain(present.length);
    if (present.length === BATCH) whole.push(b);
  }
  expect(whole, `${where}: the batches stored are not 1..${whole.length}`).toEqual(
    range(1, whole.length + 1),
  );
  return whole.length;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash safety: ingest killed with SIGKILL at random moments', () => {
  it(`keeps whole batches only, loses no committed batch, and finishes exactly (${KILLS} kills)`, async () => {
    const random = seededRandom(SEED);
    const kills: Kill[] = [];
    let committedSeen = 0;
    let linesChecked = 0;
    let groups = 0;
    for (let group = 0; kills.length < KILLS && group < MAX_GROUPS; group++) {
      groups++;
      const store = join(dir, `group-${group}.sqlite`);
      let stored = 0;
      let killsHere = 0;
      for (let attempt = 0; kills.length < KILLS && stored <= BATCHES - STEP - 4 && attempt < 40; attempt++) {
        const early = kills.length % EARLY_EVERY === EARLY_EVERY - 1;
        const kill = await killAtRandom(store, random, group, stored, early);
        if (kill === null) {
          stored = BATCHES; // the child finished before the kill: the file is complete
          break;
        }
        killsHere++;
        kills.push(kill);
        const snap = await snapshotStore(store);
        const where = `seed ${SEED}, group ${group}, kill ${killsHere} (${kill.aim})`;
        expect(snap.verify, where).toMatchObject({ ok: true, firstBreak: null });
        expect(snap.undecodable, where).toBe(0);
        // A batch carries its registrations: no stored claim lacks its report or mission.
        expect(snap.dangling, where).toBe(0);
        // Every batch the child saw commit is there, claim by claim: batch b is lines
        // (b-1)*BATCH+1 .. b*BATCH, every one a record (no blank or rejected line in this input).
        let linesHere = 0;
        for (const batch of kill.committed) {
          committedSeen++;
          expect(batch, `${where}: committed batch ${batch.batch} as reported`).toMatchObject({
            firstLine: (batch.batch - 1) * BATCH + 1,
            lastLine: batch.batch * BATCH,
            rejected: 0,
          });
          expect(batch.added + batch.skipped, `${where}: batch ${batch.batch}`).toBe(BATCH);
          for (let line = batch.firstLine; line <= batch.lastLine; line++) {
            expect(
              snap.claims.get(claimOfLine(line)),
              `${where}: line ${line} of committed batch ${batch.batch}`,
            ).toBe(1);
            linesHere++;
          }
        }
        // The loop above looked at every record of every reported batch, not at one line each.
        expect(linesHere, where).toBe(kill.committed.reduce((n, b) => n + b.added + b.skipped, 0));
        linesChecked += linesHere;
        // No batch is half there, none is missing before the last one there, nothing is there twice.
        const before = stored;
        stored = storedBatches(snap.claims, where);
        expect(stored, `${where}: the file held ${before} batches before this kill`).toBeGreaterThanOrEqual(
          before,
        );
        expect(
          [...snap.claims.values()].every((n) => n === 1),
          where,
        ).toBe(true);
        expect(new Set(snap.eventIds).size, where).toBe(snap.eventIds.length);
      }
      // Re-running the same ingest to the end gives exactly what one clean run gives.
      const finish = runChild(child, [store, input, String(BATCH)]);
      const { code } = await finish.exited;
      expect(code, finish.stderr()).toBe(0);
      // It adds exactly what the file lacked and skips what it held.
      expect(finish.stdout.at(-1)).toMatch(
        new RegExp(`^done ${RECORDS - stored * BATCH} ${stored * BATCH} 0 \\d+$`),
      );
      const snap = await snapshotStore(store);
      expect(snap.verify).toMatchObject({ ok: true, checked: expected.ids.length });
      expect(snap.eventIds.length).toBe(expected.ids.length);
      expect(new Set(snap.eventIds)).toEqual(new Set(expected.ids));
      expect(snap.eventTypes).toEqual(expected.types);
      expect(snap.claims.size).toBe(RECORDS);
      expect([...snap.claims.values()].every((n) => n === 1)).toBe(true);
    }
    const inFlight = kills.filter((k) => k.inFlight);
    console.log(
      `crash-safety: ${kills.length} kills in ${groups} files, ${inFlight.length} while writing new ` +
        `batches, ${committedSeen} reported batches (${linesChecked} lines) checked, seed ${SEED}`,
    );
    expect(kills.length).toBeGreaterThanOrEqual(KILLS);
    // The kills must have interrupted writes, not only re-skips of what the file held.
    expect(
      inFlight.length,
      kills.map((k) => `${k.inFlight ? 'writing' : 'idle'}: ${k.aim}`).join('; '),
    ).toBeGreaterThanOrEqual(IN_FLIGHT);
    expect(linesChecked).toBe(committedSeen * BATCH);
    expect(committedSeen).toBeGreaterThan(0);
  }, 400_000);
});
