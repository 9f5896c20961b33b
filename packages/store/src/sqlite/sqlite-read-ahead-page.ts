// A read-ahead page as the caller takes it (sqlite-read-ahead.ts): the worker's answer
// (sqlite-read-ahead-worker.ts), and its rows from the page's JSON, when that JSON can be trusted.
import type { ParsedEventRow } from './sqlite-statements.js';

export interface Answer {
  readonly id: number;
  /** The page's JSON as ASCII bytes, or as text when it holds anything else. */
  readonly bytes?: ArrayBuffer;
  readonly text?: string;
  /** Rows in the range, as SQLite counted them. */
  readonly count?: number;
  readonly end?: number;
  readonly error?: string;
  /** The SQLite code of the error, where it had one (SQLITE_CORRUPT for a damaged page). */
  readonly code?: string;
}

/**
 * A page's rows from its JSON, or undefined when the JSON cannot be trusted to stand for them.
 *
 * Stored data and metadata are pasted into the page as they are, so a text that is not one whole
 * JSON value on its own (an edited or damaged row) could join with what follows into a page that
 * parses, with other values than the row holds: a data text ending in an open string that the
 * metadata text closes, say. Each is therefore followed by the reading's nonce, a random whole
 * number the stored text cannot know. A row is taken only when it has thirteen members with the
 * nonce at 7 and 9: for that, the parser must reach each nonce just after one whole value, so each
 * text was exactly one. The rows must also be as many as SQLite counted, at rising positions in the
 * range. Checking the nonces costs the caller next to nothing and spares the worker a JSON
 * validation of every text (about 0.85 us a row), so it keeps ahead of the caller.
 *
 * The nonce at 8, 10 or 11 means "as the row before": its metadata (an equal text, so an equal
 * value, already parsed and checked), its recorded time, its hash. SQLite writes it only when that
 * row is at the position before, in this page, so the caller takes it only there. The metadata is
 * then one object for several events, frozen, as the inline reader's is (metadata-text.ts).
 */
export function pageRows(
  answer: Answer,
  from: number,
  to: number,
  nonce: number,
): ParsedEventRow[] | undefined {
  const text = answer.bytes === undefined ? answer.text : latin1(answer.bytes);
  let rows: unknown;
  try {
    rows = JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
  if (!Array.isArray(rows) || rows.length !== answer.count) return undefined;
  let previous = from;
  let before: unknown[] | undefined;
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== 13 || row[7] !== nonce || row[9] !== nonce) return undefined;
    const position: unknown = row[0];
    if (typeof position !== 'number' || position <= previous || position > to) return undefined;
    if (row[8] === nonce || row[10] === nonce || row[11] === nonce) {
      if (before === undefined || position !== previous + 1) return undefined;
      if (row[8] === nonce) row[8] = before[8];
      if (row[10] === nonce) row[10] = before[10];
      if (row[11] === nonce) row[11] = before[12];
    }
    if (row[8] !== before?.[8]) Object.freeze(row[8]);
    before = row;
    previous = position;
  }
  return rows as ParsedEventRow[];
}

/** ASCII bytes as a string: latin1 decoding is a plain copy, several times faster than UTF-8's. */
function latin1(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString('latin1');
}
