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
  /** Where the line being read starts in #buf (below 0 once cut off), the low surrogates on it so far, and the column the element being read starts at. */
  #lineStart = 0;
  #lows = 0;
  #startColumn = 1;
  #error: InputItem | null = null;
  /** The element being read passed the limit: its text is dropped as it is scanned. */
  #oversized = false;
  /**
   * Surrogate pairs scanned so far, and how many there were where the element (or line after the
   * array) being read starts: the length limit counts characters, and a pair is one.
   */
  #pairs = 0;
  #startPairs = 0;
  #tailPairs = 0;
  /** Once the array is closed: where the line after it being read starts in #buf, and its number. */
  #tail = 0;
  #tailLine = 1;
  /** The line of the "," after the last element read, until another element starts; else 0. */
  #comma = 0;
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
      // Line breaks, and the second halves of surrogate pairs: a column counts characters.
      if (c < 0xdc00) {
        if (c === 10) {
          this.#line++;
          this.#lineStart = i + 1;
          this.#lows = 0;
        }
      } else if (c <= 0xdfff) {
        this.#lows++;
        if (i > 0 && isHigh(buf.charCodeAt(i - 1))) this.#pairs++;
      }
      if (this.#error !== null) continue;
      if (this.#state === 'done') {
        if (c === 10) {
          this.consumed = i + 1 - before;
          const after = this.#after(buf, i, this.#line - 1);
          if (after !== null) yield after;
          this.#tail = i + 1;
          this.#tailPairs = this.#pairs;
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
          this.#state = 'before-element';
          if (c === 93) this.#close(i);
          else this.#comma = this.#line;
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
        if (c === 44) {
          this.#state = 'before-element';
          this.#comma = this.#line;
        } else if (c === 93) this.#close(i);
        else
          this.#error = { line: this.#line, text: '', error: 'expected "," or "]" between array elements' };
      } else if (c === 93) {
        const comma = this.#comma;
        this.#close(i);
        if (comma > 0) yield trailingComma(comma);
      } else {
        this.#comma = 0;
        this.#state = 'in-element';
        this.#start = i;
        this.#startPairs = this.#pairs;
        this.#startLine = this.#line;
        this.#startColumn = i - this.#lineStart + 1 - this.#lows;
        this.#depth = 0;
        this.#inString = false;
        this.#escaped = false;
        this.#scan(c);
      }
    }
    // Keep only the element (or line after the array) being read, so memory stays at one record;
    // none of one past the limit.
    const done = this.#state === 'done';
    const start = done ? this.#tail : this.#start;
    const pairs = this.#pairs - (done ? this.#tailPairs : this.#startPairs);
    if (start >= 0 && buf.length - start - pairs > this.maxLength) this.#oversized = true;
    const keep = start >= 0 && !this.#oversized ? start : buf.length;
    this.#buf = buf.slice(keep);
    this.#lineStart -= keep;
    if (this.#start >= 0) this.#start = 0;
    if (this.#state === 'done') this.#tail = 0;
    this.#pos = this.#buf.length;
  }

  /** The array closes with the "]" at `at`: what follows it on its line is the first line after it. */
  #close(at: number): void {
    this.#state = 'done';
    this.#tail = at + 1;
    this.#tailPairs = this.#pairs;
    this.#tailLine = this.#line;
    this.#comma = 0;
  }

  /**
   * The line after the array that ends before `end` (a line break, or the input's end), as a record
   * rejected whole and copied to the rejects file; null when it holds only white space.
   */
  #after(buf: string, end: number, line: number): InputItem | null {
    const oversized = this.#oversized;
    this.#oversized = false;
    const tailLine = this.#tailLine;
    this.#tailLine = line + 1;
    if (oversized) return tooLong(tailLine, this.maxLength);
    // JSON's white space trimmed, as a blank line holds only that: a no-break space is rejected.
    const text = buf.slice(this.#tail, end).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    return text === '' ? null : { line: tailLine, text, error: AFTER_ARRAY, unreadable: true };
  }

  *end(): Generator<InputItem> {
    if (this.#error !== null) yield this.#error;
    else if (this.#state === 'done') {
      const after = this.#after(this.#buf, this.#buf.length, this.#line);
      if (after !== null) yield after;
    } else if (this.sequence) {
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
    } else {
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
    const oversized =
      this.#oversized || end - this.#start - (this.#pairs - this.#startPairs) > this.maxLength;
    this.#oversized = false;
    // Its lines are read all the same, to the line it ends on.
    if (oversized)
      return this.#line > this.#startLine
        ? { ...tooLong(this.#startLine, this.maxLength), endLine: this.#line }
        : tooLong(this.#startLine, this.maxLength);
    const raw = buf.slice(this.#start, end);
    const text = raw.trimEnd();
    // The line of its last character: the line read up to, less the line breaks trimmed after it.
    let endLine = this.#line;
    for (let i = text.length; i < raw.length; i++) if (raw.charCodeAt(i) === 10) endLine--;
    const item: InputItem =
      endLine > this.#startLine ? { line: this.#startLine, text, endLine } : { line: this.#startLine, text };
    return this.#startColumn > 1 ? { ...item, column: this.#startColumn } : item;
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

/**
 * Each line after the closing "]" of the array: the input is one JSON array (docs/claim-records.md),
 * so what follows is no record of it; it is not dropped either, but rejected line by line and
 * copied, so the rejects file holds it as written and can be ingested on its own.
 */
const AFTER_ARRAY =
  'this line comes after the closing "]" of the array, and a file holds one JSON array (or NDJSON, or records written one after another): it was not read as a record. It and every line after the array are copied to the rejects file as written; ingest that file once the array is done';

/** A comma before the closing "]", which JSON does not allow: the elements before it are read. */
function trailingComma(line: number): InputItem {
  return {
    line,
    text: '',
    error:
      'a "," after the last element of the array, before its closing "]": JSON allows none there; the records before it were read; remove the comma',
  };
}

const CONTINUE = 0;
const INCLUSIVE = 1;
const BEFORE = 2;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
