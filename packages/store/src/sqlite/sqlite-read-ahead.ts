// Reading a long stretch of the log on a second core. A replay costs about as much in SQLite (stepping
// through rows, copying every column into a JavaScript string) as in parsing the data; a worker
// thread with its own read-only connection does the first while the caller does the second.
//
// Pages are ranges of positions, page k being (after + k·size, after + (k+1)·size], so the worker
// reads page k+1 without waiting for page k to be taken; a range that falls in a gap (positions are
// never reused) simply comes back short. Each page is one read of its own, so the worker never holds
// a snapshot open and writers are never held up. Every answer carries the log's last position as
// that read saw it: the reading ends with the first range that reaches it.
//
// Nothing is asked for page by page: the worker reads on by itself, at most `depth` pages ahead of
// the page the caller is on, which the caller keeps in shared memory. Asking for each page cost the
// caller a postMessage (about 13 us here, some 6 ms of a replay of 50,000 events). When its window
// is full the worker sleeps until the caller has taken half of it, so the caller wakes it (an
// Atomics.notify, about 9 us) once every depth/2 pages, not after each.
//
// A worker takes about 30 ms to start. Until it says it is running, the caller reads each page on
// its own connection and tells the worker (through shared memory) to skip it; from then on it takes
// the worker's pages. Answers come through a port the caller polls (receiveMessageOnPort), and
// while the page it needs is being read it blocks on the shared answer counter: pages are taken at
// once, never one event-loop turn after they arrive, as the reading is synchronous anyway.
import { randomInt } from 'node:crypto';
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../port/errors.js';
import { type RangePage, rangeEnd, type StoredRowPage } from './sqlite-log-cursor.js';
import { type Answer, pageRows } from './sqlite-read-ahead-page.js';
import { WORKER_SOURCE } from './sqlite-read-ahead-worker.js';
import { startSqliteWorker } from './sqlite-worker.js';

// How long the caller blocks at a time for a page, and in all before it lets the event loop run
// (so a worker that died is noticed through its exit event).
const WAIT_SLICE_MS = 50;
const WAIT_BEFORE_YIELD_MS = 1000;
// shared[4] while the worker is not asleep for a full window (see WORKER_SOURCE, sqlite-read-ahead-worker.ts).
const NOT_WAITING = 0x7fffffff;

export type AheadPage = RangePage;

export interface ReadAheadOptions {
  readonly path: string;
  /** Positions per page. */
  readonly pageSize: number;
  /** Pages the worker may read ahead of the one the caller is on. */
  readonly depth: number;
  readonly busyTimeoutMs: number;
  /**
   * The rows in (from, to] read on the caller's connection, `last` once `to` reaches the log's end:
   * for the pages read while the worker starts, and for a page whose JSON cannot stand for its rows
   * (stored text that is not whole JSON, a damaged file), so the caller meets exactly what an inline
   * reading gives, a parse error at the damaged row included.
   */
  readonly readRange: (from: number, to: number) => RangePage<StoredRowPage>;
  /** Whether pages wanted before the worker runs are read here; default true. */
  readonly readWhileStarting?: boolean;
  /** Throws when the reading may not go on (the store closed); called before every page. */
  readonly checkOpen?: () => void;
}

const closedError = () =>
  new StoreUnavailableError('reading the event file failed: the read-ahead was closed');

/** Pages of rows after `after`, read ahead by a worker; `next()` gives them in order. */
export class ReadAhead {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #shared: Int32Array;
  readonly #options: ReadAheadOptions;
  readonly #after: number;
  /** Below 2^30, so each copy the caller parses is a small integer, never a new object. */
  readonly #nonce = 0x20000000 + randomInt(0x20000000);
  readonly #answers = new Map<number, Answer>();
  /** The next page to give, and answers taken from the port. */
  #page = 0;
  #received = 0;
  #failure: Error | undefined;
  #closed = false;

