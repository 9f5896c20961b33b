// The iterator behind SqliteEventStore.readAll: pages of rows, converted one event per next().
// A hand-written AsyncIterator rather than an async generator: replaying the whole log is the hot
// path of every projection rebuild, and the generator's resumption cost per event measured about
// three times this iterator's.
import type { StoredEvent } from '../port/event-store.js';
import type { EventRow } from './sqlite-statements.js';
import { toStoredEvent } from './sqlite-statements.js';

/** Rows of one read and the last position it looked at (see LogPage). */
export interface RowPage {
  /** A fresh array the reader may clear as it goes. */
  readonly rows: EventRow[];
  readonly scannedTo: number;
}

export interface CursorSource {
  /** Reads up to `limit` rows after `after`; throws StoreClosedError when the store is closed. */
  readRows(after: number, limit: number): RowPage;
  readonly pageSize: number;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export class LogCursor implements AsyncIterator<StoredEvent>, AsyncIterable<StoredEvent> {
  readonly #source: CursorSource;
  #rows: (EventRow | undefined)[] = [];
  #index = 0;
  #after: number;
  #left: number;
  #lastPage = false;

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
      if (this.#index >= this.#rows.length && !this.#refill()) return Promise.resolve(DONE);
      const row = this.#rows[this.#index]!;
      // Drop the row as soon as it is converted, so the page does not keep it alive through a GC.
      this.#rows[this.#index++] = undefined;
      return Promise.resolve({ done: false, value: toStoredEvent(row) });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return(): Promise<IteratorResult<StoredEvent, undefined>> {
    this.#rows = [];
    this.#lastPage = true;
    return Promise.resolve(DONE);
  }

  #refill(): boolean {
    if (this.#lastPage || this.#left <= 0) return false;
    const limit = Math.min(this.#left, this.#source.pageSize);
    const page = this.#source.readRows(this.#after, limit);
    this.#rows = page.rows;
    this.#index = 0;
    this.#left -= page.rows.length;
    this.#after = page.scannedTo;
    this.#lastPage = page.rows.length < limit;
    return page.rows.length > 0;
  }
}
