import { type InputItem, tooLong } from './input-item.js';

/** NDJSON: one record per line, CRLF or LF; empty lines pass through as empty text. */
export class NdjsonSplitter {
  /** The line being read, in the pieces it arrived in: joined once, when its end arrives. */
  #parts: string[] = [];
  #length = 0;
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
