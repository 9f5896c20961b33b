// Which of the keys an append offers must be looked up in the id index's tables (sqlite-id-index.ts).
// A lookup is a seek in each of the two tables: about 0.6 µs a key in a store of 50,000 events and
// 2.1 µs in one of 1.16M, against 0.18 µs a key to read the tables through. Each writing connection
// keeps a Bloom filter (sqlite-key-filter.ts) of the keys of every event up to a position, and looks
// up only the keys it may hold: in an ingest of new claims, nearly none.
//
// The filter holds every stored key, or it would wrongly let an id be stored twice:
// - the tables' keys (every event up to indexed_up_to) are read by key range, a part in each append
//   transaction, and only keys below the range read so far are screened. A key never leaves the
//   tables, and one moves between them in one transaction, so a range read once stays read.
// - the tail's keys (the events after indexed_up_to, which the index keeps in memory) when it starts;
// - then every event after: this connection's own after they commit, others' read from the log at
//   the start of each append transaction, under the write lock.
// Starting costs nothing on a new file. On a file with events, a connection starts once it has
// looked up an eighth as many keys as the tables hold, so that a small ingest into a large store
// reads nothing more than it did, and then reads the tables SCAN_KEYS_PER_APPEND keys at a time.
import type { Database, Statement } from 'better-sqlite3';
import { KeyFilter } from './sqlite-key-filter.js';

const KEY_SPACE = 2 ** 48;
/**
 * Table keys read in each append transaction until all are read: about 6 ms in a store of 1.16M
 * events. The ranges are sized for keys spread evenly, as v4 and v8 UUIDs' are; keys bunched in
 * one range (v7 UUIDs begin with the time) are read in fewer, longer transactions.
 */
const SCAN_KEYS_PER_APPEND = 32_768;

export class IdScreen {
  readonly #rangeKeys: Statement<[{ from: number; to: number }], number>;
  readonly #logKeys: Statement<[after: number, upTo: number], number>;
  readonly #scanKeys: number;
  #filter: KeyFilter | undefined;
  /** Every event up to this position has its key in the filter, or in a key range still to read. */
  #upTo = 0;
  /** Keys below this were read from both tables. */
  #scannedTo = 0;
  /** Keys looked up while there was no filter. */
  #lookedUp = 0;

  constructor(db: Database, scanKeysPerAppend = SCAN_KEYS_PER_APPEND) {
    // Plucked: the keys come back as numbers, not as a row array each (2.4 times as fast to read).
    const pluck = <T extends unknown[]>(sql: string) => (db.prepare(sql) as Statement<T, number>).pluck();
    this.#rangeKeys = pluck(
      'SELECT key FROM event_ids_1 WHERE key >= @from AND key < @to UNION ALL SELECT key FROM event_ids_2 WHERE key >= @from AND key < @to',
    );
    this.#logKeys = pluck('SELECT id_key FROM events WHERE position > ? AND position <= ?');
    this.#scanKeys = Math.max(1, Math.floor(scanKeysPerAppend));
  }

  /** Whether the filter has read every key of both tables. */
  get complete(): boolean {
    return this.#filter !== undefined && this.#scannedTo >= KEY_SPACE;
  }

  /**
   * Inside the write transaction, before the lookups: takes in the keys of events other connections
   * appended since. `read`: the rows after `readAfter` up to the log's end, which the caller has
   * already read from the log (the id index's tail); only the events before them are read here. A
   * log shorter than the filter knows (the file was replaced) drops it.
   */
  follow(
    lastPosition: number,
    readAfter = lastPosition,
    read: readonly (readonly [position: number, key: number])[] = [],
  ): void {
    const filter = this.#filter;
    if (filter === undefined) return;
    if (lastPosition < this.#upTo) {
      this.#filter = undefined;
      return;
    }
    if (lastPosition === this.#upTo) return;
    if (this.#upTo < readAfter) for (const key of this.#logKeys.all(this.#upTo, readAfter)) filter.add(key);
    for (const [position, key] of read) if (position > this.#upTo) filter.add(key);
    this.#upTo = lastPosition;
  }

  /**
   * The offered keys to look up in the tables. `indexedUpTo`: events up to it are in the tables;
   * `tail`: the keys of every event after it, up to `lastPosition`, the log's end.
   */
  toLookUp(
    offered: readonly number[],
    indexedUpTo: number,
    lastPosition: number,
    tail: () => Iterable<number>,
  ): readonly number[] {
    let filter = this.#filter;
    if (filter === undefined) {
      this.#lookedUp += offered.length;
      if (this.#lookedUp * 8 < indexedUpTo) return offered;
      filter = new KeyFilter(lastPosition);
      for (const key of tail()) filter.add(key);
      this.#filter = filter;
      this.#upTo = lastPosition;
      this.#scannedTo = 0;
    }
    if (this.#scannedTo < KEY_SPACE) {
      const width = indexedUpTo > this.#scanKeys ? (KEY_SPACE * this.#scanKeys) / indexedUpTo : KEY_SPACE;
      const to = Math.min(KEY_SPACE, this.#scannedTo + Math.max(1, Math.floor(width)));
      for (const key of this.#rangeKeys.all({ from: this.#scannedTo, to })) filter.add(key);
      this.#scannedTo = to;
    }
    const scannedTo = this.#scannedTo;
    const held = filter;
    return offered.filter((key) => key >= scannedTo || held.mayHold(key));
  }

  /** Drops what was read, as for a shorter log: the log no longer holds the events it read (sqlite-id-index.ts). */
  drop(): void {
    this.#filter = undefined;
  }

  /** After the transaction committed: the keys it wrote, when they follow on from the filter's end. */
  committed(appended: readonly (readonly [key: number, position: number])[]): void {
    const filter = this.#filter;
    const first = appended[0];
    if (filter === undefined || first === undefined || first[1] !== this.#upTo + 1) return;
    for (const [key] of appended) filter.add(key);
    this.#upTo = appended.at(-1)![1];
  }
}
