// Whether a -wal beside the store continues the store's own log. SQLite checks a -wal only against
// itself (its salts and frame checksums), never against the file it lies beside, and applies it: a
// -wal of another kb store, or one of this store's later life beside an older copy of the file (a
// backup put back), makes SQLite read pages of two files as one, and the first writable connection
// to close checkpoints that mix into the file for good.
//
// The log itself tells them apart, with no mark of its own: a -wal holds only what was written after
// the file's last checkpoint, and every append moves the head. The file alone (sqlite-file-head.ts)
// ends at a head, position P with hash H; read through its own -wal, the log still holds P with H,
// and every event after it links to the one before it, up to the head read there. Another store's
// -wal has another event at P, or none; a later -wal beside an older copy lacks the events written
// between the copy and the -wal's start, which the walk finds as a gap or as pages SQLite cannot
// read. The walk reads only the events after P, those the -wal added, in one read snapshot.
//
// Read models and the id index are not walked: a -wal whose commits differ from the file's own only
// there (no event appended between an older copy and the -wal) is not told apart.
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import { StoreUnavailableError } from '../port/errors.js';
import { isDamage } from './sqlite-file-check.js';
import { type FileHead, headInFile } from './sqlite-file-head.js';

type HeadRow = { count: number; last_position: number; last_hash: string };

/**
 * A -wal beside the store that does not continue the log in the file: `wal` as named to the user,
 * `fileHead` where the file read alone ends, `found` what the log read through the -wal shows there.
 */
export class WalNotOwnError extends StoreUnavailableError {
  constructor(
    readonly wal: string,
    readonly fileHead: FileHead,
    readonly found: string,
  ) {
    super(
      `the write-ahead log beside it, ${wal}, does not continue the log in the file: the file alone ends ` +
        `${fileHead.count === 0 ? 'with no event' : `at position ${fileHead.lastPosition} (hash ${short(fileHead.lastHash)})`}, and read through that log ${found}. ` +
        `It is not the file's own (another store's -wal, or one this store wrote after the copy of the file that lies here was taken), ` +
        `and SQLite would mix the pages of the two into the file. Nothing was written: move ${wal} away, untouched, and run kb again.`,
    );
  }
}

/**
 * Throws WalNotOwnError when the log read through `probe` (a read-only connection, which reads
 * through the -wal and never checkpoints) does not continue `file`, the head of the file alone,
 * naming `wal`. A read failing for any reason but damage is left to the caller.
 */
export function refuseWalNotContinuing(probe: Database, file: FileHead, wal: string): void {
  // One read snapshot; ended by hand, as COMMIT fails after a statement SQLite found damage in.
  probe.exec('BEGIN');
  let found: string | null;
  try {
    found = breakIn(probe, file);
  } finally {
    if (probe.inTransaction) probe.exec('ROLLBACK');
  }
  if (found !== null) throw new WalNotOwnError(wal, file, found);
}

/** What breaks the log, read through the -wal, from the file's head on; null when nothing does. */
function breakIn(db: Database, file: FileHead): string | null {
  // Where the read stands, for a page SQLite cannot read: the schema and head, or the log after `last`.
  let walking = false;
  let last = file.lastPosition;
  try {
    // A -wal that makes the file read as no store at all is refuseForeignDatabase's to name.
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'head'").get() === undefined)
      return null;
    const head = db.prepare('SELECT count, last_position, last_hash FROM head').get() as HeadRow | undefined;
    if (head === undefined) return 'the store has no head row';
    if (head.count < file.count)
      return `the store holds ${head.count} events, fewer than the file's ${file.count}`;
    const rows = db
      .prepare('SELECT position, prev_hash, hash FROM events WHERE position >= ? ORDER BY position')
      .raw(true);
    // The file's own last event first (none to find in a file with no event), then the links after it.
    let atHead = file.count === 0;
    let hash = file.lastHash;
    let after = 0;
    walking = true;
    for (const [position, prevHash, rowHash] of rows.iterate(file.lastPosition) as Iterable<
      [number, string, string]
    >) {
      if (!atHead) {
        if (position !== file.lastPosition) return `there is no event at ${file.lastPosition}`;
        if (rowHash !== file.lastHash) return `the event at ${position} has another hash (${short(rowHash)})`;
        atHead = true;
        continue;
      }
      if (prevHash !== hash)
        return `the event at ${position} does not follow the one at ${last} (its previous-hash is not that event's hash)`;
      last = position;
      hash = rowHash;
      after++;
    }
    if (!atHead) return `there is no event at ${file.lastPosition}`;
    if (head.count !== file.count + after || head.last_position !== last || head.last_hash !== hash)
      return `the head row (${head.count} events, the last at ${head.last_position}) is not where the log ends (${file.count + after} events, the last at ${last})`;
    return null;
  } catch (error) {
    if (!isDamage(error)) throw error;
    const message = (error as Error).message;
    return walking
      ? `SQLite cannot read the log after position ${last} (${message})`
      : `SQLite cannot read the store at all (${message})`;
  }
}

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

/**
 * Throws when the -wal beside the store at `path` does not continue the log the file holds alone,
 * read through `probe` (refuseWalNotContinuing), believed only when the file read alone (by
 * `readHead`, headInFile unless a test stands in) gives the same head twice. The file
 * is read without SQLite's locks, so another process checkpointing into it meanwhile (its own live
 * -wal beside it) can show a page half written; a head read so would make the store's own -wal look
 * foreign, and the advice to move it away would lose what it holds. A head that differs on the second
 * reading is read and checked again; one that never settles is a file being written to, which a
 * stale -wal is not, and is left to SQLite.
 */
export function refuseWalNotOwn(
  probe: Database,
  path: string,
  readHead: () => FileHead | undefined = () => headInFile(path),
  tries = 3,
): void {
  const wal = basename(`${path}-wal`);
  let fileHead = readHead();
  for (let attempt = 1; fileHead !== undefined; attempt++) {
    try {
      refuseWalNotContinuing(probe, fileHead, wal);
      return;
    } catch (error) {
      const again = readHead();
      if (again !== undefined && sameHead(again, fileHead)) throw error;
      if (attempt >= tries) return;
      fileHead = again;
    }
  }
}

const sameHead = (a: FileHead, b: FileHead): boolean =>
  a.count === b.count && a.lastPosition === b.lastPosition && a.lastHash === b.lastHash;
