// The INSERT of an append's events, ROWS_PER_INSERT rows per statement. A value that every row of
// one statement holds is bound once, as a named parameter each of those rows refers to, instead of
// once a row: binding a text costs the driver a conversion and a copy, whatever SQLite stores. Which
// values qualify is checked for each statement, among the recorded time (the same throughout an
// append), the stream (the same throughout a write), the type, the version and the metadata. An
// append of 100 events of one type to one stream under one metadata text then binds 7 values an
// event instead of 12, about 0.4 µs an event less on the peer bench's appends of 100
// (docs/architecture.md). Rows are stored exactly as when every value is bound on its own.
import type { Database, Statement } from 'better-sqlite3';
import type { PlannedEvent } from '../append/plan-batch.js';
import { ROWS_PER_INSERT } from './multi-row-insert.js';

// A statement's shared values, as bits.
const STREAM = 1;
const TYPE = 2;
const VERSION = 4;
const METADATA = 8;
const RECORDED_AT = 16;

/** The values that may be shared: column, the planned event's member, bit. */
const SHAREABLE = [
  ['stream', 'stream', STREAM],
  ['type', 'type', TYPE],
  ['version', 'version', VERSION],
  ['metadata', 'metadataJson', METADATA],
  ['recorded_at', 'recordedAt', RECORDED_AT],
] as const satisfies readonly (readonly [string, keyof PlannedEvent, number])[];

type SharedName = (typeof SHAREABLE)[number][0];

/** The `events` columns in insert order; a shareable one is bound per row when not shared. */
export const INSERT_COLUMNS = [
  'position',
  'id',
  'stream',
  'revision',
  'type',
  'version',
  'data',
  'metadata',
  'recorded_at',
  'prev_hash',
  'hash',
  'id_key',
] as const;

/** Inserts planned events; statements are prepared on first use, one per row count and shared set. */
export class EventInsert {
  readonly #db: Database;
  readonly #statements = new Map<number, Statement<unknown[]>>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Inserts `events`; `keys` holds each one's id index key, in the same order. */
  run(events: readonly PlannedEvent[], keys: readonly number[]): void {
    for (let from = 0; from < events.length; from += ROWS_PER_INSERT) {
      const to = Math.min(events.length, from + ROWS_PER_INSERT);
      // A single row binds each value once anyway.
      const shared = to - from > 1 ? sharedMask(events, from, to) : 0;
      // The driver takes the named parameters as one object among the positional values.
      const values: unknown[] = shared === 0 ? [] : [namedValues(events[from]!, shared)];
      for (let i = from; i < to; i++) {
        const e = events[i]!;
        values.push(e.position, e.id);
        if ((shared & STREAM) === 0) values.push(e.stream);
        values.push(e.revision);
        if ((shared & TYPE) === 0) values.push(e.type);
        if ((shared & VERSION) === 0) values.push(e.version);
        values.push(e.dataJson);
        if ((shared & METADATA) === 0) values.push(e.metadataJson);
        if ((shared & RECORDED_AT) === 0) values.push(e.recordedAt);
        values.push(e.prevHash, e.hash, keys[i]!);
      }
      this.#statement(to - from, shared).run(...values);
    }
  }

  #statement(rows: number, shared: number): Statement<unknown[]> {
    const key = rows * (1 << SHAREABLE.length) + shared;
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      const row = `(${INSERT_COLUMNS.map((c) => (isShared(c, shared) ? `@${c}` : '?')).join(', ')})`;
      const sql = `INSERT INTO events (${INSERT_COLUMNS.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`;
      statement = this.#db.prepare(sql);
      this.#statements.set(key, statement);
    }
    return statement;
  }
}

function isShared(column: string, shared: number): boolean {
  return SHAREABLE.some(([name, , bit]) => name === column && (shared & bit) !== 0);
}

/** The bits of the shareable values that rows from..to-1 all hold alike. */
function sharedMask(events: readonly PlannedEvent[], from: number, to: number): number {
  let mask = 0;
  const first = events[from]!;
  for (const [, member, bit] of SHAREABLE) {
    const value = first[member];
    let i = from + 1;
    while (i < to && events[i]![member] === value) i++;
    if (i === to) mask |= bit;
  }
  return mask;
}

/** The named parameters of a statement: the shared values, taken from its first row. */
function namedValues(first: PlannedEvent, shared: number): Partial<Record<SharedName, unknown>> {
  const named: Partial<Record<SharedName, unknown>> = {};
  for (const [column, member, bit] of SHAREABLE) if ((shared & bit) !== 0) named[column] = first[member];
  return named;
}
