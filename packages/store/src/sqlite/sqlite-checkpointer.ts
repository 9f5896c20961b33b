// Checkpoints on a second thread. In WAL mode every commit adds pages to the -wal file, and a
// checkpoint copies them back into the database file. SQLite's own (wal_autocheckpoint) runs inside
// the commit that passes its limit: that append waited while 40 MB were copied (about 70 ms here, the
// longest pause of an append of 100 events) and every append paid its share. Here a worker with its
// own connection runs PASSIVE checkpoints when the writer says enough has been written, while the
// writer goes on appending. A PASSIVE checkpoint never waits for a lock and never blocks a reader or
// a writer, and a crash in the middle of one loses nothing: SQLite syncs the WAL before copying and
// the file after, and only then may the WAL be written over.
//
// The WAL starts over from its beginning only when a transaction begins with every frame copied. The
// writer commits back to back, so a checkpoint run elsewhere always ends a commit or two behind it.
// The worker follows the new frames until few are left, then says it has finished; the writer copies
// the last few itself, between two transactions (a few ms: one sync of the file), and its next
// transaction starts the WAL over. Its wal_autocheckpoint stays as a backstop, should this thread
// fall behind or stop.
//
// The writer's part ends, as SQLite ends every checkpoint that reaches the WAL's end, with a sync of
// the file, which flushes every page the thread copied since the last one: 8 to 40 ms in the
// writer's thread on the peer bench's appends of 100. A sync of the file from here first would
// spare it that, but only through a descriptor of the thread's own, and closing a descriptor of a
// file drops every POSIX lock the process holds on it, SQLite's included: the shared lock each WAL
// connection keeps on the file while it is open goes (seen in /proc/locks) and SQLite does not take
// it again. Another process, closing or leaving WAL mode, was still held back in tries here (by
// SQLite's lock on the -shm file, which stays), but a lock SQLite believes it holds and does not is
// outside what it promises, so the thread touches the file only through SQLite.
//
// Shared memory (Int32Array): [0] requests made, [1] 1 once asked to stop, [2] checkpoints done,
// [3] frames in the WAL at the last one, [4] frames it had copied back, [5] 1 when a checkpoint has
// finished and the writer has not yet copied the rest, 2 while it copies them, [6] the requests
// made when the last one began (equal to [0] once the thread has caught up with every request).
import type { Worker } from 'node:worker_threads';
import { startSqliteWorker } from './sqlite-worker.js';

