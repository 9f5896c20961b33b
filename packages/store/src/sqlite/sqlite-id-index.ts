// How an append finds the events already stored under the ids it offers, without an index that every
// append rewrites at random places. Ids are random (v4 or hash-derived), so a B-tree ordered by id
// took one page write per appended event, which came to about half of what an append cost.
//
// The index is kept in levels, each in id-key order, as a log-structured merge tree keeps them:
// - the tail: events after `indexed_up_to` (head row). No table holds them; each writing connection
//   keeps their keys in memory, read from the log itself, and brings them up to date at the start of
//   every append transaction, under the write lock (another process may have appended meanwhile).
// - event_ids_1: when the tail reaches `tailLimit` events, one append moves their keys into this
//   table in one bulk insert and moves `indexed_up_to` to the log's end, in its own transaction.
// - event_ids_2: every move of a tail into event_ids_1 also moves one slice of it (the keys in one of
//   SLICES ranges of the key space, in turn) on into this one. Merging all of event_ids_1 at once
//   touched pages across the whole of event_ids_2, so that one append's pause grew with the log
//   (463 ms at 3M events; bench/tools/append-pauses.ts); a slice touches 1/SLICES of them. Which
//   slice is next is kept in `meta` (MERGE_SLICE_KEY); a file without it starts at slice 0. Should
//   event_ids_1 still pass LEVEL_1_FACTOR * 2 tails (moves of many more keys than a tail), it is
//   merged whole, as it always was before slices.
// So most appends write only the log's own pages; each key is written twice more, in bulk and in order.
// Lookups probe the tail in memory and both tables, the tables only for keys a filter of every stored
// key (sqlite-id-screen.ts) may hold. A key (sqlite-id-key.ts) is not unique: every candidate row is
// read and its full id compared by the caller.
import type { Database, Statement } from 'better-sqlite3';
import { IdScreen } from './sqlite-id-screen.js';

/** Tail events before their keys move to event_ids_1. */
export const DEFAULT_TAIL_LIMIT = 8192;
/** Key ranges of event_ids_1 that move on to event_ids_2 in turn, one per tail move. */
export const SLICES = 32;
/** event_ids_1 holds about this many tails, as each slice waits SLICES moves for its turn. */
export const LEVEL_1_FACTOR = SLICES;
/** Keys (48-bit) per slice. */
const SLICE_WIDTH = 2 ** 48 / SLICES;
/** The `meta` row naming the slice the next tail move takes on to event_ids_2. */
const MERGE_SLICE_KEY = 'id_index_next_slice';

export const ID_INDEX_TABLES = `
CREATE TABLE IF NOT EXISTS event_ids_1 (
  key      INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (key, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_ids_2 (
  key      INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (key, position)
) STRICT, WITHOUT ROWID;
`;

/**
 * The first event up to a position (the one parameter) that neither level holds: every event up to
 * `indexed_up_to` must be in one. Also run on a thread of its own by verify (sqlite-index-check.ts).
 */
export const UNINDEXED_SQL = `SELECT e.position FROM events e
  WHERE e.position <= ?
    AND NOT EXISTS (SELECT 1 FROM event_ids_1 i WHERE i.key = e.id_key AND i.position = e.position)
    AND NOT EXISTS (SELECT 1 FROM event_ids_2 i WHERE i.key = e.id_key AND i.position = e.position)
  ORDER BY e.position LIMIT 1`;

/**
 * The positions both levels hold under the keys in a JSON array (@keys). Driven from the keys, one
 * primary-key seek each: measured twice as fast as `key IN (...)`. Also run by
 * the worker of bench/tools/writer-thread-split.ts, which looks ids up as an append does.
 */
export const LEVELS_SQL = `SELECT i.position FROM json_each(@keys) k JOIN event_ids_1 i ON i.key = k.value
  UNION ALL
  SELECT i.position FROM json_each(@keys) k JOIN event_ids_2 i ON i.key = k.value`;

/** The part of the head row the index keeps. */
export interface IdIndexHead {
  readonly lastPosition: number;
  /** The head row's hash of the event at lastPosition. */
  readonly lastHash: string;
  readonly indexedUpTo: number;
  readonly level1Count: number;
}

interface IdIndexStatements {
  readonly tail: Statement<[after: number], [position: number, key: number]>;
  readonly levels: Statement<[{ keys: string }], [position: number]>;
  readonly toLevel1: Statement<[after: number]>;
  readonly toLevel2: Statement<[]>;
  readonly clearLevel1: Statement<[]>;
  readonly sliceToLevel2: Statement<[from: number, to: number]>;
  readonly clearSlice: Statement<[from: number, to: number]>;
  readonly nextSlice: Statement<[key: string], [value: string]>;
  readonly setNextSlice: Statement<[key: string, value: string]>;
  readonly setHead: Statement<[indexedUpTo: number, level1Count: number]>;
  readonly dropPast1: Statement<[end: number]>;
  readonly dropPast2: Statement<[end: number]>;
  readonly unindexed: Statement<[upTo: number], [position: number]>;
  readonly hashAt: Statement<[position: number], [hash: string]>;
}

