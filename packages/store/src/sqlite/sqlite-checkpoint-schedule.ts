// The writer's side of the checkpoint thread (sqlite-checkpointer.ts): counts the WAL pages its
// commits write, asks the thread for a checkpoint once enough have gathered, and copies the last few
// frames itself when the thread has finished, so that its next transaction starts the WAL over.
import type { Database, Statement } from 'better-sqlite3';
import type { PlannedEvent } from '../append/plan-batch.js';
import { BackgroundCheckpointer, type CheckpointStats } from './sqlite-checkpointer.js';

// Under half the writer's own wal_autocheckpoint (10,000 pages, sqlite-schema.ts), so that one only
// runs if the checkpoint thread falls behind. Pages are counted by the rows they hold (pagesOf),
// plus a few per commit for the pages every commit rewrites (the head row, the stream index's leaf,
// the table's last leaf and the interior pages above them).
export const CHECKPOINT_PAGES = 4000;
const PAGES_PER_COMMIT = 6;
const PAGE_BYTES = 4096;
// Text outside data and metadata an event row stores: ids, hashes, stream, time, index entries.
const ROW_OVERHEAD_BYTES = 300;

export class CheckpointSchedule {
  readonly #database: Database;
  readonly #path: string;
  readonly #busyTimeoutMs: number;
  readonly #pages: number;
  readonly #finish: Statement;
  #thread: BackgroundCheckpointer | undefined;
  /** WAL pages written, as estimated, since a checkpoint was last asked for. */
  #unCheckpointed = 0;

  /** `pages`: how many written pages (estimated) call for a checkpoint; the thread starts on the first. */
  constructor(database: Database, path: string, busyTimeoutMs: number, pages = CHECKPOINT_PAGES) {
    this.#database = database;
    this.#path = path;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#pages = pages;
    this.#finish = database.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  }

  /** After a commit: counts the pages it wrote, and asks for a checkpoint once enough have gathered. */
  wrote(events: readonly PlannedEvent[]): void {
    // The thread copied all but the last commit or two; copying those here, between two of this
    // connection's transactions, lets the next one start the WAL over from its beginning. Not inside
    // a caller's transaction (SQLite refuses a checkpoint there), and never at the cost of an append
    // that has committed: should it fail, SQLite's own checkpoint still bounds the WAL.
    if (!this.#database.inTransaction && this.#thread?.takeFinished() === true) {
      try {
        this.#finish.get();
      } catch (error) {
        this.#thread.noteFailure(`the writer's part of a checkpoint failed: ${(error as Error).message}`);
      } finally {
        this.#thread.finishDone();
      }
    }
    this.#unCheckpointed += commitPagesOf(events);
    if (this.#unCheckpointed < this.#pages) return;
    this.#unCheckpointed = 0;
    this.#thread ??= new BackgroundCheckpointer(this.#path, this.#busyTimeoutMs);
    this.#thread.request();
  }

  /** What the thread has done, or undefined when it has not been started. */
  stats(): CheckpointStats | undefined {
    return this.#thread?.stats();
  }

  /** Resolves once the thread has done `count` checkpoints, or with false after `timeoutMs`. */
  async waitFor(count: number, timeoutMs: number): Promise<boolean> {
    return (await this.#thread?.waitFor(count, timeoutMs)) ?? false;
  }

  /** Resolves once the thread has answered every request so far (see BackgroundCheckpointer). */
  async waitForCaughtUp(timeoutMs: number): Promise<boolean> {
    return (await this.#thread?.waitForCaughtUp(timeoutMs)) ?? false;
  }

  /** Stops the thread, once a checkpoint under way has finished. */
  async close(): Promise<void> {
    await this.#thread?.close();
  }
}

/** The WAL pages a commit of `events` is counted for: its rows' pages, and those every commit rewrites. */
export function commitPagesOf(events: readonly PlannedEvent[]): number {
  return pagesOf(events) + PAGES_PER_COMMIT;
}

/**
 * The pages an append's rows fill. A row that fits in a page is never split across two, so a page
 * holds only whole rows: rows of about 1 KB fill three quarters of each 4 KB page, and counting
 * their bytes alone had the WAL a fifth past the estimate when the thread was asked.
 */
export function pagesOf(events: readonly PlannedEvent[]): number {
  let pages = 0;
  for (const e of events) {
    const row = e.dataJson.length + e.metadataJson.length + ROW_OVERHEAD_BYTES;
    pages += row > PAGE_BYTES ? row / PAGE_BYTES : 1 / Math.floor(PAGE_BYTES / row);
  }
  return pages;
}
