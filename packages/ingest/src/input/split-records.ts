import { StringDecoder } from 'node:string_decoder';

/** One record's text as it sat in the input, with the 1-based line it starts on. */
export interface InputItem {
  readonly line: number;
  readonly text: string;
  /** Set when the input's structure (not the record) is broken, e.g. a JSON array never closed. */
  readonly error?: string;
}

/** Counts the bytes read so far, for progress reporting. */
export interface ByteCounter {
  bytes: number;
}

/**
 * Splits a byte stream into records without holding more than one record (plus one chunk) in memory.
 * NDJSON (one record per line, CRLF or LF, empty lines passed through as empty text) unless the first
 * character after an optional BOM is `[`, in which case it is read as one JSON array of records.
 */
export async function* splitRecords(
  chunks: AsyncIterable<Uint8Array | string>,
  counter: ByteCounter = { bytes: 0 },
): AsyncGenerator<InputItem> {
  const decoder = new StringDecoder('utf8');
  let splitter: NdjsonSplitter | ArraySplitter | null = null;
  let head = '';
  for await (const chunk of chunks) {
    counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (splitter === null) {
      head += text;
      if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
      const first = head.search(/\S/);
      if (first < 0) continue;
      splitter = head[first] === '[' ? new ArraySplitter() : new NdjsonSplitter();
      text = head;
    }
    yield* splitter.push(text);
  }
  const tail = decoder.end();
  if (splitter === null) {
    if (head !== '') splitter = new NdjsonSplitter();
    else return;
  }
  if (tail !== '') yield* splitter.push(tail);
  yield* splitter.end();
}

class NdjsonSplitter {
  #rest = '';
  #line = 0;

  *push(text: string): Generator<InputItem> {
    let from = this.#rest.length;
    this.#rest += text;
    let start = 0;
    for (let nl = this.#rest.indexOf('\n', from); nl >= 0; nl = this.#rest.indexOf('\n', from)) {
      yield this.#item(this.#rest.slice(start, nl));
      start = nl + 1;
      from = start;
    }
    this.#rest = this.#rest.slice(start);
  }

  *end(): Generator<InputItem> {
    if (this.#rest !== '') yield this.#item(this.#rest);
    this.#rest = '';
  }

  #item(raw: string): InputItem {
    this.#line++;
    return { line: this.#line, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw };
  }
}

// A small state machine over one JSON array: it tracks strings and nesting only to find where each
// top-level element starts and ends; JSON.parse judges each element afterwards.
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
          yield { line: this.#startLine, text: buf.slice(this.#start, i + 1) };
          this.#start = -1;
          this.#state = 'after-element';
        } else if (end === BEFORE) {
          yield { line: this.#startLine, text: buf.slice(this.#start, i).trimEnd() };
          this.#start = -1;
          this.#state = c === 93 ? 'done' : 'before-element';
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.#state === 'before-array') {
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
    // Keep only the element being read, so memory stays at one record.
    const keep = this.#start >= 0 ? this.#start : buf.length;
    this.#buf = buf.slice(keep);
    if (this.#start >= 0) this.#start = 0;
    this.#pos = this.#buf.length;
  }

  *end(): Generator<InputItem> {
    if (this.#error !== null) yield this.#error;
    else if (this.#state === 'in-element' && this.#start >= 0 && this.#depth === 0 && !this.#inString) {
      yield { line: this.#startLine, text: this.#buf.slice(this.#start).trimEnd() };
      yield { line: this.#line, text: '', error: 'the array is not closed with "]"' };
    } else if (this.#state !== 'done') {
      yield { line: this.#line, text: '', error: 'the array is not closed with "]"' };
    }
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
