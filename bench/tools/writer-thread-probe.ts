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
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { openSqliteStore, SQLITE_EVENT_COLUMNS } from '@kb/store';
import { type LogHead, planBatch, type StreamTip } from '../../packages/store/src/append/plan-batch.js';
import { chainHashOfEncoded, GENESIS_HASH } from '../../packages/store/src/integrity/hash-chain.js';
import { LEVELS_SQL } from '../../packages/store/src/sqlite/sqlite-id-index.js';
import { idKey } from '../../packages/store/src/sqlite/sqlite-id-key.js';
import { claimEvents } from '../lib/claim-fixtures.js';
import { median, settle } from '../lib/timing.js';
import { workDir } from '../lib/work-dir.js';
import type { PlannedCall } from '../peers/bench-sides.js';
import { APPEND100_SHAPE, plan } from '../peers/peer-workloads.js';

const { streams, callsPerStream, size: SIZE } = APPEND100_SHAPE;
const EVENTS = streams * callsPerStream * SIZE;
const ROUNDS = 5;
const DRIVER = createRequire(import.meta.resolve('@kb/store')).resolve('better-sqlite3');

// The worker: one connection with the store's settings, driven by messages on a port. A counter in
// shared memory per direction says a message is waiting, so either side can block on it.
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const { port, counters, spin, hashOnWorker } = workerData;
const { hash } = require('node:crypto');
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
// No checkpoints (the store leaves them to a thread of their own): the WAL only grows here.
db.pragma('wal_autocheckpoint = 0');
const begin = db.prepare('BEGIN IMMEDIATE');
const commit = db.prepare('COMMIT');
const head = db.prepare('SELECT count, last_position, last_hash FROM head WHERE one = 1').raw(true);
const setHead = db.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ? WHERE one = 1');
const tip = db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1').pluck();
// The id index's own lookup, and the store's columns (sqlite-statements.ts) then id_key.
const levels = db.prepare(workerData.levelsSql).pluck();
const COLUMNS = workerData.columns;
const ROW = '(' + COLUMNS.split(',').map(() => '?').join(', ') + ')';
const inserts = [];
const insert = (rows) =>
  (inserts[rows] ??= db.prepare('INSERT INTO events (' + COLUMNS + ') VALUES ' + Array(rows).fill(ROW).join(', ')));
