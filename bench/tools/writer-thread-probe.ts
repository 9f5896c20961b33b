// Would a second thread for SQLite's part of an append bring appends of 100 events to 3 times the
// peer? `npx tsx --expose-gc bench/tools/writer-thread-probe.ts [--chunk N] [--spin]
// [--hash-on-worker]` runs the peer bench's append100 workload (100 streams, 5 appends of 100 claim
// events each) on fresh files, in alternating rounds, and prints the medians:
//   - store: `store.append`, as the peer bench calls it, and beside it the store's planner alone on
//     the same calls (serialising, checks, chain hashes; lookups from memory, nothing written);
//   - split: this thread serialises and hashes each chunk of N events (default 25) and posts its
//     rows to a worker that holds the write transaction, which inserts them while the next chunk
//     is prepared, then commits; beside it, the worker's own time in begin (with the lookups),
//     inserts and commit. --spin makes both threads spin on the shared counter before they sleep
//     on it, which cuts the latency of each hand-over at the cost of a busy core.
//     --hash-on-worker moves the chain hash to the worker too (the caller only serialises), which
//     writes the envelope as chainHashOfEncoded does; the store's verify of every file checks that.
// The split leaves out on purpose what would slow a real writer thread down: the planner's checks
// (repeats, expectations, metadata), the id index's tail and moves, and checkpoints (its WAL only
// grows). Its rate bounds from above what one could reach. The peer bench's peer appends 100-event
// batches at 37,000 to 39,000 events/s on this machine, so 3 times that is 111,000 to 117,000
// events/s (9 µs an event or less). Not part of `npm run bench`: it answers a design question.
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import { type LogHead, planBatch, type StreamTip } from '../../packages/store/src/append/plan-batch.js';
import { GENESIS_HASH } from '../../packages/store/src/integrity/chain-hash.js';
import { claimEvents } from '../lib/claim-fixtures.js';
import { median, settle } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';
import type { PlannedCall } from '../peers/bench-sides.js';
import { APPEND100_SHAPE, plan } from '../peers/peer-workloads.js';
import { type ProbeOptions, splitRound, type WorkerSpent } from './writer-thread-split.js';

const { streams, callsPerStream, size: SIZE } = APPEND100_SHAPE;
const EVENTS = streams * callsPerStream * SIZE;
const ROUNDS = 5;

async function storeRound(path: string, calls: readonly PlannedCall[]): Promise<number> {
  const store = openSqliteStore({ path });
  try {
    await settle();
    const start = performance.now();
    for (const call of calls) {
      await store.append(call.stream, call.events, {
        expectedRevision: call.before === 0 ? 'no_stream' : call.before - 1,
      });
    }
    return performance.now() - start;
  } finally {
    await store.close();
  }
}

/**
 * Planning alone: the store's planner (serialising, checks, chain hashes) on the same calls, its
 * lookups answered from memory, nothing written. What an append costs before SQLite.
 */
async function planRound(calls: readonly PlannedCall[]): Promise<number> {
  const tips = new Map<string, StreamTip>();
  let head: LogHead = { position: 0, hash: GENESIS_HASH, count: 0 };
  await settle();
  const start = performance.now();
  for (const call of calls) {
    const expectedRevision = call.before === 0 ? ('no_stream' as const) : call.before - 1;
    const plan = planBatch(
      [{ stream: call.stream, events: call.events, expectedRevision }],
      { tip: (stream) => tips.get(stream), stored: () => undefined },
      head,
      new Date().toISOString(),
    );
    const last = plan.events.at(-1)!;
    tips.set(call.stream, { revision: last.revision, position: last.position });
    head = plan.head;
  }
  return performance.now() - start;
}

/** The split wrote what the store would have: every event, on a chain that verifies. */
async function checkSplitFile(path: string): Promise<void> {
  const store = openSqliteStore({ path, readonly: true });
  try {
    const report = await store.verify();
    if (!report.ok || report.checked !== EVENTS)
      throw new Error(`the split's file does not verify: ${JSON.stringify(report)}`);
  } finally {
    await store.close();
  }
}

function probeOptions(): ProbeOptions {
  const args = process.argv.slice(2);
  let chunk = 25;
  let spin = false;
  let hashOnWorker = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--spin') spin = true;
    else if (args[i] === '--hash-on-worker') hashOnWorker = true;
    else if (args[i] === '--chunk') {
      chunk = Number(args[++i]);
      if (!Number.isInteger(chunk) || chunk < 1 || chunk > SIZE)
        throw new Error(`--chunk takes a whole number from 1 to ${SIZE}, got "${args[i]}"`);
    } else throw new Error(`unknown option ${args[i]}; use --chunk N, --spin and --hash-on-worker`);
  }
  return { chunk, spin, hashOnWorker };
}

async function main(): Promise<void> {
  const options = probeOptions();
  const { chunk, spin, hashOnWorker } = options;
  const { calls } = plan('append100', 'appends of 100 events', claimEvents(EVENTS), APPEND100_SHAPE);
  const work = workDir('writer-thread-probe');
  try {
    const store: number[] = [];
    const plan: number[] = [];
    const split: number[] = [];
    const spent: WorkerSpent[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      store.push(await storeRound(join(work.dir, `store-${round}.sqlite`), calls));
      plan.push(await planRound(calls));
      const splitFile = join(work.dir, `split-${round}.sqlite`);
      const done = await splitRound(splitFile, calls, options);
      split.push(done.ms);
      spent.push(done.spent);
      await checkSplitFile(splitFile);
    }
    const perEvent = (ms: readonly number[]): string => ((median(ms) * 1000) / EVENTS).toFixed(2);
    const rate = (ms: readonly number[]): number => Math.round(EVENTS / (median(ms) / 1000));
    console.log(
      `${ROUNDS} rounds of ${EVENTS} events, medians; chunks of ${chunk}` +
        `${spin ? ', spinning' : ''}${hashOnWorker ? ', hashing on the worker' : ''}:\n` +
        `  store  ${perEvent(store)} µs an event (${rate(store)} events/s); its planning alone ${perEvent(plan)}\n` +
        `  split  ${perEvent(split)} µs an event (${rate(split)} events/s); the worker's begin ` +
        `${perEvent(spent.map((s) => s.begin))}, inserts ${perEvent(spent.map((s) => s.rows))}, ` +
        `commit ${perEvent(spent.map((s) => s.commit))}`,
    );
  } finally {
    work.remove();
  }
}

await main();
