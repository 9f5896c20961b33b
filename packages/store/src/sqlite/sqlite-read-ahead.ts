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
import type { ParsedEventRow } from './sqlite-statements.js';
import { startSqliteWorker } from './sqlite-worker.js';

// Plain JavaScript (sqlite-worker.ts). Each page comes back as one JSON text that SQLite writes: an
// array of rows, each the COLUMNS of sqlite-statements.ts in order, with data and metadata inlined
// as stored and the reading's nonce after each (see pageRows below). One JSON.parse on the caller's
// thread then replaces copying eleven strings per row across threads and parsing the data on its
// own (about 1.6 and 1.8 us an event here; the page costs about 2.4 in all). A row's metadata,
// recorded time and previous hash mostly repeat the row before it (one append writes one metadata
// and one time; an intact chain's previous hash is the hash before it): where they do, within the
// page, the nonce stands in their place, and the caller copies the earlier row's value, parsing and
// allocating nothing. An ASCII page travels as bytes, its buffer handed over; any other is decoded
// here, off the caller's thread. Shared memory: [0] counts answers posted; [1] is the first page the
// caller still wants; [2] is the page the caller is on; [3] is 1 once the worker runs; [4] is the
// caller's page at which the sleeping worker wants waking (NOT_WAITING when it is awake).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { isAscii } = require('node:buffer');
const Database = require(workerData.driver);
const { port } = workerData;
const shared = new Int32Array(workerData.shared);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
// The nonce, a whole number, as the SQL text that follows the data and the metadata of each row,
// and alone, for a value that repeats the row before (p, the row at the position before, when it is
// in the same page).
const separator = "'," + String(workerData.nonce) + ",'";
const nonceText = "'" + String(workerData.nonce) + "'";
const range = db.prepare(
  "SELECT CAST('[' || group_concat('[' || e.position || ',' || json_quote(e.id) || ',' || json_quote(e.stream) || ','" +
  " || e.revision || ',' || json_quote(e.type) || ',' || e.version || ',' || e.data || " + separator +
  " || CASE WHEN e.metadata = p.metadata THEN " + nonceText + " ELSE e.metadata END || " + separator + "" +
  " || CASE WHEN e.recorded_at = p.recorded_at THEN " + nonceText + " ELSE json_quote(e.recorded_at) END || ','" +
  " || CASE WHEN e.prev_hash = p.hash THEN " + nonceText + " ELSE json_quote(e.prev_hash) END || ','" +
  " || json_quote(e.hash) || ']', ',') || ']' AS BLOB)," +
  " count(*)" +
  " FROM (SELECT * FROM events WHERE position > @from AND position <= @to ORDER BY position) AS e" +
  " LEFT JOIN events AS p ON p.position = e.position - 1 AND p.position > @from").raw(true);
