// JSON.parse keeps a "__proto__" key as an own property, which is safe by itself; the danger is
// later code copying it with plain assignment (`out[key] = value`), which would swap a prototype.
// Such keys have no meaning in a claim record, so they are refused before anything copies them.
import { malformedAt, type SyntaxFault, syntaxError } from '../input/json-syntax.js';
import { holdsLoneSurrogate, loneSurrogate, mayEscapeSurrogate } from '../input/lone-surrogates.js';
import { isUnseen } from './unseen-chars.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deep objects and arrays may sit inside one another in a record, the record itself being
 * level 1. A claim record is 3 deep (source.url), an event record 6 (event.data.changes.occurred.
 * anchor); nothing written by hand comes near. Past it, walks over the value would run out of stack
 * (a record nested 5,000 deep did), so such a record is refused at its line, by its text.
 */
export const MAX_DEPTH = 100;

export type JsonResult =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly path: string;
      readonly message: string;
      /** For malformed JSON: where in the text it breaks, and why (json-syntax.ts). */
      readonly syntax?: SyntaxFault;
    };

/**
 * Parses one JSON text and refuses keys that could reach an object's prototype, a key written more
 * than once in one object, a number too large or too small to be held as written, objects or
 * arrays nested more than MAX_DEPTH deep, and a lone surrogate written as an escape ("\ud800").
 */
export function parseJsonSafely(text: string): JsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const start = text.trimStart();
    // No JSON value starts so (a CSV row, a line of prose): say that, not where parsing broke.
    // A line of a no-break space or a zero-width space is told where JSON breaks, naming it.
    if (start !== '' && !startsLikeJson(start) && !isUnseen(String.fromCodePoint(start.codePointAt(0)!)))
      return { ok: false, path: '', message: `not JSON: it begins ${JSON.stringify(start.slice(0, 20))}` };
    const syntax = syntaxError(text, error);
    const parted = csvSeparator(text, syntax);
    if (parted !== null)
      return {
        ok: false,
        path: '',
        message: `not JSON: it begins ${JSON.stringify(start.slice(0, 20))}: values parted by ${parted} as in a CSV row`,
      };
    return { ok: false, path: '', message: malformedAt({ line: 1, text }, syntax, false), syntax };
  }
  // One scan for escapes serves both checks that need them; most lines have none.
  const escapes = text.includes('\\u');
  const keys: JsonResult = escapes || namesForbiddenKey(text) ? checkKeys(value) : { ok: true, value };
  if (!keys.ok) return keys;
  // JSON.parse keeps the last of two values for one key, reads 1e400 as Infinity (which JSON cannot
  // write back) and 1e-400 as 0, without a word: a record holds a field once, and numbers it can store.
  // A value nested past MAX_DEPTH counts as NaN too, and the text is read again to say where.
  if (keysWritten(text) !== keysHeld(value, 1)) {
    const unheld = firstUnheld(text);
    if (unheld !== null) return { ok: false, ...unheld };
  }
  if (escapes && mayEscapeSurrogate(text)) {
    const lone = loneSurrogate(value, MAX_DEPTH);
    if (lone !== null) return { ok: false, ...lone };
  }
  // A record handed over as a JavaScript string may hold one as a character, which no file can.
  if (holdsLoneSurrogate(text)) {
    const lone = loneSurrogate(value, MAX_DEPTH, true);
    if (lone !== null) return { ok: false, ...lone };
  }
  return keys;
}

/**
 * What parts the values of a CSV row that JSON.parse read the first field of (a quoted field, a
 * number) before it broke: a comma or semicolon right after that value, or a tab among the white
 * space after it. Null for a line that begins as a record does, or breaks in any other way.
 */
