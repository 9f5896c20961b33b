// Crash safety: an ingest child is SIGKILLed at random moments, again and again on the same file,
// and after every kill the file must hold whole batches only, every batch the child reported as
// committed, and an intact hash chain. A last run to completion must end at exactly the events a
// clean ingest writes. The RNG is seeded (KB_STRESS_SEED to replay); the seed is printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryEventStore } from '@kb/store';
import { runChild } from '@kb/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../ingest/ingest.js';
import { seededRandom } from '../testing/seeded-random.js';
import { type CommittedBatch, isCommittedLine, parseCommitted } from './committed-line.js';
import { range, stressClaimId, stressNdjson } from './stress-records.js';
import { snapshotStore } from './stress-store.js';

const RECORDS = 20_000;
const BATCH = 100;
const BATCHES = RECORDS / BATCH;
const KILLS = 20;
const KILLS_PER_GROUP = 5;
// A kill that lands after the child finished is no crash and ends its file's group; more files are
// used until KILLS kills have landed (a fast machine finishes more often before the kill).
const MAX_GROUPS = 10;
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
  readonly signal: string | null;
}

async function killAtRandom(store: string, random: () => number, group: number): Promise<Kill | null> {
  const run = runChild(child, [store, input, String(BATCH)]);
  // One kill in six lands early (while the child loads, opens the file, or writes its first batch);
  // the rest after a random committed batch, plus up to 15 ms so the kill falls inside a later one.
  if (random() < 1 / 6) {
    await sleep(Math.floor(random() * 1500));
  } else {
    const target = 1 + Math.floor(random() * BATCHES);
    await run.waitForLine((line) => isCommittedLine(line) && parseCommitted(line).batch >= target);
    await sleep(Math.floor(random() * 16));
  }
  run.process.kill('SIGKILL');
  const { code, signal } = await run.exited;
  if (code === 0) return null; // finished before the kill: not a crash
  expect(signal, run.stderr()).toBe('SIGKILL');
  const committed = run.stdout.filter(isCommittedLine).map(parseCommitted);
  return { group, committed, signal };
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
      let killsHere = 0;
      for (
        let attempt = 0;
        killsHere < KILLS_PER_GROUP && kills.length < KILLS && attempt < KILLS_PER_GROUP * 3;
        attempt++
      ) {
        const kill = await killAtRandom(store, random, group);
        if (kill === null) break; // the file is complete; the next group starts afresh
        killsHere++;
        kills.push(kill);
        const snap = await snapshotStore(store);
        const where = `seed ${SEED}, group ${group}, kill ${killsHere}`;
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
        // No batch is half there, and nothing is there twice.
        for (let b = 0; b < BATCHES; b++) {
          const present = range(b * BATCH + 1, (b + 1) * BATCH + 1).filter((l) =>
            snap.claims.has(claimOfLine(l)),
          );
          expect([0, BATCH], `${where}: batch ${b + 1} holds ${present.length} claims`).toContain(
            present.length,
          );
        }
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
      const snap = await snapshotStore(store);
      expect(snap.verify).toMatchObject({ ok: true, checked: expected.ids.length });
      expect(snap.eventIds.length).toBe(expected.ids.length);
      expect(new Set(snap.eventIds)).toEqual(new Set(expected.ids));
      expect(snap.eventTypes).toEqual(expected.types);
      expect(snap.claims.size).toBe(RECORDS);
      expect([...snap.claims.values()].every((n) => n === 1)).toBe(true);
    }
    console.log(
      `crash-safety: ${kills.length} kills in ${groups} files, ${committedSeen} reported batches ` +
        `(${linesChecked} lines) checked, seed ${SEED}`,
    );
    expect(kills.length).toBeGreaterThanOrEqual(KILLS);
    expect(linesChecked).toBe(committedSeen * BATCH);
    expect(committedSeen).toBeGreaterThan(0);
  }, 400_000);
});
