// The embedded default: the log in one SQLite file (better-sqlite3), safe for several processes.
// Each append is one BEGIN IMMEDIATE transaction that reads the chain head, the streams' tips and
// any already stored ids, then inserts and moves the head, so concurrent writers, in this process
// or another, serialise on SQLite's write lock and the global chain stays linear.
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import {
  type BatchPlan,
  type PlannedEvent,
  planBatch,
  type StoredIdentity,
  type StreamTip,
} from '../append/plan-batch.js';
import { singleWrite } from '../append/single-write.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
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
import { BackgroundCheckpointer, type CheckpointStats } from './sqlite-checkpointer.js';
import { IdIndex, type IdIndexHead, type IndexChange } from './sqlite-id-index.js';
import { idKey } from './sqlite-id-key.js';
import { type CursorSource, LogCursor, readRangePage, type StoredRowPage } from './sqlite-log-cursor.js';
import { ReadAhead } from './sqlite-read-ahead.js';
import { applySchema, checkReadableSchema, configureConnection } from './sqlite-schema.js';
import {
  INSERT_ROWS_MAX,
  prepareStatements,
  type Statements,
  type TipRow,
  toStoredEvent,
} from './sqlite-statements.js';
import { type StoredRow, type StoredRowsQuery, storedRows } from './sqlite-stored-rows.js';
import { verifyLog } from './sqlite-verify.js';

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
// Below this many events a worker's start (about 30 ms here) costs more than it saves.
const READ_AHEAD_FROM = 20_000;
// Under half the writer's own wal_autocheckpoint (10,000 pages, sqlite-schema.ts), so that one only
// runs if the checkpoint thread falls behind. A page is counted per 4 KB of event text, plus a few
// per commit for the pages every commit rewrites (the head row, index leaves).
const CHECKPOINT_PAGES = 4000;
const PAGES_PER_COMMIT = 3;
const PAGE_BYTES = 4096;
// Text outside data and metadata an event row stores: ids, hashes, stream, time, index entries.
const ROW_OVERHEAD_BYTES = 300;