function csvSeparator(text: string, { at, reason }: SyntaxFault): string | null {
  if (/^\s*[{[]/.test(text) || !reason.startsWith('Unexpected non-whitespace character after JSON'))
    return null;
  const next = text[at];
  if (next === ',' || next === ';') return `"${next}"`;
  let before = at;
  while (before > 0 && /\s/.test(text[before - 1]!)) before--;
  return text.slice(before, at).includes('\t') ? 'a tab' : null;
}

/** The first character of any JSON text: an object, array, string, number, true, false or null. */
const JSON_START = /^[{["\-0-9tfn]/;
const LITERALS: Readonly<Record<string, string>> = { t: 'true', f: 'false', n: 'null' };

/**
 * Whether some JSON text could begin so. A line beginning with t, f or n is only JSON's start while
 * it follows true, false or null ("nul", cut short, still does): "not json" or "hello" does not.
 */
function startsLikeJson(start: string): boolean {
  if (!JSON_START.test(start)) return false;
  const literal = LITERALS[start[0]!];
  if (literal === undefined) return true;
  const word = /^[a-z]*/i.exec(start)![0];
  return literal.startsWith(word);
}

/** Refuses forbidden keys at any depth of an already parsed value. `text` lets the common case skip the walk. */
export function checkKeys(value: unknown, text?: string): JsonResult {
  if (text !== undefined && !text.includes('\\u') && !namesForbiddenKey(text)) return { ok: true, value };
  const path = findForbiddenKey(value, [], 1);
  if (path === null) return { ok: true, value };
  if (path === TOO_DEEP) return { ok: false, ...tooDeep(findDeep(value), Array.isArray(value)) };
  return {
    ok: false,
    path: path.join('.'),
    message: `the key "${path[path.length - 1]}" is not allowed (it could reach an object's prototype)`,
  };
}

const TOO_DEEP = Symbol('too deep');

/** The record's path to the first object or array past MAX_DEPTH (an array's own, when it is one). */
function findDeep(value: unknown): string[] {
  const path: string[] = [];
  let current = value;
  // Each object or array met on the way down; the first one deeper down holds the one past the limit.
  for (let depth = 1; depth <= MAX_DEPTH; depth++) {
    const entries = Object.entries(current as object);
    const [key, inner] = entries.find(([, v]) => holdsDeep(v, depth + 1)) ?? entries[0]!;
    path.push(key);
    current = inner;
  }
  return path;
}

/** Whether `value`, at `depth`, is or holds an object or array past MAX_DEPTH (bounded: it stops there). */
function holdsDeep(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > MAX_DEPTH) return true;
  return Object.values(value).some((v) => holdsDeep(v, depth + 1));
}

/**
 * The problem of a record nested too deep, at the field it is nested in (none when the whole value is
 * an array), the path down to where it passes the limit shortened in the message.
 */
function tooDeep(path: readonly (string | number)[], array: boolean): { path: string; message: string } {
  const at = path.length > 6 ? `${path.slice(0, 3).join('.')}.….${path.slice(-2).join('.')}` : path.join('.');
  return {
    path: array ? '' : String(path[0]),
    message: `objects and arrays nested more than ${MAX_DEPTH} levels deep (past it at ${at}); a record may nest at most ${MAX_DEPTH} levels`,
  };
}

/** Whether the text writes a forbidden key as is. Escapes such as "\u005f_proto__" also decode to one, so any backslash-u forces the walk too. */
function namesForbiddenKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('prototype');
}

function findForbiddenKey(value: unknown, path: string[], depth: number): string[] | typeof TOO_DEEP | null {
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], [...path, String(i)], depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return [...path, key];
    const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * How many keys the text of a valid JSON value writes: each string followed by a colon. Strings are
 * skipped whole (indexOf to their closing quote), so a line costs a few jumps per string.
 */
function keysWritten(text: string): number {
  let keys = 0;
  for (let open = text.indexOf('"'); open >= 0; ) {
    let close = text.indexOf('"', open + 1);
    while (escaped(text, close)) close = text.indexOf('"', close + 1);
    let next = close + 1;
    let c = text.charCodeAt(next);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++next);
    if (c === 58) keys++;
    open = text.indexOf('"', next);
  }
  return keys;
}

/** The characters a JSON number is written with after its first: digits, `.`, `e`, `E`, `+`, `-`. */
const NUMBER_PART = new Set(Array.from('0123456789.eE+-', (c) => c.charCodeAt(0)));

/** Whether the quote at `at` is escaped: an odd run of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * How many keys the parsed value holds, at any depth: fewer than written when one was written twice;
 * NaN (equal to no count) when it holds a number that is not finite, or is zero, which the text may
 * have written as a number too small to hold (1e-400): the text is read again to tell.
 */
function keysHeld(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null)
    return typeof value === 'number' && (value === 0 || !Number.isFinite(value)) ? Number.NaN : 0;
  if (depth > MAX_DEPTH) return Number.NaN;
  let keys = 0;
  if (Array.isArray(value)) {
    for (const item of value) keys += keysHeld(item, depth + 1);
    return keys;
  }
  for (const key in value) keys += 1 + keysHeld((value as Record<string, unknown>)[key], depth + 1);
  return keys;
}

/**
 * The first object or array a valid JSON text nests past MAX_DEPTH, key it writes more than once
 * in one object (with how many times that object writes it), or number it writes that is not finite or that is read as 0 though its digits
 * are not all zeros, with its path and a message; keys are compared as JSON reads them, so
 * `"contr\u006fller"` is `controller` again, and a number is named as written.
 */
function firstUnheld(text: string): { path: string; message: string } | null {
  // One frame per open object (its keys as read, to how each was written) or array; `at` is the
  // key or index of the value being read in it.
  const frames: Frame[] = [];
  /** The first key written again, its spellings counted until its object ends. */
  let repeat: Repeat | null = null;
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let close = text.indexOf('"', i + 1);
      while (escaped(text, close)) close = text.indexOf('"', close + 1);
      if (keyNext) {
        const written = text.slice(i, close + 1);
        const key = written.includes('\\') ? (JSON.parse(written) as string) : written.slice(1, -1);
        const frame = frames[frames.length - 1]!;
        if (repeat !== null) {
          if (repeat.frame === frame && repeat.key === key) repeat.spellings.push(written);
        } else {
          const before = frame.keys!.get(key);
          if (before === undefined) frame.keys!.set(key, written);
          else {
            const path = [...frames.slice(0, -1).map((f) => f.at), key].join('.');
            repeat = { frame, key, path, spellings: [before, written] };
          }
        }
        frame.at = key;
        keyNext = false;
      }
      i = close;
    } else if (c === 123 || c === 91) {
      if (frames.length === MAX_DEPTH)
        return tooDeep(
          frames.map((f) => f.at),
          frames[0]!.keys === null,
        );
      frames.push(c === 123 ? { keys: new Map(), at: '' } : { keys: null, at: 0 });
      keyNext = c === 123;
    } else if (c === 125 || c === 93) {
      const closed = frames.pop();
      if (repeat !== null && closed === repeat.frame) return repeated(repeat);
      keyNext = false;
    } else if (c === 44) {
      const frame = frames[frames.length - 1]!;
      if (frame.keys === null) frame.at = (frame.at as number) + 1;
      else keyNext = true;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let end = i + 1;
      while (end < text.length && NUMBER_PART.has(text.charCodeAt(end))) end++;
      const unheld = repeat === null ? unheldNumber(text.slice(i, end)) : null;
      if (unheld !== null) return { path: frames.map((f) => f.at).join('.'), message: unheld };
      i = end - 1;
    }
  }
  return repeat === null ? null : repeated(repeat);
}

