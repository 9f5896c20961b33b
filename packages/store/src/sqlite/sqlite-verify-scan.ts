// The chain walk's reading of the events table for `kb verify` (sqlite-verify.ts): each row as a
// chain link, never parsed, its hash checked over the text as stored; the walk stops at a page
// SQLite cannot read and names the position after the last row read.
import { chainHashOfJson } from '../integrity/chain-hash.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { isDamage } from './sqlite-file-check.js';
import { WalkedIdKeys } from './sqlite-repeated-ids.js';
import type { ScannedRow } from './sqlite-statements.js';
import type { VerifyProgress } from './sqlite-verify.js';

/** One row as the chain walk reads it: its links, and the row whose stored text the hash covers. */
export interface ScannedLink {
  readonly position: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly recordedAt: unknown;
  readonly row: ScannedRow;
}

/**
 * The rows as chain links, never parsed: the hash is checked over the data and metadata text as
 * stored, so text that no longer parses simply fails it. Each row's id key is kept (`keys`), for the
 * check that no id is stored twice.
 */
export class VerifyScan implements Iterable<ScannedLink> {
  readonly #rows: Iterable<ScannedRow>;
  readonly #progress: VerifyProgress;
  readonly #total: number;
  #yielded = 0;
  #lastPosition = 0;
  #damage: string | null = null;
  readonly keys: WalkedIdKeys;

  constructor(rows: Iterable<ScannedRow>, progress: VerifyProgress, total: number) {
    this.#rows = rows;
    this.#progress = progress;
    this.#total = total;
    this.keys = new WalkedIdKeys(total);
  }

  *[Symbol.iterator](): Iterator<ScannedLink> {
    const { onProgress, progressEvery = 10_000 } = this.#progress;
    for (const row of this.#readableRows()) {
      this.keys.push(row[11]);
      // The walk asks for the next row only once this one is checked: `yielded` rows are checked.
      if (onProgress !== undefined && this.#yielded > 0 && this.#yielded % progressEvery === 0)
        onProgress(this.#yielded, this.#total);
      this.#yielded++;
      this.#lastPosition = row[0];
      yield { position: row[0], prevHash: row[9], hash: row[10], recordedAt: row[8], row };
    }
    // The walk asked past the last row, so every row is checked: the count a bar is left on.
    if (onProgress !== undefined && this.#yielded > 0) onProgress(this.#yielded, this.#total);
  }

  /**
   * The rows up to the first page SQLite cannot read (a file cut short, overwritten bytes): there
   * the walk ends, and `finish` names the first position it could not read rather than failing
   * without one. Leaving either loop early closes the statement's iterator.
   */
  *#readableRows(): Generator<ScannedRow> {
    try {
      for (const row of this.#rows) yield row;
    } catch (error) {
      if (!isDamage(error)) throw error;
      this.#damage = (error as Error).message;
    }
  }

  /** Whether the walk stopped at a page SQLite could not read. */
  get damaged(): boolean {
    return this.#damage !== null;
  }

  /**
   * Checks the hash over the text as stored, byte for byte: re-serialising a parsed value would let
   * an edit that keeps the value (reordered keys, added spaces) pass unseen.
   */
  static hashMatches({ row }: ScannedLink): boolean {
    return storedRowHashMatches(row);
  }

  /**
   * The walk's report, or where the scan stopped before it: a page that could not be read, or the
   * end of a log whose head row is gone or on a page SQLite cannot read (every store has one from
   * its creation, so events cut off the end could not be told from an intact log).
   */
  finish(report: VerifyReport, head: 'read' | 'missing' | 'unreadable'): VerifyReport {
    // A walk that checked fewer events than it was given broke before the scan stopped; keep its report.
    if (report.checked < this.#yielded) return report;
    const next = this.#lastPosition + 1;
    if (this.#damage !== null)
      return broken(
        report,
        next,
        `the file is damaged from here on and cannot be read (SQLite: ${this.#damage})`,
        true,
      );
    if (head === 'missing')
      return broken(
        report,
        next,
        "the store's head row is missing, so events cut off the end of the log could not be seen (the head table was altered)",
      );
    if (head === 'unreadable')
      return broken(
        report,
        next,
        "the store's head row is on a damaged page SQLite cannot read, so events cut off the end of the log could not be seen",
      );
    return report;
  }
}

export function broken(
  report: VerifyReport,
  position: number,
  reason: string,
  unreadable = false,
): VerifyReport {
  const firstBreak = unreadable ? { position, reason, unreadable: true as const } : { position, reason };
  return { ...report, ok: false, firstBreak };
}

/**
 * Whether an event row as stored (position, id, stream, revision, type, version, data, metadata,
 * recorded_at, prev_hash, hash, in that order) matches its hash, computed over the data and metadata
 * text byte for byte: re-serialising a parsed value would let an edit that keeps the value (reordered
 * keys, added spaces) pass unseen. Text that is not text (a damaged page) never matches.
 */
export function storedRowHashMatches(row: readonly unknown[]): boolean {
  const [position, id, stream, revision, type, version, dataJson, metadataJson, recordedAt, prevHash] = row;
  if (typeof dataJson !== 'string' || typeof metadataJson !== 'string') return false;
  const content = {
    id,
    type,
    version,
    dataJson,
    metadataJson,
    stream,
    revision,
    position,
    recordedAt,
    prevHash,
  };
  return chainHashOfJson(content as Parameters<typeof chainHashOfJson>[0]) === row[10];
}
