// The iterator behind SqliteEventStore.readAll (made in sqlite-log-reader.ts): pages of rows,
// converted one event per next().
// A hand-written AsyncIterator rather than an async generator: a replay of the whole log is the
// store's hottest read, and the generator's resumption cost per event measured about three times
// this iterator's. Pages come from the connection or from a read-ahead worker (sqlite-read-ahead.ts),
// synchronously, or as a promise when a source must wait; events within a page cost no promise of
// their own beyond the one next() returns.
import type { StoredEvent } from '../port/event-store.js';
import type { EventRow, ParsedEventRow, Statements } from './sqlite-statements.js';
import { parsedToStoredEvent, toStoredEvent } from './sqlite-statements.js';

/** Where a read stopped (see LogPage). */
export interface PageEnd {
  readonly scannedTo: number;
  /**
   * Whether this is the end of the log. When absent, a page shorter than the limit asked for is the
   * last; a read-ahead page may be short (or empty) because of a gap and still not be the last.
   */
  readonly last?: boolean;
}

/**
 * Rows of one read, in fresh arrays the reader may clear as it goes: as stored, or with data and
 * metadata already parsed (`parsed`, a read-ahead page).
 */
export type RowPage = StoredRowPage | ParsedRowPage;
export type StoredRowPage = PageEnd & { readonly rows: EventRow[]; readonly parsed?: false };
export type ParsedRowPage = PageEnd & { readonly rows: ParsedEventRow[]; readonly parsed: true };

/** A page of a range (from, to] of positions: the last once `to` reaches the log's end as read. */
export type RangePage<P extends RowPage = RowPage> = P & { readonly last: boolean };

/**
 * Where a read of the range (from, to] stopped, given the log's last position as that read saw it
 * and the last position it found: at `to`, or at the log's end when the range reaches it.
 */
export function rangeEnd(from: number, to: number, end: number, lastFound: number | undefined) {
  const last = to >= end;
  return { scannedTo: last ? Math.max(end, lastFound ?? from) : to, last };
}

/**
 * The rows in (from, to] read with the store's statements, as a range page. The two reads are two
 * snapshots, so the head is read first: every row up to it was committed before the rows are read,
 * and is found. Read after the rows, a head moved on by another connection in between counted rows
 * the read did not see, and the page's end passed them without a word.
 */
export function readRangePage(
  statements: Pick<Statements, 'readRange' | 'head'>,
  from: number,
  to: number,
): RangePage<StoredRowPage> {
  const end = statements.head.get()?.last_position ?? 0;
  const rows = statements.readRange.all(from, to);
  return { rows, ...rangeEnd(from, to, end, rows.at(-1)?.[0]) };
}

export interface CursorSource {
  /** Reads up to `limit` rows after `after`; throws StoreClosedError when the store is closed. */
  readRows(after: number, limit: number): RowPage | Promise<RowPage>;
  readonly pageSize: number;
  /** Called once when the reading ends, runs out or fails. */
  close?(): void;
  /**
   * Throws StoreClosedError once the store is closed: asked before each event is handed out, so
   * the rest of a page read before close() is not.
   */
  checkOpen?(): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export class LogCursor implements AsyncIterator<StoredEvent>, AsyncIterable<StoredEvent> {
  readonly #source: CursorSource;
  #rows: (EventRow | ParsedEventRow | undefined)[] = [];
  #parsed = false;
  #index = 0;
  #after: number;
  #left: number;
  #lastPage = false;
  #ended = false;

  constructor(source: CursorSource, after: number, maxCount: number) {
    this.#source = source;
    this.#after = after;
    this.#left = maxCount;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StoredEvent, undefined>> {
    try {
      while (this.#index >= this.#rows.length) {
        if (this.#lastPage || this.#left <= 0) return Promise.resolve(this.#end());
        const limit = Math.min(this.#left, this.#source.pageSize);
        const page = this.#source.readRows(this.#after, limit);
        if (page instanceof Promise) {
          return page.then(
            (p) => {
              this.#accept(p, limit);
              return this.next();
            },
            (e) => this.#fail(e),
          );
        }
        this.#accept(page, limit);
      }
      this.#source.checkOpen?.();
      return Promise.resolve({ done: false, value: this.#take() });
    } catch (error) {
      return this.#fail(error);
    }
  }

  return(): Promise<IteratorResult<StoredEvent, undefined>> {
    this.#rows = [];
    this.#lastPage = true;
    return Promise.resolve(this.#end());
  }

  #take(): StoredEvent {
    const row = this.#rows[this.#index]!;
    // Drop the row as soon as it is converted, so the page does not keep it alive through a GC.
    this.#rows[this.#index++] = undefined;
    return this.#parsed ? parsedToStoredEvent(row as ParsedEventRow) : toStoredEvent(row as EventRow);
  }

  /** Takes a page in (an empty one that is not the last simply leads to the next read). */
  #accept(page: RowPage, limit: number): void {
    let rows: (EventRow | ParsedEventRow | undefined)[] = page.rows;
    if (rows.length > this.#left) rows = rows.slice(0, this.#left);
    this.#rows = rows;
    this.#parsed = page.parsed === true;
    this.#index = 0;
    this.#left -= rows.length;
    this.#after = page.scannedTo;
    this.#lastPage = page.last ?? page.rows.length < limit;
  }

  #fail(error: unknown): Promise<never> {
    this.#end();
    return Promise.reject(error);
  }

  #end(): IteratorReturnResult<undefined> {
    if (!this.#ended) {
      this.#ended = true;
      this.#source.close?.();
    }
    return DONE;
  }
}
