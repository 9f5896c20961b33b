// The input's records, whatever its layout: the splitters (ndjson-splitter.ts, array-splitter.ts)
// find where each record starts and ends; input-format.ts tells the layout and refuses an input
// that cannot be records; utf8-lines.ts finds the lines that are not UTF-8.
import { StringDecoder } from 'node:string_decoder';
import { ArraySplitter } from './array-splitter.js';
import { formatOf, type InputFormat, refusingUnreadable } from './input-format.js';
import type { InputItem } from './input-item.js';
import { NdjsonSplitter } from './ndjson-splitter.js';
import { Utf8Lines } from './utf8-lines.js';

export type { InputItem } from './input-item.js';

/**
 * Counts the bytes of the input handled so far, for progress reporting: up to the end of the last
 * record given out, not as far as the input is read ahead (a chunk of a file is a mebibyte).
 */
export interface ByteCounter {
  bytes: number;
}

/**
 * The most characters one record (an NDJSON line, or an element of a JSON array) may hold: 16 MiB
 * of ASCII. Parsing a record and turning it into events took about 17 times its size in memory
 * (a 60 MB line, 1 GB), and a line past V8's longest string (about 512 million characters) could
 * not be read at all; a record this long is no claim anyone wrote by hand.
 */
export const MAX_RECORD_LENGTH = 16 * 1024 * 1024;

/**
 * Splits a byte stream into records without holding more than one record (plus one chunk) in memory.
 * NDJSON (one record per line, CRLF or LF; blank lines give no item, their line numbers skipped) unless the first
 * character after an optional BOM is `[`, in which case it is read as one JSON array of records, or
 * the first line holds only `{`: records pretty-printed one after another (input-format.ts).
 * A record longer than `maxRecordLength` characters becomes an error item at its line, and its text
 * is dropped as it arrives; reading goes on after it. So does a record with bytes that are not UTF-8
 * (bytes only: text chunks are already characters).
 */
export async function* splitRecords(
  chunks: AsyncIterable<Uint8Array | string>,
  counter: ByteCounter = { bytes: 0 },
  maxRecordLength: number = MAX_RECORD_LENGTH,
): AsyncGenerator<InputItem> {
  const decoder = new StringDecoder('utf8');
  const utf8 = new Utf8Lines();
  const sniffed: { refusal: string | null } = { refusal: null };
  let splitter: NdjsonSplitter | ArraySplitter | null = null;
  let head = '';
  // Bytes of the chunks pushed whole before the text being pushed, and of the chunks in that text.
  let handled = 0;
  let pending = 0;
  for await (const chunk of refusingUnreadable(chunks, sniffed)) {
    pending += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (typeof chunk !== 'string') utf8.write(chunk);
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (splitter === null) {
      head += text;
      if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
      const first = head.search(/\S/);
      if (first < 0) continue;
      const format = formatOf(head, first, maxRecordLength);
      if (format === null) continue;
      splitter = splitterFor(format, maxRecordLength);
      text = head;
    }
    for (const item of splitter.push(text)) {
      // The text's bytes, shared out by how much of it the items so far cover.
      counter.bytes = handled + Math.floor((pending * splitter.consumed) / text.length);
      yield judged(item, utf8);
    }
    handled += pending;
    pending = 0;
  }
  counter.bytes = handled + pending;
  if (sniffed.refusal !== null) {
    yield { line: 1, text: '', unreadable: true, error: sniffed.refusal };
    return;
  }
  utf8.end();
  let tail = decoder.end();
  if (splitter === null) {
    // The input ended before its layout was told (one line, with no line break after it): all of it
    // is still in `head`, and goes to the splitter with the rest.
    head += tail;
    if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
    // Blank lines alone hold no record; a line of a no-break space is read as one, to be rejected.
    if (/^[ \t\r\n]*$/.test(head)) return;
    const first = head.search(/\S/);
    splitter = splitterFor(
      first < 0 ? 'ndjson' : formatOf(head, first, maxRecordLength, true),
      maxRecordLength,
    );
    tail = head;
  }
  if (tail !== '') for (const item of splitter.push(tail)) yield judged(item, utf8);
  for (const item of splitter.end()) yield judged(item, utf8);
}

function splitterFor(format: InputFormat, maxRecordLength: number): NdjsonSplitter | ArraySplitter {
  return format === 'ndjson'
    ? new NdjsonSplitter(maxRecordLength)
    : new ArraySplitter(maxRecordLength, format === 'sequence');
}

/**
 * The item, or an error in its place when a line of it held bytes that are not UTF-8: its text,
 * with a replacement character for them, is not given to be copied (a record not closed keeps its
 * own error too).
 */
function judged(item: InputItem, utf8: Utf8Lines): InputItem {
  const bad = utf8.badIn(item.line, item.endLine ?? item.line);
  if (bad === null || (item.error !== undefined && item.text === '')) return item;
  const error = item.error === undefined ? bad : `${item.error}; and ${bad}`;
  // Its lines are read all the same: the run counts them to its last (`lines`).
  const unread: InputItem = { line: item.line, text: '', unreadable: true, error };
  return item.endLine === undefined ? unread : { ...unread, endLine: item.endLine };
}
