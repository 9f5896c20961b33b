// Where a replay's time goes: `npx tsx --expose-gc bench/tools/replay-phases.ts [EVENTS]` (default
// 50,000, the peer bench's replay) appends EVENTS claim events (bench/lib/claim-fixtures.ts) to a
// fresh store in bench/.work and prints, each the median of 9 runs from a new store handle:
//   - a replay read on the caller's thread alone (readAheadFrom: Infinity),
//   - a replay with the read-ahead worker, as readAll does by default,
//   - how long a worker thread takes to answer at all: empty, and loading better-sqlite3 and
//     opening the file as the read-ahead worker does.
// Until the worker answers, the caller reads inline; the gap between the two replays' cost per
// event, times the events read before that answer, is what the worker's start costs a replay.
// Not part of `npm run bench`: it explains the replay figures rather than adding one.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openSqliteStore } from '@kb/store';
import { claimEvents } from '../lib/claim-fixtures.js';
import { median, settle } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';

const RUNS = 9;
const DRIVER = createRequire(import.meta.resolve('@kb/store')).resolve('better-sqlite3');

async function replayMs(path: string, inlineOnly: boolean): Promise<number> {
  const store = openSqliteStore({ path, ...(inlineOnly ? { readAheadFrom: Number.POSITIVE_INFINITY } : {}) });
  try {
    await settle();
    const start = performance.now();
    let seen = 0;
    for await (const _event of store.readAll()) seen++;
    const ms = performance.now() - start;
    if (seen !== store.headPosition())
      throw new Error(`a replay saw ${seen} of ${store.headPosition()} events`);
    return ms;
  } finally {
    await store.close();
  }
}

/** Milliseconds from `new Worker` to the worker's first message. */
async function workerStartMs(source: string): Promise<number> {
  await settle();
  const start = performance.now();
  const worker = new Worker(source, { eval: true, execArgv: [] });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ms = performance.now() - start;
  await worker.terminate();
  return ms;
}

async function main(): Promise<void> {
  const raw = process.argv[2];
  const total = raw === undefined ? 50_000 : Number(raw);
  if (!Number.isInteger(total) || total < 1000)
    throw new Error(`EVENTS must be a whole number of at least 1,000, got "${raw}"`);
  const work = workDir('replay-phases');
  try {
    const path = join(work.dir, 'kb.sqlite');
    const writer = openSqliteStore({ path });
    const events = claimEvents(total);
    for (let from = 0; from < total; from += 100) {
      await writer.appendMany(
        events.slice(from, from + 100).map((e) => ({ stream: e.stream, events: [e.event] })),
      );
    }
    await writer.close();

    const timings = {
      inline: [] as number[],
      worker: [] as number[],
      empty: [] as number[],
      driver: [] as number[],
    };
    const empty = "require('node:worker_threads').parentPort.postMessage(0)";
    const driver =
      `const Database = require(${JSON.stringify(DRIVER)});` +
      `const db = new Database(${JSON.stringify(path)}, { readonly: true, fileMustExist: true });` +
      "db.prepare('SELECT 1').get(); require('node:worker_threads').parentPort.postMessage(0)";
    for (let run = 0; run < RUNS; run++) {
      timings.inline.push(await replayMs(path, true));
      timings.worker.push(await replayMs(path, false));
      timings.empty.push(await workerStartMs(empty));
      timings.driver.push(await workerStartMs(driver));
    }
    const perEvent = (ms: number[]) => ((median(ms) * 1000) / total).toFixed(2);
    const fixed = (ms: number[]) => median(ms).toFixed(1);
    console.log(`replay of ${total} events, median of ${RUNS}, each from a new store handle after settle():`);
    console.log(
      `  caller alone (inline):   ${fixed(timings.inline)} ms, ${perEvent(timings.inline)} us an event`,
    );
    console.log(
      `  with the read-ahead:     ${fixed(timings.worker)} ms, ${perEvent(timings.worker)} us an event`,
    );
    console.log('a worker thread, new Worker to first message:');
    console.log(`  empty:                   ${fixed(timings.empty)} ms`);
    console.log(`  loading better-sqlite3 and opening the file: ${fixed(timings.driver)} ms`);
  } finally {
    work.remove();
  }
}

await main();