interface Frame {
  readonly keys: Map<string, string> | null;
  at: number | string;
}

interface Repeat {
  readonly frame: Frame;
  readonly key: string;
  readonly path: string;
  /** Each time the object writes the key, as written. */
  readonly spellings: string[];
}

function repeated({ key, path, spellings }: Repeat): { path: string; message: string } {
  const times = spellings.length === 2 ? 'twice' : `${spellings.length} times`;
  const spelt = spellings.find((w) => w !== JSON.stringify(key));
  const as = spelt === undefined ? '' : ` (once written ${spelt})`;
  return {
    path,
    message: `the key ${JSON.stringify(key)} appears ${times} in this object${as}; JSON would keep only the last value: write the field once`,
  };
}

/**
 * Why a number written so cannot be held: JSON reads it as Infinity (too large), or as 0 when its
 * digits before any exponent are not all zeros (too small: 1e-400); null for any other.
 */
function unheldNumber(written: string): string | null {
  const value = Number(written);
  if (Number.isFinite(value) && (value !== 0 || !/[1-9]/.test(written.split(/[eE]/)[0]!))) return null;
  const shown = written.length > 40 ? `${written.slice(0, 20)}…${written.slice(-10)}` : written;
  return Number.isFinite(value)
    ? `${shown} is not zero, but too small for a number to hold: JSON would read it as 0; write the value meant`
    : `${shown} is not a finite number: it is too large for a number to hold; write the value meant`;
}
