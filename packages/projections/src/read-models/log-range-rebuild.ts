import { currentVersion } from '@kb/domain';
import { SQLITE_EVENT_COLUMNS, type SqliteEventRow, storedEventOfRow } from '@kb/store';
import type { Database, Statement } from 'better-sqlite3';
import { FROM_STORE, type RecordedEvent, toRecordedEvent } from '../events/recorded-event.js';
import {
  type EventAt,
  notJsonIn,
  readingEvent,
  type StoredTexts,
  UnreadableEventError,
} from '../events/unreadable-event.js';
import { missionKey } from './claim-row.js';

// How a rebuild reads the log: by ranges of positions straight from the `events` table beside the
// read models (claim rows already join to it, claim-row.ts), rather than through the port.
//
// Nearly all of a log is ClaimRecorded, and a claim's read-model row needs three of its fields
// (claim id, mission, the claim it answers); the rest of the claim is read from the log at query
// time. So a range's claims at the newest version are never handed to JavaScript whole: SQLite reads
// those three fields from the stored JSON and writes the rm_claims rows itself. Their ids come back
// as one JSON array, for the duplicate check and for the events that name them later. The range's
// other events are decoded and folded as a catch-up folds them (chunk-plan.ts), with these claims
// known from their positions on.
//
// The rules evolve applies to a ClaimRecorded are kept for those rows: the first registration of an
// id wins (SqliteReadModels.rebuildRange deletes a later one's row), and a claim is indexed under
// the mission and the target it was recorded with. A range holding a ClaimRecorded at an older
// version, which must be upcast, is folded whole in JavaScript instead. The property and runner
// tests compare every rebuild with the in-memory fold and with catch-ups, which never take this path.

/** One range of the log, read for a rebuild. */
export interface LogRange {
  /** Position of the range's last event (the checkpoint once it is applied); null when it holds none. */
  readonly last: number | null;
  /** How many events the range holds. */
  readonly count: number;
  /** Events to fold in JavaScript, decoded: every event but the claims SQLite wrote. */
  readonly events: RecordedEvent[];
  /** The claims whose rows SQLite wrote, in position order. */
  readonly written: WrittenClaims;
}

/** Claims as two lists: the i-th claim is `ids[i]` at `positions[i]`. */
export interface WrittenClaims {
  readonly positions: readonly number[];
  readonly ids: readonly string[];
}

/** Reads ranges of the log for a rebuild, writing their newest-version claims' rows (SqliteReadModels.rebuildRange). */
export class LogRangeReader {
  readonly #s: {
    next: Statement;
    rest: Statement;
    all: Statement;
    writeClaims: Statement;
    written: Statement;
    deleteClaims: Statement;
    badClaim: Statement;
  };

  constructor(db: Database) {
    db.function('kb_mission_key', { deterministic: true }, (id) => missionKey(String(id)));
    const version = currentVersion('ClaimRecorded');
    const inRange = 'position > @after AND position <= @last';
    const newest = `type = 'ClaimRecorded' AND version = ${version}`;
    this.#s = {
      next: db.prepare('SELECT min(position) FROM events WHERE position > ?').pluck(),
      rest: db
        .prepare(
          `SELECT ${SQLITE_EVENT_COLUMNS} FROM events WHERE ${inRange} AND NOT (${newest}) ORDER BY position`,
        )
        .raw(),
      all: db.prepare(`SELECT ${SQLITE_EVENT_COLUMNS} FROM events WHERE ${inRange} ORDER BY position`).raw(),
      writeClaims: db.prepare(
        `INSERT INTO rm_claims (position, id, mission_key, mission_id, history, responds_to)
         SELECT position, data ->> 'claimId', kb_mission_key(data ->> 'missionId'), data ->> 'missionId', '',
           data ->> 'respondsTo'
         FROM events WHERE ${inRange} AND ${newest} ORDER BY position`,
      ),
      // As two JSON arrays: one parse each costs far less than a row object per claim.
      written: db
        .prepare(
          `SELECT json_group_array(position), json_group_array(id)
           FROM (SELECT position, id FROM rm_claims WHERE ${inRange} ORDER BY position)`,
        )
        .raw(),
      deleteClaims: db.prepare('DELETE FROM rm_claims WHERE position IN (SELECT value FROM json_each(?))'),
      badClaim: db.prepare(
        `SELECT position, stream, type, data, metadata FROM events WHERE ${inRange} AND ${newest}
           AND CASE WHEN json_valid(data) THEN data ->> 'claimId' IS NULL OR data ->> 'missionId' IS NULL ELSE 1 END
         ORDER BY position LIMIT 1`,
      ),
    };
  }

  /** The position of the first event after `after`; null when there is none. */
  next(after: number): number | null {
    return (this.#s.next.get(after) as number | null) ?? null;
  }

  /**
   * Reads the range of positions (after, last], which may hold fewer events than it spans, and
   * writes the rm_claims rows of its newest-version claims; the other events come back decoded. If
   * the range holds an older-version claim, nothing is written and every event comes back decoded.
   * Call inside the transaction that applies the range.
   */
  read(after: number, last: number): LogRange {
    const bounds = { after, last };
    const rows = this.#s.rest.all(bounds) as SqliteEventRow[];
    if (rows.some((row) => row[4] === 'ClaimRecorded')) {
      const events = this.#decode(this.#s.all.all(bounds) as SqliteEventRow[]);
      return { last: events.at(-1)?.envelope.position ?? null, count: events.length, events, written: NONE };
    }
    try {
      this.#s.writeClaims.run(bounds);
    } catch (error) {
      throw this.#badClaim(bounds, error);
    }
    const [positions, ids] = this.#s.written.get(bounds) as [string, string];
    const written = { positions: JSON.parse(positions) as number[], ids: JSON.parse(ids) as string[] };
    const events = this.#decode(rows);
    const end = Math.max(
      written.positions.at(-1) ?? -Infinity,
      events.at(-1)?.envelope.position ?? -Infinity,
    );
    return {
      last: Number.isFinite(end) ? end : null,
      count: events.length + written.ids.length,
      events,
      written,
    };
  }

  /** Deletes the rows of claims written at `positions` (later registrations of an id). */
  deleteClaims(positions: readonly number[]): void {
    this.#s.deleteClaims.run(JSON.stringify(positions));
  }

  /**
   * The error for a range whose claims could not be read or written: names the event if it can
   * (UnreadableEventError), else `error` as it is.
   */
  #badClaim(bounds: { after: number; last: number }, error: unknown): unknown {
    const row = this.#s.badClaim.get(bounds) as (EventAt & StoredTexts) | undefined;
    if (row === undefined) return error;
    const at = { position: row.position, stream: row.stream, type: row.type };
    return (
      notJsonIn(at, row) ??
      new UnreadableEventError(at, 'its data has no claimId or missionId', { cause: error })
    );
  }

  #decode(rows: SqliteEventRow[]): RecordedEvent[] {
    return rows.map((row) =>
      readingEvent(
        { position: row[0], stream: row[2], type: row[4] },
        () => toRecordedEvent(storedEventOfRow(row), FROM_STORE),
        { data: row[6], metadata: row[7] },
      ),
    );
  }
}

const NONE: WrittenClaims = { positions: [], ids: [] };
