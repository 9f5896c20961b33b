import { type InputItem, tooLong } from './input-item.js';

// A small state machine over one JSON array, or over records written one after another with no
// array around them (`sequence`): it tracks strings and nesting only to find where each top-level
// element starts and ends; JSON.parse judges each element afterwards.
export class ArraySplitter {
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
  /** How much of the text last pushed the elements given out so far cover: up to their end. */
  consumed = 0;

  constructor(
    readonly maxLength: number,
    readonly sequence = false,
  ) {
    if (sequence) this.#state = 'before-element';
  }

  *push(text: string): Generator<InputItem> {
    this.#buf += text;
    const buf = this.#buf;
    const before = buf.length - text.length;
    this.consumed = 0;
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
          this.consumed = i + 1 - before;
          yield this.#element(buf, i + 1);
          this.#start = -1;
          this.#state = 'after-element';
        } else if (end === BEFORE) {
          this.consumed = i - before;
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
      } else if (this.#state === 'before-array') {
        if (c === 91) this.#state = 'before-element';
        else this.#error = { line: this.#line, text: '', error: 'expected "[" to open the array' };
      } else if (this.#state === 'after-element' && !this.sequence) {
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
      else yield this.#unclosed('the last record is not closed');
    } else if (this.#state === 'in-element' && this.#start >= 0 && this.#depth === 0 && !this.#inString) {
      yield this.#element(this.#buf, this.#buf.length);
      yield { line: this.#line, text: '', error: 'the array is not closed with "]"' };
    } else if (this.#state === 'in-element') {
      // Named where the record cut short starts, as for one written after another above.
      yield this.#unclosed(
        'the input ends inside the record that starts on this line: neither it nor the array is closed',
      );
    } else if (this.#state !== 'done') {
      yield { line: this.#line, text: '', error: 'the array is not closed with "]"' };
    }
  }

  /**
   * The record the input ended inside of, rejected with `error`: its text as far as it goes, to be
   * copied to the rejects file with the other rejected records, and counted as a record.
   */
  #unclosed(error: string): InputItem {
    const item = this.#element(this.#buf, this.#buf.length);
    return item.error === undefined ? { ...item, error, unreadable: true } : item;
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
