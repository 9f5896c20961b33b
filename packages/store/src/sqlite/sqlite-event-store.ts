// The embedded default: the log in one SQLite file (better-sqlite3), safe for several processes.
// Each append is one BEGIN IMMEDIATE transaction that reads the chain head, the streams' tips and
// any already stored ids, then inserts and moves the head (sqlite-append.ts), so concurrent writers,
// in this process or another, serialise on SQLite's write lock and the global chain stays linear.
// Checkpoints run on a thread of their own (sqlite-checkpoint-schedule.ts), long reads on another
// (sqlite-read-ahead.ts).
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { BatchPlan } from '../append/plan-batch.js';
import type { LastRecorded } from '../append/recorded-time.js';
import { singleWrite } from '../append/single-write.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { checkReadAllOptions, checkReadStreamOptions, checkWrites } from '../port/checks.js';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadFilter,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../port/event-store.js';
import { CatchUpSubscription, type LogPage } from '../subscription/catch-up-subscription.js';
import { WakeSignal } from '../subscription/wake-signal.js';
import { appendInTransaction } from './sqlite-append.js';
import { CHECKPOINT_PAGES, CheckpointSchedule } from './sqlite-checkpoint-schedule.js';
import type { CheckpointStats } from './sqlite-checkpointer.js';
import { IdIndex, type IndexChange } from './sqlite-id-index.js';
import { type CursorSource, LogCursor, readRangePage, type StoredRowPage } from './sqlite-log-cursor.js';
import { ReadAhead } from './sqlite-read-ahead.js';
import { applySchema, checkReadableSchema, configureConnection } from './sqlite-schema.js';
import { prepareStatements, type Statements, toStoredEvent } from './sqlite-statements.js';
import { type StoredRow, type StoredRowsQuery, storedRows } from './sqlite-stored-rows.js';
import { type VerifyProgress, verifyLog } from './sqlite-verify.js';

export interface SqliteStoreOptions {
  /** The database file; `:memory:` works for a single connection. */
  readonly path: string;
  readonly clock?: () => Date;
  /** How long a writer waits for another process's transaction before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** How often subscriptions look for other processes' writes; default 50 ms. */
  readonly pollMs?: number;
  /**
   * Open an existing file without writing to it: no schema creation or migration, appends refused.
   * For `kb verify`, which must not change the evidence it checks.
   */
  readonly readonly?: boolean;
  /**
   * Appended events whose ids are looked up from memory before their keys move, in one bulk write,
   * to the id index's tables (sqlite-id-index.ts); default 8192. Small values exercise the merges.
   */
  readonly idTailLimit?: number;
  /**
   * A readAll without a filter that has at least this many events ahead of it reads them on a worker
   * thread, ahead of the caller (sqlite-read-ahead.ts); default 20,000. `Infinity` turns that off.
   */
  readonly readAheadFrom?: number;
  /**
   * WAL pages (about 4 KB each, as estimated from what appends wrote) after which a worker thread
   * checkpoints the WAL back into the file while appends go on (sqlite-checkpointer.ts); default
   * 4000. `Infinity` leaves every checkpoint to the appending thread (wal_autocheckpoint).
   */
  readonly checkpointPages?: number;
  /**
   * From how many indexed events verify checks the id index on a thread of its own, beside its walk
   * of the chain (sqlite-index-check.ts); default 200,000. `Infinity` keeps it on the caller's.
   */
  readonly indexCheckThreadFrom?: number;
}

