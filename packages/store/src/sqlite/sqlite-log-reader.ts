// The SQLite store's reads: one stream, the log (inline, a page at a time, or from a worker reading
// ahead, sqlite-read-ahead.ts), and the pages its subscriptions take.
import type { Database } from 'better-sqlite3';
import { checkReadAllOptions, checkReadStreamOptions } from '../port/checks.js';
import { StoreClosedError } from '../port/errors.js';
import type { ReadAllOptions, ReadFilter, ReadStreamOptions, StoredEvent } from '../port/event-store.js';
import type { LogPage } from '../subscription/catch-up-subscription.js';
import { type CursorSource, LogCursor, readRangePage, type StoredRowPage } from './sqlite-log-cursor.js';
import { ReadAhead } from './sqlite-read-ahead.js';
import { type Statements, toStoredEvent } from './sqlite-statements.js';

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
export const READ_AHEAD_FROM = 20_000;

export interface LogReaderSetup {
  /** The file, which a read-ahead worker opens on its own connection. */
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** From how many events ahead an unfiltered readAll reads on a worker; Infinity for never. */
  readonly readAheadFrom: number;
  readonly isClosed: () => boolean;
}

export class SqliteLogReader {
  readonly #statements: Statements;
  readonly #setup: LogReaderSetup;
  readonly #readSnapshot: (after: number, filter: ReadFilter, limit: number) => StoredRowPage;
  readonly #readAheads = new Set<ReadAhead>();

  constructor(db: Database, statements: Statements, setup: LogReaderSetup) {
    this.#statements = statements;
    this.#setup = setup;
    // Deferred: the filtered page and the log's end are read from one snapshot.
    this.#readSnapshot = db.transaction((after: number, filter: ReadFilter, limit: number) =>
      this.#readFiltered(after, filter, limit),
    );
  }

  async *readStream(stream: string, options: ReadStreamOptions): AsyncIterable<StoredEvent> {
    checkReadStreamOptions(stream, options);
    let from = Math.max(0, options.fromRevision ?? 0);
    let left = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      this.#assertOpen();
      const limit = Math.min(left, PAGE_SIZE);
      const rows = this.#statements.readStream.all(stream, from, limit);
      for (const row of rows) {
        // A page read before close() is not handed out after it: the iteration fails at once.
        this.#assertOpen();
        yield toStoredEvent(row);
      }
      if (rows.length < limit) return;
      left -= rows.length;
      from = rows[rows.length - 1]![3] + 1;
    }
  }

  readAll(options: ReadAllOptions): AsyncIterable<StoredEvent> {
    checkReadAllOptions(options);
    const { filter } = options;
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const filtered =
      filter !== undefined && (filter.eventTypes !== undefined || filter.streamPrefix !== undefined);
    if (
      !filtered &&
      !this.#setup.isClosed() &&
      Math.min(maxCount, this.headPosition() - after) >= this.#setup.readAheadFrom
    ) {
      return new LogCursor(this.#readAheadSource(after), after, maxCount);
    }
    const source = {
      pageSize: PAGE_SIZE,
      readRows: (from: number, limit: number) => {
        this.#assertOpen();
        return this.#readRows(from, filter, limit);
      },
      checkOpen: () => this.#assertOpen(),
    };
    return new LogCursor(source, after, maxCount);
  }

  /** The events after `after` a subscription takes next, and how far the log was looked through. */
  readPage(after: number, filter: ReadFilter | undefined, limit: number): LogPage {
    const { rows, scannedTo } = this.#readRows(after, filter, limit);
    return { events: rows.map(toStoredEvent), scannedTo };
  }

  /** The last position ever assigned (0 for an empty log), from the chain head. */
  headPosition(): number {
    this.#assertOpen();
    return this.#statements.head.get()!.last_position;
  }

  /** Stops every worker still reading ahead; the store closes its connection after. */
  close(): void {
    for (const ahead of this.#readAheads) ahead.close();
    this.#readAheads.clear();
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
            path: this.#setup.path,
            pageSize: READ_AHEAD_PAGE,
            depth: READ_AHEAD_DEPTH,
            busyTimeoutMs: this.#setup.busyTimeoutMs,
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
      checkOpen: () => this.#assertOpen(),
    };
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
    if (this.#setup.isClosed()) throw new StoreClosedError();
  }
}
