import { type InputItem, surrogatePairs, tooLong } from './input-item.js';

/**
 * NDJSON: one record per line, CRLF or LF. Blank lines are counted but give no item, so the lines
 * read end at the last record's line, not at blank lines after it (docs/claim-records.md, `lines`).
 */
export class NdjsonSplitter {
  /** The line being read, in the pieces it arrived in: joined once, when its end arrives. */
  #parts: string[] = [];
  /** The line's length so far in UTF-16 units, and its surrogate pairs: counted only past the limit, else -1. */
  #length = 0;
  #pairs = -1;
  /** The line being read passed the limit: its text is dropped until it ends. */
  #oversized = false;
  #line = 0;
  /** How much of the text last pushed the items given out so far cover: up to their line break. */
  consumed = 0;

  constructor(readonly maxLength: number) {}

  *push(text: string): Generator<InputItem> {
    let start = 0;
    this.consumed = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.#take(text.slice(start, nl));
      this.consumed = nl + 1;
      const item = this.#item();
      if (item !== null) yield item;
      start = nl + 1;
    }
    this.#take(start === 0 ? text : text.slice(start));
  }

  *end(): Generator<InputItem> {
    if (this.#length === 0 && !this.#oversized) return;
    const item = this.#item();
    if (item !== null) yield item;
  }

  #take(piece: string): void {
    if (piece === '' || this.#oversized) return;
    this.#length += piece.length;
    // The limit counts characters (code points: an emoji is one, two UTF-16 units), never less than
    // the UTF-16 length: only a line past the limit in UTF-16 units has its characters counted.
    if (this.#length > this.maxLength && this.#pastLimit(piece)) {
      this.#oversized = true;
      this.#parts = [];
    } else {
      this.#parts.push(piece);
    }
  }

  /** Whether the line, `piece` added, holds more characters than the limit; a line break's "\r" is none. */
  #pastLimit(piece: string): boolean {
    if (this.#pairs < 0) {
      this.#pairs = 0;
      let before = 0;
      for (const part of this.#parts) {
        this.#pairs += surrogatePairs(part, before);
        before = part.charCodeAt(part.length - 1);
      }
    }
    const last = this.#parts.at(-1);
    this.#pairs += surrogatePairs(piece, last === undefined ? 0 : last.charCodeAt(last.length - 1));
    const cr = piece.charCodeAt(piece.length - 1) === 13 ? 1 : 0;
    return this.#length - this.#pairs - cr > this.maxLength;
  }

  /**
   * The line just ended, or null when it is blank: spaces and tabs only, JSON's white space, as the
   * run skips it. A line of other white space (a no-break space, a form feed) or invisible
   * characters is given as a record, which JSON rejects naming the character (json-syntax.ts).
   */
  #item(): InputItem | null {
    this.#line++;
    const line = this.#line;
    const oversized = this.#oversized;
    const raw = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join('');
    this.#parts = [];
    this.#length = 0;
    this.#pairs = -1;
    this.#oversized = false;
    if (oversized) return tooLong(line, this.maxLength);
    // Only a line that starts with white space can be blank: most are told by one character.
    const c = raw.charCodeAt(0);
    if ((c === 32 || c === 9 || c === 13 || raw === '') && BLANK.test(raw)) return null;
    return { line, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw };
  }
}

/** A blank line: JSON's white space alone (the line feed ends it). */
const BLANK = /^[ \t\r]*$/;
