// Every statement the store runs, prepared once per connection. Rows come back as arrays (raw
// mode): a replay of the whole log builds no intermediate row objects.
import type { Database, Statement } from 'better-sqlite3';
import { UnreadableEventError } from '../port/errors.js';
import type { EventMetadata, StoredEvent } from '../port/event-store.js';
import { parseMetadataText } from '../read/metadata-text.js';
import { EventInsert } from './sqlite-event-insert.js';

/** The `events` columns every read selects, in EventRow order. */
export const COLUMNS =
  'position, id, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash';

/** The columns before and after data and metadata, in COLUMNS order. */
type RowEnvelope = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  version: number,
];
type RowChain = [recordedAt: string, prevHash: string, hash: string];

/** One `events` row in COLUMNS order. */
export type EventRow = [...RowEnvelope, data: string, metadata: string, ...RowChain];

/**
 * An EventRow whose data and metadata are already parsed, each followed by the reading's nonce (a
 * read-ahead page, sqlite-read-ahead.ts).
 */
export type ParsedEventRow = [
  ...RowEnvelope,
  data: unknown,
  nonce: number,
  metadata: EventMetadata,
  nonce: number,
  ...RowChain,
];

/** An `events` row as verify reads it: COLUMNS, then the stored index key, checked against the id. */
export type ScannedRow = [...EventRow, idKey: number];

export type HeadRow = {
  count: number;
  last_position: number;
  last_hash: string;
  indexed_up_to: number;
  level1_count: number;
};
export type TipRow = [revision: number, position: number];
export type StoredIdentityRow = [
  id: string,
  stream: string,
  type: string,
  version: number,
  data: string,
  metadata: string,
];

/** Parameters of a filtered page; `types` is a JSON array, null for any type; `prefix` null for any stream. */
export interface FilteredRead {
  after: number;
  upTo: number;
  types: string | null;
  prefix: string | null;
  limit: number;
}

export interface Statements {
  readonly head: Statement<[], HeadRow>;
  readonly setHead: Statement<[count: number, lastPosition: number, lastHash: string]>;
  /** The last revision and position of a stream; no row for an absent stream. */
  readonly tip: Statement<[stream: string], TipRow>;
  /** The stored events at the positions in a JSON array (id-index candidates; the caller compares ids). */
  readonly storedAt: Statement<[positionsJson: string], StoredIdentityRow>;
  /** Inserts planned events, several rows a statement. */
  readonly insertEvents: EventInsert;
  readonly readAll: Statement<[after: number, limit: number], EventRow>;
  readonly readRange: Statement<[after: number, upTo: number], EventRow>;
  readonly readAllFiltered: Statement<[FilteredRead], EventRow>;
  readonly lastPosition: Statement<[], { position: number | null }>;
  /** The recorded time of the event at a position. */
  readonly recordedAtOf: Statement<[position: number], string>;
  readonly readStream: Statement<[stream: string, fromRevision: number, limit: number], EventRow>;
  readonly scanAll: Statement<[], ScannedRow>;
}

export function prepareStatements(db: Database): Statements {
  const raw = <T extends unknown[], R>(sql: string) => (db.prepare(sql) as Statement<T, R>).raw(true);
  return {
    head: db.prepare(
      'SELECT count, last_position, last_hash, indexed_up_to, level1_count FROM head WHERE one = 1',
    ),
    setHead: db.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ? WHERE one = 1'),
    // One seek into the (stream, revision) index, which holds the position too.
    tip: raw('SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
    storedAt: raw(
      'SELECT id, stream, type, version, data, metadata FROM events WHERE position IN (SELECT value FROM json_each(?))',
    ),
    insertEvents: new EventInsert(db),
    readAll: raw(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    readRange: raw(`SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position`),
    // upTo bounds the scan to one snapshot's end, so the caller can record how far it looked.
    readAllFiltered: raw(
      `SELECT ${COLUMNS} FROM events
        WHERE position > @after AND position <= @upTo
          AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
          AND (@prefix IS NULL OR substr(stream, 1, length(@prefix)) = @prefix)
        ORDER BY position LIMIT @limit`,
    ),
    lastPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
    recordedAtOf: (
      db.prepare('SELECT recorded_at FROM events WHERE position = ?') as Statement<[number], string>
    ).pluck(true),
    readStream: raw(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    scanAll: raw(`SELECT ${COLUMNS}, id_key FROM events ORDER BY position`),
  };
}

/** A parsed row as the port's StoredEvent, the same shape toStoredEvent gives. */
export function parsedToStoredEvent(row: ParsedEventRow): StoredEvent {
  return {
    id: row[1],
    type: row[4],
    version: row[5],
    data: row[6],
    metadata: row[8],
    stream: row[2],
    revision: row[3],
    position: row[0],
    recordedAt: row[10],
    hash: row[12],
    prevHash: row[11],
  };
}

/** A row as the port's StoredEvent. */
export function toStoredEvent(row: EventRow | ScannedRow): StoredEvent {
  let part: 'data' | 'metadata' = 'data';
  try {
    const data: unknown = JSON.parse(row[6]);
    part = 'metadata';
    return storedEventOf(row, data, parseMetadataText(row[7]));
  } catch (error) {
    // A row edited in the file, or a damaged page that still reads: named, not a bare parser message.
    const message = error instanceof Error ? error.message : String(error);
    throw new UnreadableEventError(
      { position: row[0], stream: row[2], type: row[4] },
      `its ${part} is not JSON (${message})`,
      { cause: error },
    );
  }
}

function storedEventOf(row: EventRow | ScannedRow, data: unknown, metadata: EventMetadata): StoredEvent {
  return {
    id: row[1],
    type: row[4],
    version: row[5],
    data,
    metadata,
    stream: row[2],
    revision: row[3],
    position: row[0],
    recordedAt: row[8],
    hash: row[10],
    prevHash: row[9],
  };
}