  constructor(after: number, options: ReadAheadOptions) {
    this.#options = options;
    this.#after = after;
    this.#shared = new Int32Array(new SharedArrayBuffer(20));
    this.#shared[4] = NOT_WAITING;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = startSqliteWorker(
      WORKER_SOURCE,
      {
        path: options.path,
        busyTimeoutMs: options.busyTimeoutMs,
        port: port2,
        shared: this.#shared.buffer,
        nonce: this.#nonce,
        after,
        pageSize: options.pageSize,
        depth: options.depth,
        notWaiting: NOT_WAITING,
      },
      [port2],
    );
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', () => this.#fail(new Error('the read-ahead worker stopped')));
  }

  /** The next page: its rows, and `last` once it reaches the end of the log. */
  next(): AheadPage | Promise<AheadPage> {
    this.#options.checkOpen?.();
    // Closed, it reads nothing more: not on the caller's connection either, while its worker starts.
    if (this.#closed) throw closedError();
    const k = this.#page;
    const from = this.#after + k * this.#options.pageSize;
    const to = from + this.#options.pageSize;
    this.#take();
    if (
      !this.#answers.has(k) &&
      Atomics.load(this.#shared, 3) === 0 &&
      this.#options.readWhileStarting !== false
    ) {
      // The worker has not started yet: this page is read here, and the worker will skip it.
      Atomics.store(this.#shared, 1, k + 1);
      this.#advance();
      return this.#options.readRange(from, to);
    }
    const answer = this.#wait(k);
    if (answer === undefined) {
      // Blocked for a while: let the event loop run once, then look again.
      return new Promise((resolve) => setTimeout(resolve, 0)).then(() => this.next());
    }
    this.#answers.delete(k);
    this.#advance();
    if (answer.error !== undefined)
      // Its cause carries SQLite's code, as the inline reader's error would: a damaged page is
      // told from other failures by it.
      throw new StoreUnavailableError(`reading the event file failed: ${answer.error}`, {
        cause: Object.assign(new Error(answer.error), { code: answer.code }),
      });
    const parsed = pageRows(answer, from, to, this.#nonce);
    if (parsed === undefined) return this.#options.readRange(from, to);
    return { rows: parsed, parsed: true, ...rangeEnd(from, to, answer.end ?? 0, parsed.at(-1)?.[0]) };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#answers.clear();
    this.#port.close();
    void this.#worker.terminate();
  }

  /** Moves on to the next page, which lets the worker read one page further (shared[2]). */
  #advance(): void {
    this.#page++;
    Atomics.store(this.#shared, 2, this.#page);
    if (this.#page >= Atomics.load(this.#shared, 4)) Atomics.notify(this.#shared, 2);
  }

  /** Takes every answer waiting on the port; the ones for pages already read here are dropped. */
  #take(): void {
    for (
      let message = receiveMessageOnPort(this.#port);
      message;
      message = receiveMessageOnPort(this.#port)
    ) {
      const answer = message.message as Answer;
      this.#received++;
      if (answer.id >= this.#page) this.#answers.set(answer.id, answer);
    }
  }

  /** Blocks until page k's answer is in, or undefined after WAIT_BEFORE_YIELD_MS without it. */
  #wait(k: number): Answer | undefined {
    const deadline = performance.now() + WAIT_BEFORE_YIELD_MS;
    for (;;) {
      const answer = this.#answers.get(k);
      if (answer !== undefined) return answer;
      if (this.#failure !== undefined) {
        throw new StoreUnavailableError(`reading the event file failed: ${this.#failure.message}`, {
          cause: this.#failure,
        });
      }
      if (this.#closed) throw closedError();
      if (performance.now() > deadline) return undefined;
      // Should the worker be asleep for its window, it is woken here too: the caller never waits on
      // a worker that waits on the caller, whatever happened to the wake-up #advance gave.
      if (Atomics.load(this.#shared, 4) !== NOT_WAITING) Atomics.notify(this.#shared, 2);
      // The worker counts an answer after posting it: a count above what was taken means one is waiting.
      Atomics.wait(this.#shared, 0, this.#received, WAIT_SLICE_MS);
      this.#take();
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
  }
}