// Follow-up checkpoints after each one asked for, stopping at the first that finds fewer new frames
// than FEW_FRAMES (about a commit of 100 events: three events to a 4 KB page, plus index pages).
const FOLLOW_UPS = 8;
const FEW_FRAMES = 100;
// How long a request made during a checkpoint waits, at most, for the writer to finish that one.
const FINISH_WAIT_MS = 50;

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const shared = new Int32Array(workerData.shared);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  db.pragma('synchronous = NORMAL');
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw(true);
  let seen = 0;
  for (;;) {
    Atomics.wait(shared, 0, seen);
    if (Atomics.load(shared, 1) === 1) break;
    seen = Atomics.load(shared, 0);
    let [, log, copied] = checkpoint.get();
    // Frames the writer committed meanwhile are copied too, until a round finds only a few.
    for (let i = 0; i < ${FOLLOW_UPS}; i++) {
      const [, nextLog, nextCopied] = checkpoint.get();
      const fresh = nextLog - log;
      log = nextLog;
      copied = nextCopied;
      if (fresh < ${FEW_FRAMES}) break;
    }
    Atomics.store(shared, 5, 1);
    Atomics.store(shared, 3, log);
    Atomics.store(shared, 4, copied);
    Atomics.store(shared, 6, seen);
    Atomics.add(shared, 2, 1);
    Atomics.notify(shared, 2);
    // A request made meanwhile waits until the writer has finished this checkpoint (or 50 ms):
    // begun at once, it would hold the checkpoint lock, the writer's part would find it busy, and
    // the WAL would not start over.
    const until = performance.now() + workerData.finishWaitMs;
    for (;;) {
      const state = Atomics.load(shared, 5);
      const left = until - performance.now();
      if (state === 0 || Atomics.load(shared, 1) === 1 || left <= 0) break;
      Atomics.wait(shared, 5, state, left);
    }
  }
} catch (error) {
  parentPort.postMessage(String((error && error.message) || error));
} finally {
  if (db !== undefined) db.close();
}
`;

/** What the checkpoint thread has done so far. */
export interface CheckpointStats {
  readonly checkpoints: number;
  /** Frames in the WAL at the last checkpoint, and how many of them it copied back. */
  readonly walFrames: number;
  readonly copiedFrames: number;
  /**
   * The first failure: why the thread stopped on its own, or why the writer could not finish a
   * checkpoint. SQLite's own checkpoints then bound the WAL.
   */
  readonly failure: string | undefined;
}

export class BackgroundCheckpointer {
  readonly #worker: Worker;
  readonly #shared = new Int32Array(new SharedArrayBuffer(7 * 4));
  readonly #exited: Promise<void>;
  #failure: string | undefined;
  #stopped = false;

  /** `finishWaitMs`: how long a request made during a checkpoint waits for the writer's part of it. */
  constructor(path: string, busyTimeoutMs: number, finishWaitMs = FINISH_WAIT_MS) {
    this.#worker = startSqliteWorker(WORKER_SOURCE, {
      path,
      busyTimeoutMs,
      finishWaitMs,
      shared: this.#shared.buffer,
    });
    this.#worker.on('message', (message: string) => {
      this.#failure ??= `the checkpoint thread stopped: ${message}`;
    });
    this.#worker.on('error', (error) => {
      this.#failure ??= `the checkpoint thread stopped: ${error.message}`;
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
  }

  /** Asks for a checkpoint; one already asked for and not yet begun covers this one too. */
  request(): void {
    if (this.#stopped) return;
    Atomics.add(this.#shared, 0, 1);
    Atomics.notify(this.#shared, 0);
  }

  /**
   * Whether a checkpoint has ended since the last call; the writer then finishes it (see
   * CheckpointSchedule) and says so with finishDone().
   */
  takeFinished(): boolean {
    return Atomics.compareExchange(this.#shared, 5, 1, 2) === 1;
  }

  /** The writer has finished the checkpoint it took: the thread may begin the next. */
  finishDone(): void {
    Atomics.store(this.#shared, 5, 0);
    Atomics.notify(this.#shared, 5);
  }

  /** Keeps the first failure met on the writer's side, for stats(); the thread goes on. */
  noteFailure(message: string): void {
    this.#failure ??= message;
  }

  stats(): CheckpointStats {
    return {
      checkpoints: Atomics.load(this.#shared, 2),
      walFrames: Atomics.load(this.#shared, 3),
      copiedFrames: Atomics.load(this.#shared, 4),
      failure: this.#failure,
    };
  }

  /** Resolves once `count` checkpoints are done, or with false after `timeoutMs`; for tests. */
  waitFor(count: number, timeoutMs: number): Promise<boolean> {
    return this.#until(() => Atomics.load(this.#shared, 2) >= count, timeoutMs);
  }

  /**
   * Resolves once a checkpoint begun after the last request has finished (at once if none was made
   * since), or with false after `timeoutMs`; for tests that pace a writer by the thread.
   */
  waitForCaughtUp(timeoutMs: number): Promise<boolean> {
    return this.#until(() => Atomics.load(this.#shared, 6) === Atomics.load(this.#shared, 0), timeoutMs);
  }

  /** Polls `done` every 5 ms: false once `timeoutMs` have passed or the thread has failed. */
  async #until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      if (performance.now() > deadline || this.#failure !== undefined) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
  }

  /** Lets a checkpoint under way finish, then ends the thread and its connection. */
  async close(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      Atomics.store(this.#shared, 1, 1);
      Atomics.add(this.#shared, 0, 1);
      Atomics.notify(this.#shared, 0);
      Atomics.notify(this.#shared, 5);
    }
    // Held by its exit until it comes: an unreferenced thread alone would let the process end first.
    this.#worker.ref();
    await this.#exited;
  }
}
