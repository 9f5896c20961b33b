import { currentVersion } from '@kb/domain';
import { SQLITE_EVENT_COLUMNS, type SqliteEventRow, storedEventOfRow } from '@kb/store';
import type { Database, Statement } from 'better-sqlite3';
import { type RecordedEvent, toRecordedEvent } from '../events/recorded-event.js';
import { missionKey } from './claim-row.js';

// How a rebuild reads the log: by ranges of positions straight from the `events` table beside the
// read models (claim rows already join to it, claim-row.ts), rather than through the port.
//
// Nearly all of a log is ClaimRecorded, and a claim's read-model row needs three of its fields
// (claim id, mission, the claim it responds to); the rest of the claim is read from the log at query
// time. So a range's claims at the newest version are not handed to JavaScript whole: SQLite reads
// those three fields from the stored JSON into a staging table, and the rows of rm_claims and
// rm_claim_responses are written from there, in SQL. The range's other events are decoded and folded
// as a catch-up folds them (chunk-plan.ts), with the staged claims known from their positions on.
//
// The rules evolve applies to a ClaimRecorded are kept here for the staged claims: the first
// registration of an id wins (a later one writes nothing), a claim is indexed under the mission it
// was recorded with, and under the claim it responds to. A range holding a ClaimRecorded at an older
// version, which must be upcast, is folded whole in JavaScript instead. The property and runner tests
// compare every rebuild with the in-memory fold and with catch-ups, which never take this path.

/** The rows of one range of the log: the events to fold, and the newest-version claims SQL staged. */
export interface LogRange {
  /** Position of the range's last event (the checkpoint once it is applied); null when it holds none. */
  readonly last: number | null;
  /** How many events the range holds. */
  readonly count: number;
  /** Events to fold in JavaScript, decoded; every event of the range when `staged` is empty. */
  readonly events: RecordedEvent[];
  /** The range's newest-version claims in position order, read by SQLite into the staging table. */
  readonly staged: StagedClaims;
}

/** Claims as two lists: the i-th claim is `ids[i]` at `positions[i]`. */
export interface StagedClaims {
  readonly positions: readonly number[];
  readonly ids: readonly string[];
}

// The connection's own temporary table: nothing outside this connection's rebuild sees it. It
// holds a row per event of the range, so the range is scanned once: `kind` is 1 for a ClaimRecorded
// at the newest version (with the three fields read from its JSON), 2 for one at an older version,
// and 0 for any other event.
const STAGE = `CREATE TEMP TABLE IF NOT EXISTS rm_rebuild_stage (
  position    INTEGER PRIMARY KEY,
  kind        INTEGER NOT NULL,
  id          TEXT,
  mission_id  TEXT,
  responds_to TEXT
) STRICT`;

const FROM_STORE = { trusted: true } as const;

