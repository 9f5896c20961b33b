import { codePoints, tooLong } from '../../input/input-item.js';
import { MAX_RECORD_LENGTH } from '../../input/split-records.js';

// What a run reads, one item per record: from a file or stdin (split-records.ts cuts it into
// records), or from an iterable the caller gives, whose elements are made into items here.

/** What `ingest` reads: a file path, '-' for standard input, or records (objects or JSON strings). */
export type IngestInput = string | AsyncIterable<unknown> | Iterable<unknown>;

/** One record as read: its line and text, or why it cannot be read. */
export interface Item {
  readonly line: number;
  readonly text: string;
  readonly error?: string;
  readonly unreadable?: true;
  /** The line a record spanning several ends on. */
  readonly endLine?: number;
  /** The 1-based column its text starts at on its line, when not 1. */
  readonly column?: number;
}

/** The elements of an iterable the caller gives, numbered from 1 as lines are. */
export async function* valuesAsItems(
  input: AsyncIterable<unknown> | Iterable<unknown>,
): AsyncGenerator<Item> {
  let line = 0;
  for await (const value of input) yield itemOf(value, ++line);
}

/**
 * One element of an iterable as the record reader takes it: the text of a string (a String, or
 * UTF-8 bytes), or an object's JSON, which is all a record can be. A value JSON cannot write (a
 * BigInt, a cycle, a getter that throws) is that element's problem, not the whole run's; a byte
 * order mark in front of a string is dropped, as at the start of a file; the length limit of a
 * file's records holds here too.
 */
function itemOf(value: unknown, line: number): Item {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (value instanceof String) text = value.valueOf();
  else if (value instanceof Uint8Array) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return { line, text: '', unreadable: true, error: 'the bytes given are not UTF-8 text' };
    }
  } else {
    try {
      text = JSON.stringify(value) as string | undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { line, text: '', unreadable: true, error: `not a record: JSON cannot hold it (${reason})` };
    }
    if (text === undefined || typeof value !== 'object')
      return { line, text: '', unreadable: true, error: `expected a record object, got ${kindOf(value)}` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // The limit counts characters (an emoji is one): only a text longer in UTF-16 units is counted so.
  if (text.length > MAX_RECORD_LENGTH && codePoints(text) > MAX_RECORD_LENGTH)
    return tooLong(line, MAX_RECORD_LENGTH);
  return { line, text };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value === 'symbol'
    ? 'a symbol'
    : typeof value === 'function'
      ? 'a function'
      : String(typeof value);
}
