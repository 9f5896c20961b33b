// Reading a long stretch of the log on a second core. A replay costs about as much in SQLite (stepping
// through rows, copying every column into a JavaScript string) as in parsing the data; a worker
// thread with its own read-only connection does the first while the caller does the second. It reads
// ahead by position range, `depth` pages at once, and posts each page's rows as plain arrays.
//
// Each page is one read of its own, as an inline page is, so the worker never holds a snapshot open
// and writers are never held up. Position ranges rather than "the next N rows" let it ask for page
// k+1 before page k has arrived; a range that falls in a gap (positions are never reused) simply comes
// back short. Every answer carries the log's last position as that read saw it: the reading ends
// with the first range that reaches it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../port/errors.js';
import type { RowPage } from './sqlite-log-cursor.js';
import type { EventRow } from './sqlite-statements.js';

// Plain JavaScript, run with `eval`, so the worker needs no TypeScript loader; the driver is loaded
// from the path this module resolves. COLUMNS as in sqlite-statements.ts.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const range = db.prepare(
  'SELECT position, id, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash ' +
  'FROM events WHERE position > ? AND position <= ? ORDER BY position').raw(true);
const end = db.prepare('SELECT last_position FROM head WHERE one = 1').pluck();
const page = db.transaction((from, to) => ({ rows: range.all(from, to), end: end.get() ?? 0 }));
parentPort.on('message', ({ id, from, to }) => {
  try {
    parentPort.postMessage({ id, ...page(from, to) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

interface Answer {
  readonly id: number;
  readonly rows?: EventRow[];
  readonly end?: number;
  readonly error?: string;
}

interface Pending {
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: Error) => void;
}

export interface ReadAheadOptions {
  readonly path: string;
  /** Positions per page. */
  readonly pageSize: number;
  /** Pages asked for ahead of the one being read. */
  readonly depth: number;
  readonly busyTimeoutMs: number;
}

/** Pages of rows after `after`, read ahead by a worker; `next()` gives them in order. */
export class ReadAhead {
  readonly #worker: Worker;
  readonly #options: ReadAheadOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #queue: { to: number; answer: Promise<Answer> }[] = [];
  #nextId = 0;
  #nextFrom: number;
  #closed = false;

  constructor(after: number, options: ReadAheadOptions) {
    this.#options = options;
    this.#nextFrom = after;
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: DRIVER, path: options.path, busyTimeoutMs: options.busyTimeoutMs },
    });
    // Never what keeps a process alive, even if a caller drops an iteration without ending it.
    this.#worker.unref();
    this.#worker.on('message', (answer: Answer) => {
      const pending = this.#pending.get(answer.id);
      this.#pending.delete(answer.id);
      pending?.resolve(answer);
    });
    this.#worker.on('error', (error) => this.#failAll(error));
    this.#worker.on('exit', () => this.#failAll(new Error('the read-ahead worker stopped')));
    for (let i = 0; i < options.depth; i++) this.#ask();
  }

  /** The next page: its rows, and `last` once it reaches the end of the log. */
  async next(): Promise<RowPage & { readonly last: boolean }> {
    const head = this.#queue.shift();
    if (head === undefined) throw new Error('read-ahead used after its last page');
    this.#ask();
    let answer: Answer;
    try {
      answer = await head.answer;
    } catch (error) {
      throw new StoreUnavailableError(`reading the event file failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (answer.error !== undefined)
      throw new StoreUnavailableError(`reading the event file failed: ${answer.error}`);
    const rows = answer.rows ?? [];
    const last = head.to >= (answer.end ?? 0);
    return { rows, scannedTo: last ? Math.max(answer.end ?? 0, rows.at(-1)?.[0] ?? 0) : head.to, last };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new Error('the read-ahead was closed'));
    void this.#worker.terminate();
  }

  #ask(): void {
    if (this.#closed) return;
    const from = this.#nextFrom;
    const to = from + this.#options.pageSize;
    this.#nextFrom = to;
    const id = this.#nextId++;
    const answer = new Promise<Answer>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    // A page asked for but never read (the reading ended first) must not be an unhandled rejection.
    answer.catch(() => undefined);
    this.#queue.push({ to, answer });
    this.#worker.postMessage({ id, from, to });
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
