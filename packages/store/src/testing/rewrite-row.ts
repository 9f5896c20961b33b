// Tampering for tests, as a forger with write access to a store file would do it: a row of the log
// rewritten, with its hash computed again over its text as stored, so that it matches its own hash.
import type { Database } from 'better-sqlite3';
import { chainHashOfJson } from '../integrity/chain-hash.js';

/** What a rewrite puts in place of the row's stored values; the rest are kept. */
export interface RowChanges {
  readonly data?: string;
  readonly recordedAt?: string;
  readonly prevHash?: string;
}

type Row = [
  id: string,
  stream: string,
  revision: number,
  type: string,
  version: number,
  data: string,
  metadata: string,
  recordedAt: string,
  prevHash: string,
];

/**
 * Rewrites the event row at `position` with `changes` and its hash computed again over the result,
 * and returns that hash. The head row and the next row's link are left as they were.
 */
export function rewriteRow(db: Database, position: number, changes: RowChanges = {}): string {
  const row = db
    .prepare(
      'SELECT id, stream, revision, type, version, data, metadata, recorded_at, prev_hash FROM events WHERE position = ?',
    )
    .raw()
    .get(position) as Row | undefined;
  if (row === undefined) throw new RangeError(`rewriteRow: no event at position ${position}`);
  const [id, stream, revision, type, version, data, metadataJson, recordedAt, prevHash] = row;
  const next = {
    dataJson: changes.data ?? data,
    recordedAt: changes.recordedAt ?? recordedAt,
    prevHash: changes.prevHash ?? prevHash,
  };
  const hash = chainHashOfJson({ id, type, version, metadataJson, stream, revision, position, ...next });
  db.prepare('UPDATE events SET data = ?, recorded_at = ?, prev_hash = ?, hash = ? WHERE position = ?').run(
    next.dataJson,
    next.recordedAt,
    next.prevHash,
    hash,
    position,
  );
  return hash;
}
