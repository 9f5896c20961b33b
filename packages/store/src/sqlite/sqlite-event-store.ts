// The embedded default: the log in one SQLite file (better-sqlite3), safe for several processes.
// Each append is one BEGIN IMMEDIATE transaction that reads the chain head, the streams' tips and
// any already stored ids, then inserts and moves the head (sqlite-append.ts), so concurrent writers,
// in this process or another, serialise on SQLite's write lock and the global chain stays linear.
// The file is opened in sqlite-open.ts and read in sqlite-log-reader.ts. Checkpoints run on a
// thread of their own (sqlite-checkpoint-schedule.ts), long reads on another (sqlite-read-ahead.ts).
import type { Database } from 'better-sqlite3';
import type { BatchPlan } from '../append/plan-batch.js';
import type { LastRecorded } from '../append/recorded-time.js';
import { singleWrite } from '../append/single-write.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { checkReadAllOptions, checkWrites } from '../port/checks.js';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../port/event-store.js';
import { CatchUpSubscription } from '../subscription/catch-up-subscription.js';
import { WakeSignal } from '../subscription/wake-signal.js';
import type { HeldFile } from './held-file.js';
import { appendInTransaction } from './sqlite-append.js';
import { CHECKPOINT_PAGES, CheckpointSchedule } from './sqlite-checkpoint-schedule.js';
import type { CheckpointStats } from './sqlite-checkpointer.js';
import type { IdIndex, IndexChange } from './sqlite-id-index.js';
import { READ_AHEAD_FROM, SqliteLogReader } from './sqlite-log-reader.js';
import { asStoreError, openConnection, type SqliteStoreOptions } from './sqlite-open.js';
import type { Statements } from './sqlite-statements.js';
import { type StoredRow, type StoredRowsQuery, storedRows } from './sqlite-stored-rows.js';
import { type VerifyProgress, verifyLog } from './sqlite-verify.js';

export { READ_AHEAD_FROM } from './sqlite-log-reader.js';
export type { SqliteStoreOptions } from './sqlite-open.js';

// verify's index check on a thread from this many indexed events: about 2 us an event on the caller.
const INDEX_CHECK_THREAD_FROM = 200_000;