/** What an append transaction did to the index, applied to the connection's memory after it commits. */
export interface IndexChange {
  readonly appended: readonly (readonly [key: number, position: number])[];
  readonly lastPosition: number;
  /** The new `indexed_up_to` when this append moved the tail into event_ids_1. */
  readonly mergedUpTo: number | null;
  /** The hash of the event at `lastPosition` when this append wrote it into the tail, else null. */
  readonly lastHash: string | null;
}

export class IdIndex {
  readonly #s: IdIndexStatements;
  readonly #tailLimit: number;
  /** Key to positions of the tail's events. */
  #tail = new Map<number, number[]>();
  #tailSize = 0;
  #indexedUpTo = 0;
  /** The log position the tail has been read up to; -1 before the first sync. */
  #knownUpTo = -1;
  /** The hash of the event at #knownUpTo, when the tail holds it (#knownUpTo > #indexedUpTo). */
  #knownHash: string | null = null;
  readonly #screen: IdScreen;

  constructor(db: Database, tailLimit = DEFAULT_TAIL_LIMIT) {
    this.#tailLimit = Math.max(1, Math.floor(tailLimit));
    this.#screen = new IdScreen(db);
    const raw = <T extends unknown[], R>(sql: string) => (db.prepare(sql) as Statement<T, R>).raw(true);
    this.#s = {
      tail: raw('SELECT position, id_key FROM events WHERE position > ? ORDER BY position'),
      levels: raw(LEVELS_SQL),
      toLevel1: db.prepare(
        'INSERT INTO event_ids_1 (key, position) SELECT id_key, position FROM events WHERE position > ? ORDER BY id_key, position',
      ),
      toLevel2: db.prepare(
        'INSERT INTO event_ids_2 (key, position) SELECT key, position FROM event_ids_1 ORDER BY key, position',
      ),
      clearLevel1: db.prepare('DELETE FROM event_ids_1'),
      sliceToLevel2: db.prepare(
        'INSERT INTO event_ids_2 (key, position) SELECT key, position FROM event_ids_1 WHERE key >= ? AND key < ? ORDER BY key, position',
      ),
      clearSlice: db.prepare('DELETE FROM event_ids_1 WHERE key >= ? AND key < ?'),
      nextSlice: raw('SELECT value FROM meta WHERE key = ?'),
      setNextSlice: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      setHead: db.prepare('UPDATE head SET indexed_up_to = ?, level1_count = ? WHERE one = 1'),
      dropPast1: db.prepare('DELETE FROM event_ids_1 WHERE position > ?'),
      dropPast2: db.prepare('DELETE FROM event_ids_2 WHERE position > ?'),
      unindexed: raw(UNINDEXED_SQL),
      hashAt: raw('SELECT hash FROM events WHERE position = ?'),
    };
  }

  /**
   * Inside the write transaction: reads into memory the keys of tail events this connection has not
   * seen (appended by another connection or process), or the whole tail after another connection
   * moved it into event_ids_1. A log that no longer holds the tail's events (cut back outside kb,
   * and perhaps written on since to the same length or past it) is told by a shorter log or another
   * hash at the tail's end: the whole tail is read again, and the screen starts again.
   */
  sync(written: IdIndexHead): IdIndexHead {
    const head = written.indexedUpTo > written.lastPosition ? this.#dropPastEnd(written) : written;
    // The hash at the tail's end is the head's own while nobody else appended: a string compare.
    // After others appended it is read back, once.
    const changed =
      head.lastPosition < this.#knownUpTo ||
      (this.#knownUpTo > this.#indexedUpTo &&
        this.#knownHash !==
          (head.lastPosition === this.#knownUpTo
            ? head.lastHash
            : (this.#s.hashAt.get(this.#knownUpTo)?.[0] ?? null)));
    if (changed) this.#screen.drop();
    if (this.#knownUpTo < 0 || head.indexedUpTo !== this.#indexedUpTo || changed) {
      this.#tail = new Map();
      this.#tailSize = 0;
      this.#indexedUpTo = head.indexedUpTo;
      this.#knownUpTo = head.indexedUpTo;
      this.#knownHash = null;
    }
    // The rows read here are the screen's too: it reads the log itself only before them.
    const readAfter = this.#knownUpTo;
    let read: readonly (readonly [position: number, key: number])[] = [];
    if (head.lastPosition > readAfter) {
      read = this.#s.tail.all(readAfter);
      for (const [position, key] of read) this.#add(key, position);
      this.#knownUpTo = head.lastPosition;
      this.#knownHash = head.lastHash;
    }
    this.#screen.follow(head.lastPosition, Math.min(readAfter, head.lastPosition), read);
    return head;
  }

  /**
   * The head row says the tables hold events past the log's end: the log was cut back outside kb
   * below `indexed_up_to`, the head rewritten to its new end. Events appended at those positions
   * again would be taken as indexed and never looked up, so a retried one would be stored twice.
   * The tables' rows past the end (the cut events' keys) are dropped and `indexed_up_to` set to the
   * end, in the append's transaction, so the index again holds exactly the events up to it.
   */
  #dropPastEnd(head: IdIndexHead): IdIndexHead {
    const end = head.lastPosition;
    const dropped = this.#s.dropPast1.run(end).changes;
    this.#s.dropPast2.run(end);
    const level1Count = Math.max(0, head.level1Count - dropped);
    this.#s.setHead.run(end, level1Count);
    this.#screen.drop();
    return { ...head, indexedUpTo: end, level1Count };
  }

  /** Positions of stored events whose id key is one of `keys`: the tail's, then the tables'. Call after sync. */
  candidates(keys: Iterable<number>): number[] {
    const positions: number[] = [];
    const offered: number[] = [];
    for (const key of keys) {
      offered.push(key);
      const hits = this.#tail.get(key);
      if (hits !== undefined) positions.push(...hits);
    }
    const probe = this.#screen.toLookUp(offered, this.#indexedUpTo, this.#knownUpTo, () => this.#tail.keys());
    if (probe.length > 0)
      for (const [position] of this.#s.levels.all({ keys: JSON.stringify(probe) })) positions.push(position);
    return positions;
  }

  /**
   * Still inside the write transaction, after the events are inserted: moves the tail into event_ids_1
   * when it has grown to the limit, and one slice of event_ids_1 on into event_ids_2. `lastHash`:
   * the hash of the last event appended, which the tail's end then holds.
   */
  afterInsert(
    head: IdIndexHead,
    appended: readonly (readonly [key: number, position: number])[],
    lastHash: string,
  ): IndexChange {
    const last = appended.at(-1);
    if (last === undefined)
      return { appended, lastPosition: head.lastPosition, mergedUpTo: null, lastHash: this.#knownHash };
    const lastPosition = last[1];
    if (this.#tailSize + appended.length < this.#tailLimit)
      return { appended, lastPosition, mergedUpTo: null, lastHash };
    const moved = this.#s.toLevel1.run(head.indexedUpTo).changes;
    let level1Count = head.level1Count + moved;
    if (level1Count > this.#tailLimit * LEVEL_1_FACTOR * 2) {
      this.#s.toLevel2.run();
      this.#s.clearLevel1.run();
      level1Count = 0;
    } else {
      level1Count -= this.#moveSlice();
    }
    this.#s.setHead.run(lastPosition, level1Count);
    return { appended, lastPosition, mergedUpTo: lastPosition, lastHash: null };
  }

  /** Moves the next slice of event_ids_1 into event_ids_2 and turns to the one after; returns how many keys moved. */
  #moveSlice(): number {
    const stored = Number(this.#s.nextSlice.get(MERGE_SLICE_KEY)?.[0] ?? 0);
    const slice = Number.isInteger(stored) && stored >= 0 && stored < SLICES ? stored : 0;
    const from = slice * SLICE_WIDTH;
    const to = from + SLICE_WIDTH;
    const moved = this.#s.sliceToLevel2.run(from, to).changes;
    this.#s.clearSlice.run(from, to);
    this.#s.setNextSlice.run(MERGE_SLICE_KEY, String((slice + 1) % SLICES));
    return moved;
  }

  /** After the transaction committed: the connection's memory follows what it wrote. */
  committed(change: IndexChange): void {
    if (change.mergedUpTo !== null) {
      this.#tail = new Map();
      this.#tailSize = 0;
      this.#indexedUpTo = change.mergedUpTo;
    } else {
      for (const [key, position] of change.appended) this.#add(key, position);
    }
    if (change.lastPosition >= this.#knownUpTo) {
      this.#knownUpTo = change.lastPosition;
      this.#knownHash = change.lastHash;
    }
    this.#screen.committed(change.appended);
  }

  /** For verify: the first event up to `indexedUpTo` that neither table holds, or null. */
  firstUnindexed(indexedUpTo: number): number | null {
    const row = this.#s.unindexed.get(indexedUpTo);
    return row === undefined ? null : row[0];
  }

  #add(key: number, position: number): void {
    const hits = this.#tail.get(key);
    if (hits === undefined) this.#tail.set(key, [position]);
    else hits.push(position);
    this.#tailSize++;
  }
}
