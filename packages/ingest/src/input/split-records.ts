import { StringDecoder } from 'node:string_decoder';
import { Utf8Lines } from './utf8-lines.js';

/** One record's text as it sat in the input, with the 1-based line it starts on. */
export interface InputItem {
  readonly line: number;
  readonly text: string;
  /** Set when the input cannot give a record here: a JSON array never closed, a record past the length limit. */
  readonly error?: string;
  /** Set with `error` when the item is a record that could not be read: past the length limit, or not UTF-8. */
  readonly unreadable?: true;
  /** The line a JSON array's element ends on, when not the line it starts on. */
  readonly endLine?: number;
}

/** Counts the bytes read so far, for progress reporting. */
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
 * NDJSON (one record per line, CRLF or LF, empty lines passed through as empty text) unless the first
 * character after an optional BOM is `[`, in which case it is read as one JSON array of records.
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
  const sniffed: { encoding: string | null } = { encoding: null };
  let splitter: NdjsonSplitter | ArraySplitter | null = null;
  let head = '';
  for await (const chunk of refusingUtf16(chunks, sniffed)) {
    counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (typeof chunk !== 'string') utf8.write(chunk);
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (splitter === null) {
      head += text;
      if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
      const first = head.search(/\S/);
      if (first < 0) continue;
      const format = formatOf(head, first, maxRecordLength);
      if (format === null) continue;
      splitter =
        format === 'ndjson'
          ? new NdjsonSplitter(maxRecordLength)
          : new ArraySplitter(maxRecordLength, format === 'sequence');
      text = head;
    }
    for (const item of splitter.push(text)) yield judged(item, utf8);
  }
  if (sniffed.encoding !== null) {
    yield {
      line: 1,
      text: '',
      unreadable: true,
      error: `the file is ${sniffed.encoding}, and kb reads UTF-8: nothing of it was read. Save it as UTF-8 (in PowerShell, Out-File -Encoding utf8) and ingest it again`,
    };
    return;
  }
  utf8.end();
  const tail = decoder.end();
  if (splitter === null) {
    if (head !== '') splitter = new NdjsonSplitter(maxRecordLength);
    else return;
  }
  if (tail !== '') for (const item of splitter.push(tail)) yield judged(item, utf8);
  for (const item of splitter.end()) yield judged(item, utf8);
}

/**
 * The chunks, unless the input is UTF-16 or UTF-32 (Windows PowerShell writes UTF-16 with `>`): then
 * nothing, and `sniffed.encoding` names it. Read as UTF-8, such a file gives a NUL between every two
 * characters, and every line would be rejected as malformed JSON. Told by its byte order mark, or,
 * without one, by a NUL beside the `{` or `[` it starts with.
 */
async function* refusingUtf16(
  chunks: AsyncIterable<Uint8Array | string>,
  sniffed: { encoding: string | null },
): AsyncGenerator<Uint8Array | string> {
  let first: Uint8Array = new Uint8Array(0);
  let decided = false;
  for await (const chunk of chunks) {
    if (decided || typeof chunk === 'string') {
      decided = true;
      if (first.length > 0) yield first;
      first = new Uint8Array(0);
      yield chunk;
      continue;
    }
    first = first.length === 0 ? chunk : Buffer.concat([first, chunk]);
    if (first.length < 4) continue;
    decided = true;
    sniffed.encoding = wideEncoding(first);
    if (sniffed.encoding !== null) return;
    yield first;
    first = new Uint8Array(0);
  }
  if (!decided && first.length > 0) {
    sniffed.encoding = wideEncoding(first);
    if (sniffed.encoding === null) yield first;
  }
}

/** The encoding its first bytes show, when it is UTF-16 or UTF-32; else null. */
function wideEncoding(b: Uint8Array): string | null {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xff && b1 === 0xfe)
    return b2 === 0 && b3 === 0 ? 'UTF-32 (little-endian)' : 'UTF-16 (little-endian)';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 (big-endian)';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 (big-endian)';
  const opens = (c: number | undefined) => c === 0x7b || c === 0x5b; // { or [
  if (opens(b0) && b1 === 0) return 'UTF-16 (little-endian)';
  if (b0 === 0 && opens(b1)) return 'UTF-16 (big-endian)';
  return null;
}