/** Reads and stages ranges of the log for a rebuild (SqliteReadModels.rebuildRange). */
export class LogRangeReader {
  readonly #s: {
    next: Statement;
    stage: Statement;
    olderClaim: Statement;
    staged: Statement;
    span: Statement;
    rest: Statement;
    all: Statement;
    insertClaims: Statement;
    insertResponses: Statement;
    clear: Statement;
    badClaim: Statement;
  };

  constructor(db: Database) {
    db.exec(STAGE);
    db.function('kb_mission_key', { deterministic: true }, (id) => missionKey(String(id)));
    const version = currentVersion('ClaimRecorded');
    const inRange = 'position > @after AND position <= @last';
    const newest = `type = 'ClaimRecorded' AND version = ${version}`;
    const field = (name: string) => `CASE WHEN ${newest} THEN data ->> '${name}' END`;
    this.#s = {
      next: db.prepare('SELECT min(position) FROM events WHERE position > ?').pluck(),
      stage: db.prepare(
        `INSERT INTO rm_rebuild_stage (position, kind, id, mission_id, responds_to)
         SELECT position, CASE WHEN type <> 'ClaimRecorded' THEN 0 WHEN version = ${version} THEN 1 ELSE 2 END,
           ${field('claimId')}, ${field('missionId')}, ${field('respondsTo')}
         FROM events WHERE ${inRange}`,
      ),
      olderClaim: db.prepare('SELECT 1 FROM rm_rebuild_stage WHERE kind = 2 LIMIT 1').pluck(),
      span: db.prepare('SELECT max(position), count(*) FROM rm_rebuild_stage').raw(),
      // As two JSON arrays: one parse each costs far less than a row object per claim.
      staged: db
        .prepare(
          `SELECT json_group_array(position), json_group_array(id)
           FROM (SELECT position, id FROM rm_rebuild_stage WHERE kind = 1 ORDER BY position)`,
        )
        .raw(),
      rest: db
        .prepare(
          `SELECT ${SQLITE_EVENT_COLUMNS} FROM events
           WHERE position IN (SELECT position FROM rm_rebuild_stage WHERE kind <> 1) ORDER BY position`,
        )
        .raw(),
      all: db.prepare(`SELECT ${SQLITE_EVENT_COLUMNS} FROM events WHERE ${inRange} ORDER BY position`).raw(),
      // Duplicates (ids registered before) are left out by position, given as a JSON array.
      insertClaims: db.prepare(
        `INSERT INTO rm_claims (position, id, mission_key, mission_id, history)
         SELECT position, id, kb_mission_key(mission_id), mission_id, '' FROM rm_rebuild_stage
         WHERE kind = 1 AND position NOT IN (SELECT value FROM json_each(@skip)) ORDER BY position`,
      ),
      insertResponses: db.prepare(
        `INSERT INTO rm_claim_responses (target_id, position)
         SELECT responds_to, position FROM rm_rebuild_stage
         WHERE kind = 1 AND responds_to IS NOT NULL AND position NOT IN (SELECT value FROM json_each(@skip))`,
      ),
      clear: db.prepare('DELETE FROM rm_rebuild_stage'),
      badClaim: db
        .prepare(
          `SELECT position FROM events WHERE ${inRange} AND ${newest} AND CASE WHEN json_valid(data)
             THEN data ->> 'claimId' IS NULL OR data ->> 'missionId' IS NULL ELSE 1 END
           ORDER BY position LIMIT 1`,
        )
        .pluck(),
    };
  }

  /** The position of the first event after `after`; null when there is none. */
  next(after: number): number | null {
    return (this.#s.next.get(after) as number | null) ?? null;
  }

  /**
   * Reads the range of positions (after, last], which may hold fewer events than it spans. Its
   * newest-version claims stay in the staging table for `writeStaged`, and the other events come
   * back decoded; if the range holds an older-version claim, every event comes back decoded instead.
   * Call inside the transaction that applies the range.
   */
  read(after: number, last: number): LogRange {
    const bounds = { after, last };
    this.#s.clear.run();
    try {
      this.#s.stage.run(bounds);
    } catch (error) {
      throw this.#badClaim(bounds, error);
    }
    const [end, count] = this.#s.span.get() as [number | null, number];
    if (this.#s.olderClaim.get() !== undefined) {
      this.#s.clear.run();
      const events = this.#decode(this.#s.all.all(bounds) as SqliteEventRow[]);
      return { last: end, count, events, staged: { positions: [], ids: [] } };
    }
    const [positions, ids] = this.#s.staged.get() as [string, string];
    const staged = { positions: JSON.parse(positions) as number[], ids: JSON.parse(ids) as string[] };
    const events = this.#decode(this.#s.rest.all() as SqliteEventRow[]);
    return { last: end, count, events, staged };
  }

  /** Writes the staged claims' rows, leaving out those at `skip` (ids registered earlier). */
  writeStaged(skip: readonly number[], bounds: { after: number; last: number }): void {
    const params = { skip: JSON.stringify(skip) };
    try {
      this.#s.insertClaims.run(params);
    } catch (error) {
      throw this.#badClaim(bounds, error);
    }
    this.#s.insertResponses.run(params);
    this.#s.clear.run();
  }

  /** The error for a range whose staged claims could not be read or written: names the event if it can. */
  #badClaim(bounds: { after: number; last: number }, error: unknown): unknown {
    const position = this.#s.badClaim.get(bounds) as number | undefined;
    if (position === undefined) return error;
    return new Error(
      `read models: the ClaimRecorded at position ${position} has no readable claimId or missionId; run kb verify to check the log`,
      { cause: error },
    );
  }

  #decode(rows: SqliteEventRow[]): RecordedEvent[] {
    return rows.map((row) => toRecordedEvent(storedEventOfRow(row), FROM_STORE));
  }
}
