// Which lines of a byte stream are not UTF-8. Decoding alone would hide them: a byte that is no
// character becomes U+FFFD, and a quote saved as Windows-1252 ("the embassy’s" with its 0x92) would
// be stored with a replacement character instead of the words as written. The check runs on each
// chunk before its text reaches the splitter, so a line is judged before its record is taken.
import { isUtf8 } from 'node:buffer';

const NEWLINE = 0x0a;
const EMPTY = new Uint8Array(0);

export class Utf8Lines {
  /** The first bad byte of each line that has one: line number to a description of it. */
  readonly #bad = new Map<number, string>();
  /** The bytes of a character cut at the end of the last chunk. */
  #carry: Uint8Array = EMPTY;
  /** Newline bytes before the current chunk, and bytes since the last of them. */
  #newlines = 0;
  #column = 0;

  /** Checks a chunk; its text is then safe to split. */
  write(chunk: Uint8Array): void {
    const bytes = this.#carry.length === 0 ? chunk : concat(this.#carry, chunk);
    const end = completeEnd(bytes);
    this.#carry = bytes.slice(end);
    this.#scan(bytes.subarray(0, end));
  }

  /** At the end of the stream: a character cut short there is a bad byte on the last line. */
  end(): void {
    if (this.#carry.length > 0)
      this.#note(
        this.#newlines + 1,
        this.#column,
        this.#carry[0]!,
        'begins a character that the input ends before finishing',
      );
    this.#carry = EMPTY;
  }

  /**
   * The description of the first bad byte on lines from..to (1-based), or null. Lines up to `to` are
   * done with: what is noted for them is dropped, so the notes never outgrow the lines still unread.
   */
  badIn(from: number, to: number): string | null {
    if (this.#bad.size === 0) return null;
    let found: string | null = null;
    let foundLine = Number.POSITIVE_INFINITY;
    for (const [line, description] of this.#bad) {
      if (line > to) continue;
      if (line >= from && line < foundLine) {
        found = description;
        foundLine = line;
      }
      this.#bad.delete(line);
    }
    return found;
  }

  #scan(bytes: Uint8Array): void {
    if (isUtf8(bytes)) {
      this.#count(bytes, 0, bytes.length);
      return;
    }
    // Rare: find each line's first bad byte, byte by byte.
    let at = 0;
    while (at < bytes.length) {
      const bad = firstInvalid(bytes, at);
      const upTo = bad < 0 ? bytes.length : bad;
      this.#count(bytes, at, upTo);
      if (bad < 0) break;
      this.#note(this.#newlines + 1, this.#column, bytes[bad]!, 'is not part of any UTF-8 character');
      this.#column++;
      at = bad + 1;
    }
  }

  #note(line: number, column: number, byte: number, what: string): void {
    if (this.#bad.has(line)) return;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    this.#bad.set(
      line,
      `the text is not UTF-8: byte ${hex} (byte ${column + 1} of line ${line}) ${what}. Save the file ` +
        'as UTF-8 and ingest it again; the line is not copied to the rejects file, where its text ' +
        'could only be written with a replacement character',
    );
  }

  #count(bytes: Uint8Array, from: number, to: number): void {
    let last = -1;
    for (let i = bytes.indexOf(NEWLINE, from); i >= 0 && i < to; i = bytes.indexOf(NEWLINE, i + 1)) {
      this.#newlines++;
      last = i;
    }
    this.#column = last < 0 ? this.#column + (to - from) : to - last - 1;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Where a character cut off by the end of `bytes` begins, or the length when none is. */
function completeEnd(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const b = bytes[i]!;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + size > bytes.length ? i : bytes.length;
    }
  }
  return bytes.length;
}

/** The index of the first byte at or after `from` that does not begin or continue a UTF-8 character, or -1. */
export function firstInvalid(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The lead byte decides the length and the range of the byte after it (no overlong forms, no
    // surrogates, nothing past U+10FFFF); any later byte is 0x80-0xBF.
    let size: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) size = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      size = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      size = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + size > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < size; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += size;
  }
  return -1;
}