/**
 * How the input is laid out, from its first non-space character at `first`: a JSON array; records
 * pretty-printed one after another (what `jq .` writes), told by a first line holding only `{`; or
 * NDJSON. Null while the first line has not all arrived.
 */
function formatOf(head: string, first: number, maxLength: number): 'array' | 'sequence' | 'ndjson' | null {
  if (head[first] === '[') return 'array';
  if (head[first] !== '{') return 'ndjson';
  const nl = head.indexOf('\n', first);
  if (nl < 0) return head.length - first > maxLength ? 'ndjson' : null;
  return head.slice(first, nl).trim() === '{' ? 'sequence' : 'ndjson';
}

/** The item, or an error in its place when a line of it held bytes that are not UTF-8. */
function judged(item: InputItem, utf8: Utf8Lines): InputItem {
  const bad = utf8.badIn(item.line, item.endLine ?? item.line);
  if (bad === null || item.error !== undefined) return item;
  return { line: item.line, text: '', unreadable: true, error: bad };
}

class NdjsonSplitter {
  /** The line being read, in the pieces it arrived in: joined once, when its end arrives. */
  #parts: string[] = [];
  #length = 0;
  /** The line being read passed the limit: its text is dropped until it ends. */
  #oversized = false;
  #line = 0;

  constructor(readonly maxLength: number) {}

  *push(text: string): Generator<InputItem> {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.#take(text.slice(start, nl));
      yield this.#item();
      start = nl + 1;
    }
    this.#take(start === 0 ? text : text.slice(start));
  }

  *end(): Generator<InputItem> {
    if (this.#length > 0 || this.#oversized) yield this.#item();
  }

  #take(piece: string): void {
    if (piece === '' || this.#oversized) return;
    this.#length += piece.length;
    if (this.#length > this.maxLength) {
      this.#oversized = true;
      this.#parts = [];
    } else {
      this.#parts.push(piece);
    }
  }

  #item(): InputItem {
    this.#line++;
    const line = this.#line;
    const oversized = this.#oversized;
    const raw = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('');
    this.#parts = [];
    this.#length = 0;
    this.#oversized = false;
    if (oversized) return tooLong(line, this.maxLength);
    return { line, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw };
  }
}

/** The item for a record longer than `maxLength` characters: its text was never held whole. */
function tooLong(line: number, maxLength: number): InputItem {
  return {
    line,
    text: '',
    unreadable: true,
    error:
      `the record is longer than ${maxLength.toLocaleString('en-US')} characters, the most one record may ` +
      'hold; it was skipped without being kept, and is not copied to the rejects file',
  };
}

// A small state machine over one JSON array, or over records written one after another with no
// array around them (`sequence`): it tracks strings and nesting only to find where each top-level
// element starts and ends; JSON.parse judges each element afterwards.
class ArraySplitter {
  #buf = '';
  #pos = 0;
  #line = 1;
  #state: 'before-array' | 'before-element' | 'in-element' | 'after-element' | 'done' = 'before-array';
  #depth = 0;
  #inString = false;
  #escaped = false;
  #start = -1;
  #startLine = 1;
  #error: InputItem | null = null;
  /** The element being read passed the limit: its text is dropped as it is scanned. */
  #oversized = false;

  constructor(
    readonly maxLength: number,
    readonly sequence = false,
  ) {
    if (sequence) this.#state = 'before-element';
  }