let seen = 0;
function next() {
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (got) return got.message;
    if (spin) for (let n = 0; n < 20000 && Atomics.load(counters, 0) === seen; n++);
    Atomics.wait(counters, 0, seen);
    seen = Atomics.load(counters, 0);
  }
}
function reply(message) {
  port.postMessage(message);
  Atomics.add(counters, 1, 1);
  Atomics.notify(counters, 1);
}
// Any failure is the answer to the next message, so this thread never waits for one that will not come.
let failed;
let lastHash;
// Milliseconds this thread spent on each kind of message, answered to 'stop'.
const spent = { begin: 0, rows: 0, commit: 0 };
for (;;) {
  const m = next();
  const started = performance.now();
  if (failed !== undefined) {
    if (m.kind === 'stop') break;
    if (m.kind !== 'rows') reply({ error: failed });
    continue;
  }
  try {
    if (m.kind === 'begin') {
      begin.run();
      const taken = levels.all({ keys: m.keys });
      const row = head.get();
      lastHash = row[2];
      reply({ head: row, revision: tip.get(m.stream) ?? -1, taken: taken.length });
    } else if (m.kind === 'rows') {
      const v = m.values;
      // Each row: position, id, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash, id_key.
      for (let at = 0; hashOnWorker && at < v.length; at += 12) {
        const envelope =
          '{"data":' + v[at + 6] + ',"id":' + JSON.stringify(v[at + 1]) + ',"metadata":' + v[at + 7] +
          ',"position":' + v[at] + ',"recordedAt":' + JSON.stringify(v[at + 8]) + ',"revision":' + v[at + 3] +
          ',"stream":' + JSON.stringify(v[at + 2]) + ',"type":' + JSON.stringify(v[at + 4]) +
          ',"version":' + v[at + 5] + '}';
        v[at + 9] = lastHash;
        lastHash = hash('sha256', lastHash + '\\n' + envelope, 'hex');
        v[at + 10] = lastHash;
      }
      for (let at = 0; at < m.values.length; at += 12 * 32) {
        const part = m.values.slice(at, at + 12 * 32);
        insert(part.length / 12).run(...part);
      }
    } else if (m.kind === 'commit') {
      setHead.run(m.count, m.position, hashOnWorker ? lastHash : m.hash);
      commit.run();
      reply({ committed: true });
    } else {
      db.close();
      reply({ spent });
      break;
    }
    spent[m.kind] += performance.now() - started;
  } catch (error) {
    failed = String(error && error.message);
    if (m.kind !== 'rows') reply({ error: failed });
  }
}
`;

/** Milliseconds the worker spent beginning (and looking up), inserting and committing. */
interface WorkerSpent {
  readonly begin: number;
  readonly rows: number;
  readonly commit: number;
}

interface BeginReply {
  readonly head: [count: number, position: number, hash: string];
  readonly revision: number;
  readonly taken: number;
}

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

interface ProbeOptions {
  readonly chunk: number;
  readonly spin: boolean;
  readonly hashOnWorker: boolean;
}

/** How long the caller waits for any one answer before it gives the worker up (it may not have started). */
const ANSWER_TIMEOUT_MS = 10_000;

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

/** This thread's end of the worker: post a message, or block until the worker's next reply. */
class WriterLink {
  readonly #port: MessagePort;
  readonly #counters: Int32Array;
  readonly #spin: boolean;
  #seen = 0;

  constructor(port: MessagePort, counters: Int32Array, spin: boolean) {
    this.#port = port;
    this.#counters = counters;
    this.#spin = spin;
  }

  post(message: unknown): void {
    this.#port.postMessage(message);
    Atomics.add(this.#counters, 0, 1);
    Atomics.notify(this.#counters, 0);
  }

  receive<T>(): T {
    for (;;) {
      const got = receiveMessageOnPort(this.#port);
      if (got) {
        const error = (got.message as { error?: string }).error;
        if (error !== undefined) throw new Error(`the writer thread failed: ${error}`);
        return got.message as T;
      }
      if (this.#spin) for (let n = 0; n < 20_000 && Atomics.load(this.#counters, 1) === this.#seen; n++);
      if (Atomics.wait(this.#counters, 1, this.#seen, ANSWER_TIMEOUT_MS) === 'timed-out')
        throw new Error(`the writer thread gave no answer in ${ANSWER_TIMEOUT_MS / 1000} s`);
      this.#seen = Atomics.load(this.#counters, 1);
    }
  }
}

function splitAppend(link: WriterLink, call: PlannedCall, { chunk, hashOnWorker }: ProbeOptions): void {
  const keys = call.events.map((e) => idKey(e.id));
  link.post({ kind: 'begin', stream: call.stream, keys: JSON.stringify(keys) });
  const recordedAt = new Date().toISOString();
  const recordedAtJson = JSON.stringify(recordedAt);
  const streamJson = JSON.stringify(call.stream);
  let began: BeginReply | undefined;
  let [count, position, hash] = [0, 0, ''];
  let revision = -1;
  for (let from = 0; from < call.events.length; from += chunk) {
    const to = Math.min(call.events.length, from + chunk);
    const data = call.events.slice(from, to).map((e) => JSON.stringify(e.data));
    if (began === undefined) {
      began = link.receive<BeginReply>();
      if (began.taken !== 0) throw new Error(`${call.stream}: ids already stored`);
      [count, position, hash] = began.head;
      revision = began.revision;
    }
    const values: unknown[] = [];
    for (let i = from; i < to; i++) {
      const e = call.events[i]!;
      const dataJson = data[i - from]!;
      const metadataJson = JSON.stringify(e.metadata ?? {});
      const prevHash = hash;
      count++;
      position++;
      revision++;
      if (!hashOnWorker)
        hash = chainHashOfEncoded(prevHash, {
          dataJson,
          idJson: JSON.stringify(e.id),
          metadataJson,
          positionJson: String(position),
          recordedAtJson,
          revisionJson: String(revision),
          streamJson,
          typeJson: JSON.stringify(e.type),
          versionJson: String(e.version),
        });
      values.push(position, e.id, call.stream, revision, e.type, e.version, dataJson, metadataJson);
      values.push(recordedAt, prevHash, hash, keys[i]);
    }
    link.post({ kind: 'rows', values });
  }
  link.post({ kind: 'commit', count, position, hash });
  link.receive<{ committed: boolean }>();
}

async function splitRound(
  path: string,
  calls: readonly PlannedCall[],
  options: ProbeOptions,
): Promise<{ ms: number; spent: WorkerSpent }> {
  const { spin, hashOnWorker } = options;
  await openSqliteStore({ path }).close(); // the schema
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: DRIVER,
      path,
      port: port2,
      counters,
      spin,
      hashOnWorker,
      levelsSql: LEVELS_SQL,
      columns: `${SQLITE_EVENT_COLUMNS}, id_key`,
    },
    transferList: [port2],
    execArgv: [],
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  try {
    const link = new WriterLink(port1, counters, spin);
    await settle();
    const start = performance.now();
    for (const call of calls) splitAppend(link, call, options);
    const ms = performance.now() - start;
    link.post({ kind: 'stop' });
    return { ms, spent: link.receive<{ spent: WorkerSpent }>().spent };
  } finally {
    await exited;
    port1.close();
  }
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