/**
 * Opens (creating if needed) an event file.
 * @example const store = openSqliteStore({ path: 'data/kb.sqlite' });
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteEventStore {
  // SQLite opens '' as a private temporary database, gone at close: an empty KB_STORE, say, would
  // take a whole ingest and keep nothing of it.
  if (typeof options?.path !== 'string' || options.path === '')
    throw new TypeError(
      `the SQLite store needs the path of its file (or ':memory:'), got ${JSON.stringify(options?.path) ?? 'nothing'}`,
    );
  return new SqliteEventStore(options);
}

/** The SQLite adapter; `database` is shared with read models that want their checkpoint in the same file. */
export class SqliteEventStore implements EventStore {
  readonly atomicBatches = true;
  readonly database: Database;
  readonly path: string;
  /**
   * Whether opening this store created its tables: a new store (or an empty file) made by this
   * connection, decided under SQLite's write lock, so false where another process made them first.
   */
  readonly createdTables: boolean;
  readonly #statements: Statements;
  readonly #clock: () => Date;
  /** The last event's recorded time, as this connection last stored or read it (sqlite-append.ts). */
  readonly #lastRecorded: LastRecorded = { position: -1, recordedAt: null };
  readonly #pollMs: number;
  readonly #signal = new WakeSignal();
  readonly #appendTransaction: { immediate(writes: readonly StreamWrite[]): [BatchPlan, IndexChange] };
  readonly #ids: IdIndex;
  readonly #reader: SqliteLogReader;
  #closed = false;
  /**
   * Settles when the running verify does; null when none runs. Its walk keeps a read transaction
   * open on this connection until it settles (across its pauses), so appends, another verify and
   * close wait for it: an append made inside it would be committed only with it, or refused while
   * its statement is open.
   */
  #verifying: Promise<void> | null = null;
  readonly #readonly: boolean;
  readonly #busyTimeoutMs: number;
  readonly #indexCheckThreadFrom: number;
  /** The store file, held while this connection is open (held-file.ts); absent in memory. */
  readonly #file: HeldFile | undefined;
  /** Absent for a store that writes no checkpoints of its own (in memory, read-only, or turned off). */
  readonly #checkpoints: CheckpointSchedule | undefined;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.#clock = options.clock ?? (() => new Date());
    this.#pollMs = options.pollMs ?? 50;
    const readonly = options.readonly ?? false;
    this.#readonly = readonly;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    // A database only this connection can see (in memory, or a temporary file) cannot be read,
    // checked or checkpointed from another.
    const onlyHere =
      options.path === '' || options.path === ':memory:' || options.path.startsWith('file::memory:');
    this.#indexCheckThreadFrom = onlyHere
      ? Number.POSITIVE_INFINITY
      : (options.indexCheckThreadFrom ?? INDEX_CHECK_THREAD_FROM);
    const checkpointPages = options.checkpointPages ?? CHECKPOINT_PAGES;
    const { database: db, file, statements, ids, createdTables } = openConnection(options);
    this.#file = file;
    this.createdTables = createdTables;
    this.#statements = statements;
    this.#ids = ids;
    this.database = db;
    this.#checkpoints =
      onlyHere || readonly || checkpointPages === Number.POSITIVE_INFINITY
        ? undefined
        : new CheckpointSchedule(db, options.path, this.#busyTimeoutMs, checkpointPages);
    this.#appendTransaction = db.transaction((writes: readonly StreamWrite[]) =>
      appendInTransaction(
        this.#statements,
        this.#ids,
        writes,
        this.#clock().toISOString(),
        this.#lastRecorded,
      ),
    );
    this.#reader = new SqliteLogReader(db, statements, {
      path: options.path,
      busyTimeoutMs: this.#busyTimeoutMs,
      readAheadFrom: onlyHere ? Number.POSITIVE_INFINITY : (options.readAheadFrom ?? READ_AHEAD_FROM),
      isClosed: () => this.#closed,
    });
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const write = singleWrite(stream, events, options);
    checkWrites([write], 'append');
    if (this.#verifying !== null) await this.#verifyOver();
    const [result] = this.#appendMany([write]);
    return result!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    checkWrites(writes);
    if (this.#verifying !== null) await this.#verifyOver();
    return this.#appendMany(writes);
  }

  #appendMany(writes: readonly StreamWrite[]): AppendResult[] {
    this.#assertOpen();
    if (this.#readonly) throw new StoreUnavailableError(`the event file ${this.path} was opened read-only`);
    let plan: BatchPlan;
    let change: IndexChange;
    try {
      [plan, change] = this.#appendTransaction.immediate(writes);
    } catch (error) {
      throw asStoreError(error, 'append failed');
    }
    // Only now, committed, may the connection's in-memory id tail include what it wrote.
    this.#ids.committed(change);
    if (plan.events.length > 0) {
      this.#lastRecorded.position = plan.head.position;
      this.#lastRecorded.recordedAt = plan.events[plan.events.length - 1]!.recordedAt;
      this.#signal.fire();
      this.#checkpoints?.wrote(plan.events);
    }
    return [...plan.results];
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    return this.#reader.readStream(stream, options);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return this.#reader.readAll(options);
  }

  /** What the checkpoint thread has done, or undefined when none has been started. */
  checkpointStats(): CheckpointStats | undefined {
    return this.#checkpoints?.stats();
  }

  /** For tests: resolves once the checkpoint thread has done `count` checkpoints (false on timeout). */
  async checkpointsDone(count: number, timeoutMs = 10_000): Promise<boolean> {
    return (await this.#checkpoints?.waitFor(count, timeoutMs)) ?? false;
  }

  /**
   * For tests: resolves once the checkpoint thread has finished a checkpoint begun after the last one
   * the writer asked for (false on timeout, or when no thread has started).
   */
  async checkpointsCaughtUp(timeoutMs = 10_000): Promise<boolean> {
    return (await this.#checkpoints?.waitForCaughtUp(timeoutMs)) ?? false;
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    checkReadAllOptions(options, 'subscribe');
    const { filter } = options;
    return new CatchUpSubscription(
      {
        readPage: (after, limit) => this.#reader.readPage(after, filter, limit),
        isClosed: () => this.#closed,
        signal: this.#signal,
        pollMs: this.#pollMs,
      },
      options.after,
    );
  }

  /**
   * The rows of the events table as stored, in position order, read a page at a time: for looking
   * at the log itself. A row whose JSON does not parse comes back with its text (sqlite-stored-rows.ts).
   */
  storedRows(query: StoredRowsQuery): Generator<StoredRow> {
    this.#assertOpen();
    return storedRows(this.database, query);
  }

  /** The last position ever assigned (0 for an empty log), from the chain head. */
  headPosition(): number {
    return this.#reader.headPosition();
  }

  /**
   * Walks the whole chain in one read snapshot and compares its end with the head row, so an
   * altered, removed, moved or cut-off event is named by the first position where the chain breaks;
   * also names the first event missing from the id index (sqlite-verify.ts).
   */
  async verify(progress: VerifyProgress = {}): Promise<VerifyReport> {
    this.#assertOpen();
    // Checked before any wait, so a verify with none running starts its walk within this call.
    if (this.#verifying !== null) {
      await this.#verifyOver();
      this.#assertOpen();
    }
    const thread =
      this.#indexCheckThreadFrom === Number.POSITIVE_INFINITY
        ? undefined
        : { path: this.path, busyTimeoutMs: this.#busyTimeoutMs, from: this.#indexCheckThreadFrom };
    // Set before the walk starts: its progress and pause callbacks run inside it, and so would an
    // append they ask for.
    let settle = () => {};
    const over = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.#verifying = over;
    try {
      return await verifyLog(this.database, this.#statements, this.#ids, progress, thread);
    } finally {
      settle();
      if (this.#verifying === over) this.#verifying = null;
    }
  }

  /** Waits for a verify running on this connection to settle (callers skip it when none runs). */
  async #verifyOver(): Promise<void> {
    while (this.#verifying !== null) await this.#verifying;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#verifying !== null) await this.#verifyOver();
    this.#reader.close();
    this.#signal.fire();
    // The thread's connection first: the last connection to close checkpoints and removes the WAL.
    await this.#checkpoints?.close();
    this.database.close();
    // Only now: closing the held descriptor while a connection is open would drop its locks.
    this.#file?.release();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}