  *push(text: string): Generator<InputItem> {
    this.#buf += text;
    const buf = this.#buf;
    for (let i = this.#pos; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 10) this.#line++;
      if (this.#error !== null || this.#state === 'done') {
        if (this.#state === 'done' && !isSpace(c) && this.#error === null) {
          this.#error = {
            line: this.#line,
            text: '',
            error: 'unexpected text after the closing "]" of the array',
          };
        }
        continue;
      }
      if (this.#state === 'in-element') {
        const end = this.#scan(c);
        if (end === INCLUSIVE) {
          yield this.#element(buf, i + 1);
          this.#start = -1;
          this.#state = 'after-element';
        } else if (end === BEFORE) {
          yield this.#element(buf, i);
          this.#start = -1;
          this.#state = c === 93 ? 'done' : 'before-element';
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.sequence && (c === 44 || c === 93)) {
        this.#error = {
          line: this.#line,
          text: '',
          error: `unexpected "${String.fromCharCode(c)}" between records: records written one after another need nothing between them, and a JSON array opens with "["`,
        };
      } else if (this.sequence && this.#state === 'after-element') {
        this.#state = 'before-element';
        i--; // the character starts the next record
      } else if (this.#state === 'before-array') {
        if (c === 91) this.#state = 'before-element';
        else this.#error = { line: this.#line, text: '', error: 'expected "[" to open the array' };
      } else if (this.#state === 'after-element') {
        if (c === 44) this.#state = 'before-element';
        else if (c === 93) this.#state = 'done';
        else
          this.#error = { line: this.#line, text: '', error: 'expected "," or "]" between array elements' };
      } else if (c === 93) {
        this.#state = 'done';
      } else {
        this.#state = 'in-element';
        this.#start = i;
        this.#startLine = this.#line;
        this.#depth = 0;
        this.#inString = false;
        this.#escaped = false;
        this.#scan(c);
      }
    }
    // Keep only the element being read, so memory stays at one record; none of one past the limit.
    if (this.#start >= 0 && buf.length - this.#start > this.maxLength) this.#oversized = true;
    const keep = this.#start >= 0 && !this.#oversized ? this.#start : buf.length;
    this.#buf = buf.slice(keep);
    if (this.#start >= 0) this.#start = 0;
    this.#pos = this.#buf.length;
  }

  *end(): Generator<InputItem> {
    if (this.#error !== null) yield this.#error;
    else if (this.sequence) {
      if (this.#state !== 'in-element') return;
      if (this.#depth === 0 && !this.#inString) yield this.#element(this.#buf, this.#buf.length);
      else yield { line: this.#startLine, text: '', error: 'the last record is not closed' };
    } else if (this.#state === 'in-element' && this.#start >= 0 && this.#depth === 0 && !this.#inString) {
      yield this.#element(this.#buf, this.#buf.length);
      yield { line: this.#line, text: '', error: 'the array is not closed with "]"' };
    } else if (this.#state !== 'done') {
      yield { line: this.#line, text: '', error: 'the array is not closed with "]"' };
    }
  }

  /** The element from #start to `end` of `buf`, or the error for one past the limit. */
  #element(buf: string, end: number): InputItem {
    const oversized = this.#oversized || end - this.#start > this.maxLength;
    this.#oversized = false;
    if (oversized) return tooLong(this.#startLine, this.maxLength);
    const raw = buf.slice(this.#start, end);
    const text = raw.trimEnd();
    // The line of its last character: the line read up to, less the line breaks trimmed after it.
    let endLine = this.#line;
    for (let i = text.length; i < raw.length; i++) if (raw.charCodeAt(i) === 10) endLine--;
    return endLine > this.#startLine
      ? { line: this.#startLine, text, endLine }
      : { line: this.#startLine, text };
  }

  // Says whether character c ends the current element: INCLUSIVE for its own closing bracket or
  // quote, BEFORE for the comma or bracket after a bare scalar, CONTINUE otherwise.
  #scan(c: number): number {
    if (this.#inString) {
      if (this.#escaped) this.#escaped = false;
      else if (c === 92) this.#escaped = true;
      else if (c === 34) {
        this.#inString = false;
        return this.#depth === 0 ? INCLUSIVE : CONTINUE;
      }
      return CONTINUE;
    }
    if (c === 34) {
      this.#inString = true;
      return CONTINUE;
    }
    if (c === 123 || c === 91) {
      this.#depth++;
      return CONTINUE;
    }
    if (c === 125 || c === 93) {
      if (this.#depth === 0) return c === 93 ? BEFORE : CONTINUE;
      this.#depth--;
      return this.#depth === 0 ? INCLUSIVE : CONTINUE;
    }
    return this.#depth === 0 && c === 44 ? BEFORE : CONTINUE;
  }
}

const CONTINUE = 0;
const INCLUSIVE = 1;
const BEFORE = 2;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