/**
 * Opens (creating if needed) an event file.
 * @example const store = openSqliteStore({ path: 'data/kb.sqlite' });
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}

/** The SQLite adapter; `database` is shared with read models that want their checkpoint in the same file. */
export class SqliteEventStore implements EventStore {
  readonly atomicBatches = true;
  readonly database: Database;
  readonly path: string;
  readonly #statements: Statements;
  readonly #clock: () => Date;
  readonly #pollMs: number;
  readonly #signal = new WakeSignal();
  readonly #appendTransaction: { immediate(writes: readonly StreamWrite[]): [BatchPlan, IndexChange] };
  readonly #ids: IdIndex;
  readonly #readSnapshot: (after: number, filter: ReadFilter, limit: number) => StoredRowPage;
  #closed = false;
  readonly #readonly: boolean;
  readonly #readAheadFrom: number;
  readonly #busyTimeoutMs: number;
  readonly #readAheads = new Set<ReadAhead>();
  readonly #checkpointPages: number;
  #checkpointer: BackgroundCheckpointer | undefined;
  readonly #finishCheckpoint: Statement;
  /** WAL pages written, as estimated, since a checkpoint was last asked for. */
  #unCheckpointed = 0;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.#clock = options.clock ?? (() => new Date());
    this.#pollMs = options.pollMs ?? 50;
    const readonly = options.readonly ?? false;
    this.#readonly = readonly;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    // A database only this connection can see (in memory, or a temporary file) cannot be read or
    // checkpointed from another.
    const onlyHere =
      options.path === '' || options.path === ':memory:' || options.path.startsWith('file::memory:');
    this.#readAheadFrom = onlyHere ? Number.POSITIVE_INFINITY : (options.readAheadFrom ?? READ_AHEAD_FROM);
    this.#checkpointPages =
      onlyHere || readonly ? Number.POSITIVE_INFINITY : (options.checkpointPages ?? CHECKPOINT_PAGES);
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
    this.#finishCheckpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
    this.#appendTransaction = db.transaction((writes: readonly StreamWrite[]) =>
      this.#appendInTransaction(writes),
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
    const [result] = await this.appendMany([singleWrite(stream, events, options)]);
    return result!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
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
      this.#signal.fire();
      this.#wrote(plan.events);
    }
    return [...plan.results];
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
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
    return this.#checkpointer?.stats();
  }

  /** For tests: resolves once the checkpoint thread has done `count` checkpoints (false on timeout). */
  async checkpointsDone(count: number, timeoutMs = 10_000): Promise<boolean> {
    return (await this.#checkpointer?.waitFor(count, timeoutMs)) ?? false;
  }

  /** Counts the WAL pages a commit wrote, and asks for a checkpoint once enough have gathered. */
  #wrote(events: readonly PlannedEvent[]): void {
    if (this.#checkpointPages === Number.POSITIVE_INFINITY) return;
    // The thread copied all but the last commit or two; copying those here, between two of this
    // connection's transactions, lets the next one start the WAL over from its beginning. Not inside
    // a caller's transaction (SQLite refuses a checkpoint there), and never at the cost of an append
    // that has committed: should it fail, SQLite's own checkpoint still bounds the WAL.
    if (!this.database.inTransaction && this.#checkpointer?.takeFinished() === true) {
      try {
        this.#finishCheckpoint.get();
      } catch (error) {
        this.#checkpointer.noteFailure(
          `the writer's part of a checkpoint failed: ${(error as Error).message}`,
        );
      }
    }
    let bytes = 0;
    for (const e of events) bytes += e.dataJson.length + e.metadataJson.length + ROW_OVERHEAD_BYTES;
    this.#unCheckpointed += bytes / PAGE_BYTES + PAGES_PER_COMMIT;
    if (this.#unCheckpointed < this.#checkpointPages) return;
    this.#unCheckpointed = 0;
    this.#checkpointer ??= new BackgroundCheckpointer(this.path, this.#busyTimeoutMs);
    this.#checkpointer.request();
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
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
  async verify(): Promise<VerifyReport> {
    this.#assertOpen();
    return verifyLog(this.database, this.#statements, this.#ids);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const ahead of this.#readAheads) ahead.close();
    this.#readAheads.clear();
    this.#signal.fire();
    // The thread's connection first: the last connection to close checkpoints and removes the WAL.
    await this.#checkpointer?.close();
    this.database.close();
  }

  #appendInTransaction(writes: readonly StreamWrite[]): [BatchPlan, IndexChange] {
    const s = this.#statements;
    const head = s.head.get()!;
    const indexHead: IdIndexHead = {
      lastPosition: head.last_position,
      indexedUpTo: head.indexed_up_to,
      level1Count: head.level1_count,
    };
    this.#ids.sync(indexHead);
    const keys = new Map<string, number>();
    for (const write of writes) {
      for (const event of write.events) if (!keys.has(event.id)) keys.set(event.id, idKey(event.id));
    }
    const stored = new Map<string, StoredIdentity>();
    // Two ids with one key are probed twice; the positions found are read once (IN).
    const candidates = keys.size > 0 ? this.#ids.candidates(keys.values()) : [];
    if (candidates.length > 0) {
      // Rows are matched by key; the map is by full id, so a row whose key merely collides is never found.
      for (const [id, stream, type, version, dataJson, metadataJson] of s.storedAt.all(
        JSON.stringify(candidates),
      )) {
        stored.set(id, { stream, type, version, dataJson, metadataJson });
      }
    }
    const plan = planBatch(
      writes,
      // The planner asks for each stream's tip once, the first time the batch writes to it.
      { tip: (stream) => tipOf(s.tip.get(stream)), stored: (id) => stored.get(id) },
      { position: head.last_position, hash: head.last_hash, count: head.count },
      this.#clock().toISOString(),
    );
    const events = plan.events;
    for (let from = 0; from < events.length; from += INSERT_ROWS_MAX) {
      const to = Math.min(events.length, from + INSERT_ROWS_MAX);
      const values: unknown[] = [];
      for (let i = from; i < to; i++) {
        const e = events[i]!;
        values.push(
          e.position,
          e.id,
          e.stream,
          e.revision,
          e.type,
          e.version,
          e.dataJson,
          e.metadataJson,
          e.recordedAt,
          e.prevHash,
          e.hash,
          keys.get(e.id)!,
        );
      }
      s.insertRows(to - from).run(...values);
    }
    const change = this.#ids.afterInsert(
      indexHead,
      plan.events.map((e) => [keys.get(e.id)!, e.position] as const),
    );
    if (plan.events.length > 0) s.setHead.run(plan.head.count, plan.head.position, plan.head.hash);
    return [plan, change];
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

function tipOf(row: TipRow | undefined): StreamTip | undefined {
  return row === undefined ? undefined : { revision: row[0], position: row[1] };
}

/** The port's own errors pass through; driver failures become StoreUnavailableError with the cause. */
function asStoreError(error: unknown, context: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new StoreUnavailableError(`${context}: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