const end = db.prepare('SELECT last_position FROM head WHERE one = 1').pluck();
const page = db.transaction((from, to) => {
  const [json, count] = range.get({ from, to });
  return { json, count, end: end.get() ?? 0 };
});
function answer(message, transfer) {
  port.postMessage(message, transfer);
  Atomics.add(shared, 0, 1);
  Atomics.notify(shared, 0);
}
// Pages in order from the first, each read once the caller is fewer than depth pages before it;
// pages the caller read itself meanwhile are passed over. Past the log's end, or after a failure,
// it goes on all the same, within its window: the caller may have read the page that ended the
// log here on its own connection, seen more, and want the next; and a failed page it has already
// read itself is no reason to stop. The thread stops when the store stops it.
const { after, pageSize, depth, notWaiting } = workerData;
function readPages() {
  for (let id = 0; ; id++) {
    if (id >= Atomics.load(shared, 2) + depth) {
      // A full window: sleep until the caller has taken half of it, and say so (shared[4]), so
      // the caller wakes this thread once then rather than after every page.
      const wakeAt = id - (depth >> 1);
      Atomics.store(shared, 4, wakeAt);
      for (let current = Atomics.load(shared, 2); current < wakeAt; current = Atomics.load(shared, 2)) {
        Atomics.wait(shared, 2, current);
      }
      Atomics.store(shared, 4, notWaiting);
    }
    id = Math.max(id, Atomics.load(shared, 1));
    const from = after + id * pageSize;
    const to = from + pageSize;
    try {
      const { json, count, end } = page(from, to);
      if (json === null) answer({ id, count, end, text: '[]' });
      else if (!isAscii(json)) answer({ id, count, end, text: json.toString('utf8') });
      else {
        // A buffer of its own can be handed over whole; one inside a larger allocation is copied out.
        const own = json.byteOffset === 0 && json.buffer.byteLength === json.length;
        const bytes = own ? json.buffer : json.buffer.slice(json.byteOffset, json.byteOffset + json.length);
        answer({ id, count, end, bytes }, [bytes]);
      }
    } catch (error) {
      answer({ id, error: String(error && error.message || error) });
    }
  }
}
Atomics.store(shared, 3, 1);
readPages();
`;

// How long the caller blocks at a time for a page, and in all before it lets the event loop run
// (so a worker that died is noticed through its exit event).
const WAIT_SLICE_MS = 50;
const WAIT_BEFORE_YIELD_MS = 1000;
// shared[4] while the worker is not asleep for a full window (see WORKER_SOURCE).
const NOT_WAITING = 0x7fffffff;

interface Answer {
  readonly id: number;
  /** The page's JSON as ASCII bytes, or as text when it holds anything else. */
  readonly bytes?: ArrayBuffer;
  readonly text?: string;
  /** Rows in the range, as SQLite counted them. */
  readonly count?: number;
  readonly end?: number;
  readonly error?: string;
}

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
      throw new StoreUnavailableError(`reading the event file failed: ${answer.error}`);
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
      if (this.#closed)
        throw new StoreUnavailableError('reading the event file failed: the read-ahead was closed');
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

/**
 * A page's rows from its JSON, or undefined when the JSON cannot be trusted to stand for them.
 *
 * Stored data and metadata are pasted into the page as they are, so a text that is not one whole
 * JSON value on its own (an edited or damaged row) could join with what follows into a page that
 * parses, with other values than the row holds: a data text ending in an open string that the
 * metadata text closes, say. Each is therefore followed by the reading's nonce, a random whole
 * number the stored text cannot know. A row is taken only when it has thirteen members with the
 * nonce at 7 and 9: for that, the parser must reach each nonce just after one whole value, so each
 * text was exactly one. The rows must also be as many as SQLite counted, at rising positions in the
 * range. Checking the nonces costs the caller next to nothing and spares the worker a JSON
 * validation of every text (about 0.85 us a row), so it keeps ahead of the caller.
 *
 * The nonce at 8, 10 or 11 means "as the row before": its metadata (an equal text, so an equal
 * value, already parsed and checked), its recorded time, its hash. SQLite writes it only when that
 * row is at the position before, in this page, so the caller takes it only there. The metadata is
 * then one object for several events, frozen, as the inline reader's is (metadata-text.ts).
 */
function pageRows(answer: Answer, from: number, to: number, nonce: number): ParsedEventRow[] | undefined {
  const text = answer.bytes === undefined ? answer.text : latin1(answer.bytes);
  let rows: unknown;
  try {
    rows = JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
  if (!Array.isArray(rows) || rows.length !== answer.count) return undefined;
  let previous = from;
  let before: unknown[] | undefined;
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== 13 || row[7] !== nonce || row[9] !== nonce) return undefined;
    const position: unknown = row[0];
    if (typeof position !== 'number' || position <= previous || position > to) return undefined;
    if (row[8] === nonce || row[10] === nonce || row[11] === nonce) {
      if (before === undefined || position !== previous + 1) return undefined;
      if (row[8] === nonce) row[8] = before[8];
      if (row[10] === nonce) row[10] = before[10];
      if (row[11] === nonce) row[11] = before[12];
    }
    if (row[8] !== before?.[8]) Object.freeze(row[8]);
    before = row;
    previous = position;
  }
  return rows as ParsedEventRow[];
}

/** ASCII bytes as a string: latin1 decoding is a plain copy, several times faster than UTF-8's. */
function latin1(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString('latin1');
}
