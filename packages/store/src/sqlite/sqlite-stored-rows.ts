// The events table row by row as it is stored, for an auditor looking at the log itself (kb log).
// readAll gives the port's StoredEvent and fails on a row whose JSON does not parse, which is just
// the row an auditor sent by `kb verify` wants to see: here such a row comes back with its text.
import type { Database, Statement } from 'better-sqlite3';
import type { EventMetadata, StoredEvent } from '../port/event-store.js';
import { isDamage } from './sqlite-file-check.js';
import { COLUMNS, type EventRow } from './sqlite-statements.js';

/**
 * One stored event. Where its data or metadata is not valid JSON, that field is null, the text is
 * given as it is stored (`dataText`, `metadataText`), and `unreadable` names the field.
 */
export type StoredRow = Omit<StoredEvent, 'data' | 'metadata'> & {
  readonly data: unknown;
  readonly metadata: EventMetadata | null;
  readonly unreadable?: readonly ('data' | 'metadata')[];
  readonly dataText?: string;
  readonly metadataText?: string;
};

export interface StoredRowsQuery {
  /** Rows after this position. */
  readonly after: number;
  readonly type?: string;
  /** An exact stream name. */
  readonly stream?: string;
  /**
   * Leave each event's data unread (`data` null, never unreadable): for a reader of the envelope
   * alone (kb log --runs sums positions, types, metadata and times), which spares parsing it.
   */
  readonly withoutData?: boolean;
}

// Rows per read: each page is a read of its own, so no statement stays open between pages.
const PAGE = 1000;

const TYPE = '(@type IS NULL OR type = @type)';
// Data left unread is the JSON text null, in its place among the columns.
const WITHOUT_DATA = COLUMNS.replace(/\bdata\b/, "'null' AS data");
// The whole log in position order; one stream through its (stream, revision) index, whose revision
// order is its position order, so a stream's rows are found without reading the log.
const all = (columns: string) =>
  `SELECT ${columns} FROM events WHERE position > @after AND ${TYPE} ORDER BY position LIMIT ${PAGE}`;
const ofStream = (
  columns: string,
) => `SELECT ${columns} FROM events WHERE stream = @stream AND position > @after
  AND ${TYPE} ORDER BY revision LIMIT ${PAGE}`;

/** The rows matching `query` in position order, read a page at a time. */
export function* storedRows(db: Database, query: StoredRowsQuery): Generator<StoredRow> {
  const columns = query.withoutData === true ? WITHOUT_DATA : COLUMNS;
  const sql = query.stream === undefined ? all(columns) : ofStream(columns);
  const statement = (db.prepare(sql) as Statement<[object], EventRow>).raw(true);
  let after = query.after;
  for (;;) {
    const params = { after, type: query.type ?? null, stream: query.stream ?? null };
    let rows: EventRow[];
    try {
      rows = statement.all(params);
    } catch (error) {
      // A page SQLite cannot read fails the page's read whole: the rows before that page of the file
      // are given first (a reader wanting no more never meets the damage), then the failure.
      if (!isDamage(error)) throw error;
      for (const row of rowsBefore(statement, params)) yield storedRow(row);
      throw error;
    }
    for (const row of rows) yield storedRow(row);
    if (rows.length < PAGE) return;
    after = rows.at(-1)![0];
  }
}

/** The rows `statement` gives, one at a time, up to the first it cannot read. */
function rowsBefore(statement: Statement<[object], EventRow>, params: object): EventRow[] {
  const rows: EventRow[] = [];
  try {
    for (const row of statement.iterate(params)) rows.push(row);
  } catch {
    // The failure met by the whole read, which the caller throws.
  }
  return rows;
}

function storedRow(row: EventRow): StoredRow {
  const [position, id, stream, revision, type, version, dataText, metadataText, recordedAt, prevHash, hash] =
    row;
  const data = parsed(dataText);
  const metadata = parsed(metadataText);
  const unreadable = [
    ...(data.ok ? [] : (['data'] as const)),
    ...(metadata.ok ? [] : (['metadata'] as const)),
  ];
  return {
    id,
    type,
    version,
    data: data.ok ? data.value : null,
    metadata: metadata.ok ? (metadata.value as EventMetadata) : null,
    stream,
    revision,
    position,
    recordedAt,
    hash,
    prevHash,
    ...(unreadable.length === 0
      ? {}
      : {
          unreadable,
          ...(data.ok ? {} : { dataText }),
          ...(metadata.ok ? {} : { metadataText }),
        }),
  };
}

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
