import type { Database } from 'better-sqlite3';

// The read models' checkpoint names the last event they applied, by position. Positions are the
// log's own, so a log cut back to an earlier event (its head row set to match) leaves read models
// that hold events it no longer has, and a catch-up from their checkpoint would take the events the
// log writes next at those positions for applied. So beside the checkpoint they keep the hash of the
// event there (`checkpoint_hash` in rm_meta, written in the same transaction), and a catch-up first
// checks that the log still ends at or after the checkpoint and still holds that event there.

/** Read models whose checkpoint the log no longer holds as they applied it. */
export interface LogCut {
  /** The position of the last event the read models applied. */
  readonly checkpoint: number;
  /** The position of the log's last event. */
  readonly logEnd: number;
  /**
   * `past-end`: the checkpoint is past the log's last event. `replaced`: the log holds another event
   * at the checkpoint (cut back and written on since). `missing`: it holds none there.
   */
  readonly kind: 'past-end' | 'replaced' | 'missing';
}

/** A cut with the hashes it was found by, as a command reports and records it (log-findings.ts). */
export interface HashedLogCut extends LogCut {
  /** The hash of the event they applied at the checkpoint; null for read models that did not keep it. */
  readonly appliedHash: string | null;
  /** The hash of the event the log holds at the checkpoint now; null for none. */
  readonly loggedHash: string | null;
  /**
   * Where the log holds the event they applied (its hash) all the same, at another position than
   * their checkpoint: then it is their checkpoint that was edited, not the log; null when the log
   * holds it nowhere (or the hash was not kept). Set by `storedLogCut` only.
   */
  readonly heldAt?: number | null;
}

/** The checkpoint row as read from rm_meta, with the hash the log holds there. */
export interface CheckpointInLog {
  readonly checkpoint: string;
  readonly applied: string | null;
  readonly logged: string | null;
}

/** The statement reading `CheckpointInLog`: one statement, so the checkpoint and its hash are read from one snapshot. */
export const CHECKPOINT_IN_LOG = `SELECT m.value AS checkpoint, h.value AS applied, e.hash AS logged FROM rm_meta m
    LEFT JOIN rm_meta h ON h.key = 'checkpoint_hash'
    LEFT JOIN events e ON e.position = CAST(m.value AS INTEGER)
  WHERE m.key = 'checkpoint'`;

/**
 * The cut a checkpoint row shows against the log's last position, asked after the row was read (the
 * log only grows past a checkpoint stored before); undefined when the log holds the checkpoint as
 * applied. A row without the hash (read models stored before it was kept) is checked against the
 * log's end only.
 */
export function logCutOf(row: CheckpointInLog | undefined, logEnd: () => number): HashedLogCut | undefined {
  if (row === undefined) return undefined;
  const checkpoint = Number(row.checkpoint);
  const end = logEnd();
  const hashes = { appliedHash: row.applied, loggedHash: row.logged };
  if (checkpoint > end) return { checkpoint, logEnd: end, kind: 'past-end', ...hashes };
  if (row.applied === null || row.applied === row.logged) return undefined;
  return { checkpoint, logEnd: end, kind: row.logged === null ? 'missing' : 'replaced', ...hashes };
}

/**
 * Whatever layout the stored read models have, whether the log no longer holds their checkpoint as
 * they applied it; undefined when it does, or none are stored. Reads only: ask it before
 * `openReadModels`, which drops tables of another layout, and the checkpoint with them.
 */
export function storedLogCut(db: Database, logEnd: () => number): HashedLogCut | undefined {
  const meta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rm_meta'").get();
  if (meta === undefined) return undefined;
  let row: CheckpointInLog | undefined;
  try {
    row = db.prepare(CHECKPOINT_IN_LOG).get() as CheckpointInLog | undefined;
  } catch (error) {
    // An rm_meta of some other shape holds no checkpoint this code can read; any other failure (a
    // damaged page, a busy or full file) is the caller's to report, not a checkpoint found sound.
    if (error instanceof Error && /^no such column\b/.test(error.message)) return undefined;
    throw error;
  }
  const cut = logCutOf(row, logEnd);
  if (cut === undefined || cut.appliedHash === null) return cut;
  // Looked for only once a cut is found (no index on hash: the log is read through).
  const heldAt = db.prepare('SELECT position FROM events WHERE hash = ?').pluck().get(cut.appliedHash) as
    | number
    | undefined;
  return { ...cut, heldAt: heldAt ?? null };
}

/** A cut in words, to follow "the read models cannot be caught up as they are:". */
export function describeLogCut(cut: LogCut): string {
  const at = `their checkpoint, position ${cut.checkpoint}`;
  if (cut.kind === 'past-end') return `${at}, is past the log's last event, position ${cut.logEnd}`;
  if (cut.kind === 'missing') return `the log holds no event at ${at}`;
  return `the event at ${at}, is not the one they applied there: the log was cut back and written on since`;
}

/** What a catch-up throws for read models whose checkpoint the log no longer holds; a rebuild remakes them. */
export class ReadModelsCutError extends Error {
  override readonly name = 'ReadModelsCutError';
  constructor(readonly cut: LogCut) {
    super(describeLogCut(cut));
  }
}
