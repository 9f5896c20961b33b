// The split of writer-thread-probe.ts: a worker that holds the write transaction and inserts the
// rows this thread serialises and hashes chunk by chunk (or hashes them itself, --hash-on-worker),
// and one round of the probe's appends written that way. Not a tool of its own: the probe runs it.
import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { openSqliteStore, SQLITE_EVENT_COLUMNS } from '@kb/store';
import { chainHashOfEncoded } from '../../packages/store/src/integrity/chain-hash.js';
import { LEVELS_SQL } from '../../packages/store/src/sqlite/sqlite-id-index.js';
import { idKey } from '../../packages/store/src/sqlite/sqlite-id-key.js';
import { settle } from '../lib/timing.js';
import type { PlannedCall } from '../peers/bench-sides.js';

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
export interface WorkerSpent {
  readonly begin: number;
  readonly rows: number;
  readonly commit: number;
}

interface BeginReply {
  readonly head: [count: number, position: number, hash: string];
  readonly revision: number;
  readonly taken: number;
}

export interface ProbeOptions {
  readonly chunk: number;
  readonly spin: boolean;
  readonly hashOnWorker: boolean;
}

/** How long the caller waits for any one answer before it gives the worker up (it may not have started). */
const ANSWER_TIMEOUT_MS = 10_000;

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

export async function splitRound(
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
