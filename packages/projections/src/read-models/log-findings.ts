import type { Database } from 'better-sqlite3';
import type { HashedLogCut } from './log-cut.js';

// A log rewritten or cut back (its head row set to match) verifies on its own; the one trace left in
// the file is the read models' checkpoint hash, the hash of the last event they applied, which the
// log no longer holds. A command that finds that rebuilds the read models, and the rebuild drops the
// checkpoint with them. So the finding is kept first, in a table of its own that no rebuild or layout
// change drops (it is not one of READ_MODEL_TABLES), one row a finding, only ever added to: when, at
// which position, the hash the read models applied there and the one the log holds there now (null:
// none), and where the log ended. `kb verify` reports them. Anyone who can edit the file can delete
// them too; a missing table proves nothing, a row is a lasting note of what a command saw.

/** The table of findings; created with the first. */
export const LOG_FINDINGS_TABLE = 'rm_log_findings';

const CREATE = `CREATE TABLE IF NOT EXISTS ${LOG_FINDINGS_TABLE} (
  found_at      TEXT NOT NULL,
  position      INTEGER NOT NULL,
  expected_hash TEXT,
  found_hash    TEXT,
  log_end       INTEGER NOT NULL
) STRICT`;

/** One finding: the log no longer held, at `position`, the event the read models had applied there. */
export interface LogFinding {
  /** When a command found it (ISO 8601, UTC). */
  readonly foundAt: string;
  /** The read models' checkpoint: the position of the last event they applied. */
  readonly position: number;
  /** The hash of the event they applied there; null for read models stored before the hash was kept. */
  readonly expectedHash: string | null;
  /** The hash of the event the log held there when found; null for none. */
  readonly foundHash: string | null;
  /** The position of the log's last event when found. */
  readonly logEnd: number;
}

/**
 * Keeps the finding of a cut in the file, in its own transaction, before the read models are rebuilt;
 * the same cut found again (by a second command before the rebuild finished) is kept once.
 */
export function recordLogCut(db: Database, cut: HashedLogCut, now: Date = new Date()): void {
  db.transaction(() => {
    db.exec(CREATE);
    db.prepare(
      `INSERT INTO ${LOG_FINDINGS_TABLE} (found_at, position, expected_hash, found_hash, log_end)
       SELECT @foundAt, @position, @expected, @found, @logEnd
       WHERE NOT EXISTS (SELECT 1 FROM ${LOG_FINDINGS_TABLE} WHERE position = @position
         AND expected_hash IS @expected AND found_hash IS @found)`,
    ).run({
      foundAt: now.toISOString(),
      position: cut.checkpoint,
      expected: cut.appliedHash,
      found: cut.loggedHash,
      logEnd: cut.logEnd,
    });
  }).immediate();
}

/** Every finding kept in the file, oldest first; none when the table is not there. Reads only. */
export function readLogFindings(db: Database): LogFinding[] {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(LOG_FINDINGS_TABLE);
  if (exists === undefined) return [];
  return db
    .prepare(
      `SELECT found_at AS foundAt, position, expected_hash AS expectedHash, found_hash AS foundHash,
         log_end AS logEnd FROM ${LOG_FINDINGS_TABLE} ORDER BY rowid`,
    )
    .all() as LogFinding[];
}

/**
 * What the log no longer holds, in words: "the event the read models applied at position 31 (hash
 * H)", then what stands there now.
 */
export function describeLostEvent(position: number, expected: string | null): string {
  return `the event the read models applied at position ${position} (${
    expected === null ? 'its hash was not kept' : `hash ${expected}`
  })`;
}

/** What the log held at the position instead, in words. */
export function describeFoundInstead(found: string | null, position: number, logEnd: number): string {
  if (found !== null) return `it holds another event there, hash ${found}, and ends at position ${logEnd}`;
  return position > logEnd ? `it ends at position ${logEnd}` : 'it holds no event there';
}

/** One finding in a line. */
export function describeLogFinding(finding: LogFinding): string {
  return `${finding.foundAt}: the log no longer held ${describeLostEvent(finding.position, finding.expectedHash)} (${describeFoundInstead(finding.foundHash, finding.position, finding.logEnd)})`;
}
