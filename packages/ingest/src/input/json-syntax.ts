// Where a record's JSON breaks, as a place a person can go to: the file line and column. JSON.parse
// says "at position N", counting characters from the record's start (a pretty-printed record's
// first line, newlines included), or, for some errors ("Unexpected token 'x', "…" is not valid
// JSON"), says no place at all; syntaxErrorAt then finds it.

import { isUnseen, unseenName } from '../records/unseen-chars.js';

/** Where a JSON text breaks (an index into it; its length when it ends too soon), and why. */
export interface SyntaxFault {
  readonly at: number;
  readonly reason: string;
}

const POSITION = /(?: in JSON)? at position (\d+)(?: \(line \d+ column \d+\))?$/;
const UNEXPECTED_TOKEN = /^(Unexpected token '.+?'), .*is not valid JSON$/s;

/** The place and reason of JSON.parse's `error` for `text`; the reason without a position or quoted text. */
export function syntaxError(text: string, error: unknown): SyntaxFault {
  const message = error instanceof Error ? error.message : String(error);
  const position = POSITION.exec(message);
  if (position !== null) return { at: Number(position[1]), reason: message.slice(0, position.index) };
  const token = UNEXPECTED_TOKEN.exec(message);
  const at = syntaxErrorAt(text);
  return { at: at < 0 ? text.length : at, reason: token === null ? message : token[1]! };
}

/**
 * The message for malformed JSON in `item`: at its file line and column when it was read from a file
 * (its `line` the line it starts on, its `column` where on it), else at a character of the text.
 */
export function malformedAt(
  item: { readonly line: number; readonly text: string; readonly column?: number },
  fault: SyntaxFault,
  inFile: boolean,
): string {
  const { at } = fault;
  const reason = reasonFor(item.text, fault);
  if (!inFile) return `malformed JSON at character ${characters(item.text, 0, at) + 1}: ${reason}`;
  const place = placeOf(item.text, at, item.line, item.column);
  return `malformed JSON at line ${place.line}, column ${place.column}: ${reason}`;
}

/**
 * Why the JSON breaks, in words for what JSON.parse names too plainly: a byte order mark past the
 * start of the file (two files joined, the second saved with one), which it prints as an invisible
 * "Unexpected token ''"; records on lines that end in a bare carriage return.
 */
function reasonFor(text: string, { at, reason }: SyntaxFault): string {
  if (text.charCodeAt(at) === 0xfeff)
    return 'a byte order mark (U+FEFF), which only the start of a file may hold: were files joined together? Remove it';
  // A no-break space, a form feed, a zero-width space: JSON.parse prints it as it is, so a reader
  // would see "Unexpected token ' '" or nothing at all.
  const c = String.fromCodePoint(text.codePointAt(at) ?? 0);
  if (at < text.length && isUnseen(c)) {
    const only = ONLY_UNSEEN.test(text)
      ? '; a line of nothing else is no blank line (spaces and tabs alone make one)'
      : '';
    return `${unseenName(c)}, which JSON does not read as white space (only spaces, tabs and line breaks are): remove it${only}`;
  }
  // Records parted by a bare "\r" (old Mac line endings): the file is one line, which JSON.parse
  // finds goes on after its first record.
  if (BARE_CR_BETWEEN_RECORDS.test(text))
    return `${reason}; lines end in a bare carriage return (old Mac line endings), so they were read as one: convert them to \\n`;
  return reason;
}

/** Text of white space, invisible and control characters alone. */
const ONLY_UNSEEN = /^[\s\p{Cf}\p{Cc}]*$/u;

/** A record's end, a carriage return with no line feed after it, and another record's start. */
const BARE_CR_BETWEEN_RECORDS = /\}[\t ]*\r(?!\n)\s*\{/;

/**
 * The 1-based line and column (in characters: an emoji is one) of index `at` of a record's text
 * that starts on `line`, at `column` of it.
 */
export function placeOf(
  text: string,
  at: number,
  line: number,
  column = 1,
): { line: number; column: number } {
  let lines = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < at; nl = text.indexOf('\n', nl + 1)) {
    lines++;
    lineStart = nl + 1;
  }
  return { line: line + lines, column: (lines === 0 ? column : 1) + characters(text, lineStart, at) };
}

/** Characters (code points) from `from` to `to`: a pair of surrogates is one. */
function characters(text: string, from: number, to: number): number {
  let count = to - from;
  for (let i = from + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && isHigh(text.charCodeAt(i - 1))) count--;
  }
  return count;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: Readonly<Record<number, string>> = { 116: 'true', 102: 'false', 110: 'null' };

/**
 * The index at which `text` stops being one JSON value, read left to right as JSON.parse reads it:
 * its length when it ends too soon, -1 when it is JSON. Nesting is kept on a stack, not in calls,
 * so no depth runs it out of stack.
 */
export function syntaxErrorAt(text: string): number {
  const closers: number[] = [];
  let i = space(text, 0);
  for (;;) {
    // A value starts at i.
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      const close = c === 123 ? 125 : 93;
      i = space(text, i + 1);
      if (text.charCodeAt(i) === close) i++;
      else {
        closers.push(close);
        if (close === 125) {
          i = member(text, i);
          if (i < 0) return ~i;
        }
        continue;
      }
    } else if (c === 34) {
      i = string(text, i);
      if (i < 0) return ~i;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return c === 45 ? i + 1 : i;
      i = NUMBER.lastIndex;
    } else {
      const literal = LITERALS[c];
      if (literal === undefined) return i;
      for (let k = 1; k < literal.length; k++)
        if (text.charCodeAt(i + k) !== literal.charCodeAt(k)) return i + k;
      i += literal.length;
    }
    // After a value: the commas and closing brackets up to the next value, or the end.
    for (;;) {
      i = space(text, i);
      const close = closers[closers.length - 1];
      if (close === undefined) return i < text.length ? i : -1;
      const next = text.charCodeAt(i);
      if (next === close) {
        closers.pop();
        i++;
        continue;
      }
      if (next !== 44) return i;
      i = space(text, i + 1);
      if (close === 125) {
        i = member(text, i);
        if (i < 0) return ~i;
      }
      break;
    }
  }
}

/** An object's key and colon at `i`: the index of its value, or ~index where it breaks. */
function member(text: string, i: number): number {
  if (text.charCodeAt(i) !== 34) return ~i;
  const end = string(text, i);
  if (end < 0) return end;
  const colon = space(text, end);
  return text.charCodeAt(colon) === 58 ? space(text, colon + 1) : ~colon;
}

const ESCAPED = new Set(Array.from('"\\/bfnrtu', (c) => c.charCodeAt(0)));
const HEX = /^[0-9a-fA-F]{4}$/;

/** The string opening at `i`: the index after its closing quote, or ~index where it breaks. */
function string(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) return j + 1;
    if (c < 0x20) return ~j;
    if (c === 92) {
      const e = text.charCodeAt(j + 1);
      if (!ESCAPED.has(e)) return ~(j + 1);
      if (e === 117 && !HEX.test(text.slice(j + 2, j + 6))) return ~(j + 2);
      j += e === 117 ? 5 : 1;
    }
  }
  return ~text.length;
}

function space(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
  return i;
}