// Rows per read. Pages are fetched whole, so no statement stays open while the caller holds an event
// and it may use the connection meanwhile (a projection writing its read model, say).
const PAGE_SIZE = 250;
// Read-ahead pages: positions per page and pages in flight. A page of ~1 KB events stays under
// 128 KB of JSON, so its text is an ordinary young-generation string on this thread, not a large
// object in fresh memory: measured on 50,000 events, pages of 100 read about a tenth faster than
// pages of 1,000 (sqlite-read-ahead.ts). 20 pages in flight: about 2 MB.
const READ_AHEAD_PAGE = 100;
const READ_AHEAD_DEPTH = 20;
// verify's index check on a thread from this many indexed events: about 2 us an event on the caller.
const INDEX_CHECK_THREAD_FROM = 200_000;
// Below this many events a worker's start (about 30 ms here) costs more than it saves.
export const READ_AHEAD_FROM = 20_000;

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
  readonly #statements: Statements;
  readonly #clock: () => Date;
  /** The last event's recorded time, as this connection last stored or read it (sqlite-append.ts). */
  readonly #lastRecorded: LastRecorded = { position: -1, recordedAt: null };
  readonly #pollMs: number;
  readonly #signal = new WakeSignal();
  readonly #appendTransaction: { immediate(writes: readonly StreamWrite[]): [BatchPlan, IndexChange] };
  readonly #ids: IdIndex;
  readonly #readSnapshot: (after: number, filter: ReadFilter, limit: number) => StoredRowPage;
  #closed = false;
  readonly #readonly: boolean;
  readonly #readAheadFrom: number;
  readonly #busyTimeoutMs: number;
  readonly #indexCheckThreadFrom: number;
  readonly #readAheads = new Set<ReadAhead>();
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
    this.#readAheadFrom = onlyHere ? Number.POSITIVE_INFINITY : (options.readAheadFrom ?? READ_AHEAD_FROM);
    this.#indexCheckThreadFrom = onlyHere
      ? Number.POSITIVE_INFINITY
      : (options.indexCheckThreadFrom ?? INDEX_CHECK_THREAD_FROM);
    const checkpointPages = options.checkpointPages ?? CHECKPOINT_PAGES;
    let db: Database;
    try {
      db = new BetterSqlite3(options.path, readonly ? { readonly: true, fileMustExist: true } : {});
    } catch (error) {
      throw asStoreError(error, `cannot open the event file ${options.path}`);
    }
    try {
      if (readonly) checkReadableSchema(db, options.busyTimeoutMs ?? 5000);
      else {
        configureConnection(db, options.busyTimeoutMs ?? 5000);
        applySchema(db);
      }
      this.#statements = prepareStatements(db);
      this.#ids = new IdIndex(db, options.idTailLimit);
    } catch (error) {
      db.close();
      // The schema's own refusals name what is wrong with the file; this names the file.
      if (error instanceof StoreUnavailableError && error.cause === undefined)
        throw new StoreUnavailableError(`cannot open the event file ${options.path}: ${error.message}`, {
          cause: error,
        });
      throw asStoreError(error, `cannot open the event file ${options.path}`);
    }
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
    // Deferred: the filtered page and the log's end are read from one snapshot.
    this.#readSnapshot = db.transaction((after: number, filter: ReadFilter, limit: number) =>
      this.#readFiltered(after, filter, limit),
    );
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const write = singleWrite(stream, events, options);
    checkWrites([write], 'append');
    const [result] = this.#appendMany([write]);
    return result!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    checkWrites(writes);
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

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    checkReadStreamOptions(stream, options);
    let from = Math.max(0, options.fromRevision ?? 0);
    let left = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      this.#assertOpen();
      const limit = Math.min(left, PAGE_SIZE);
      const rows = this.#statements.readStream.all(stream, from, limit);
      for (const row of rows) yield toStoredEvent(row);
      if (rows.length < limit) return;
      left -= rows.length;
      from = rows[rows.length - 1]![3] + 1;
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    checkReadAllOptions(options);
    const { filter } = options;
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const filtered =
      filter !== undefined && (filter.eventTypes !== undefined || filter.streamPrefix !== undefined);
    if (
      !filtered &&
      !this.#closed &&
      Math.min(maxCount, this.headPosition() - after) >= this.#readAheadFrom
    ) {
      return new LogCursor(this.#readAheadSource(after), after, maxCount);
    }
    const source = {
      pageSize: PAGE_SIZE,
      readRows: (from: number, limit: number) => {
        this.#assertOpen();
        return this.#readRows(from, filter, limit);
      },
    };
    return new LogCursor(source, after, maxCount);
  }

  /**
   * Pages read by a worker, started at the first page asked for and stopped when the reading ends;
   * this thread reads the pages asked for while it starts (sqlite-read-ahead.ts).
   */
  #readAheadSource(after: number): CursorSource {
    let ahead: ReadAhead | undefined;
    return {
      pageSize: READ_AHEAD_PAGE,
      // The pages follow one another from `after`: the cursor asks for each where the last ended.
      readRows: () => {
        this.#assertOpen();
        if (ahead === undefined) {
          ahead = new ReadAhead(after, {
            path: this.path,
            pageSize: READ_AHEAD_PAGE,
            depth: READ_AHEAD_DEPTH,
            busyTimeoutMs: this.#busyTimeoutMs,
            readRange: (from, to) => readRangePage(this.#statements, from, to),
            checkOpen: () => this.#assertOpen(),
          });
          this.#readAheads.add(ahead);
        }
        return ahead.next();
      },
      close: () => {
        if (ahead === undefined) return;
        ahead.close();
        this.#readAheads.delete(ahead);
      },
    };
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
        readPage: (after, limit) => this.#readPage(after, filter, limit),
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
    this.#assertOpen();
    return this.#statements.head.get()!.last_position;
  }

  /**
   * Walks the whole chain in one read snapshot and compares its end with the head row, so an
   * altered, removed, moved or cut-off event is named by the first position where the chain breaks;
   * also names the first event missing from the id index (sqlite-verify.ts).
   */
  async verify(progress: VerifyProgress = {}): Promise<VerifyReport> {
    this.#assertOpen();
    const thread =
      this.#indexCheckThreadFrom === Number.POSITIVE_INFINITY
        ? undefined
        : { path: this.path, busyTimeoutMs: this.#busyTimeoutMs, from: this.#indexCheckThreadFrom };
    return verifyLog(this.database, this.#statements, this.#ids, progress, thread);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ahead of this.#readAheads) ahead.close();
    this.#readAheads.clear();
    this.#signal.fire();
    // The thread's connection first: the last connection to close checkpoints and removes the WAL.
    await this.#checkpoints?.close();
    this.database.close();
  }

  #readPage(after: number, filter: ReadFilter | undefined, limit: number): LogPage {
    const { rows, scannedTo } = this.#readRows(after, filter, limit);
    return { events: rows.map(toStoredEvent), scannedTo };
  }

  #readRows(after: number, filter: ReadFilter | undefined, limit: number): StoredRowPage {
    if (filter && (filter.eventTypes !== undefined || filter.streamPrefix !== undefined)) {
      return this.#readSnapshot(after, filter, limit);
    }
    const rows = this.#statements.readAll.all(after, limit);
    return { rows, scannedTo: rows.at(-1)?.[0] ?? after };
  }

  #readFiltered(after: number, filter: ReadFilter, limit: number): StoredRowPage {
    const upTo = this.#statements.lastPosition.get()?.position ?? 0;
    const rows = this.#statements.readAllFiltered.all({
      after,
      upTo,
      types: filter.eventTypes === undefined ? null : JSON.stringify(filter.eventTypes),
      prefix: filter.streamPrefix ?? null,
      limit,
    });
    return { rows, scannedTo: rows.length < limit ? Math.max(after, upTo) : rows.at(-1)![0] };
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}

/** The port's own errors pass through; driver failures become StoreUnavailableError with the cause. */
function asStoreError(error: unknown, context: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new StoreUnavailableError(`${context}: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
