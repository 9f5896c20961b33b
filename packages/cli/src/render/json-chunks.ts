// JSON text in pieces. `JSON.stringify(value, null, 2)` builds one string, and V8 refuses a string
// past about 512 MB ("Invalid string length"). A mission's accounts can reach that: each lists the
// accounts it contradicts, so a mission of n accounts split between two controllers writes about n²/2
// ids. These generators give the same text in pieces of bounded size, so a command can write an
// answer of any length without holding it whole.

/** Arrays of up to this many plain values are written as one piece. */
const FLAT_RUN = 256;

/**
 * The text `JSON.stringify(value, null, 2)` gives, with every line after the first indented by
 * `indent`, in pieces. A piece is one small value, or one run of at most FLAT_RUN plain values. A
 * value JSON has no text for (undefined, a function) gives no piece, as JSON.stringify gives
 * undefined.
 */
export function jsonPieces(value: unknown, indent = ''): Generator<string> {
  return piecesOf(jsonValueOf(value, ''), indent);
}

/** jsonPieces of a value whose toJSON, if any, was already called. */
function* piecesOf(v: unknown, indent: string, open: Set<object> = new Set()): Generator<string> {
  if (v === null || typeof v !== 'object') {
    const text = JSON.stringify(v) as string | undefined;
    if (text !== undefined) yield text;
    return;
  }
  // A value inside itself has no JSON text: refused as JSON.stringify refuses it.
  if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
  open.add(v);
  yield* membersOf(v, indent, open);
  open.delete(v);
}

function* membersOf(v: object, indent: string, open: Set<object>): Generator<string> {
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    let i = 0;
    while (i < v.length) {
      const element = jsonValueOf(v[i], String(i));
      if (element === null || typeof element !== 'object') {
        // A run of plain values, one piece.
        let text = '';
        const end = Math.min(v.length, i + FLAT_RUN);
        let e: unknown = element;
        for (;;) {
          text += `${i === 0 ? '' : ','}\n${inner}${plainText(e)}`;
          i++;
          if (i >= end) break;
          e = jsonValueOf(v[i], String(i));
          if (e !== null && typeof e === 'object') break;
        }
        yield text;
        if (i < v.length && i < end) {
          // The run stopped at an object or array, already turned by its toJSON.
          yield `,\n${inner}`;
          yield* piecesOf(e, inner, open);
          i++;
        }
        continue;
      }
      yield `${i === 0 ? '' : ','}\n${inner}`;
      yield* piecesOf(element, inner, open);
      i++;
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const name of Object.keys(v)) {
    const member = jsonValueOf((v as Record<string, unknown>)[name], name);
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(name)}: `;
    first = false;
    yield* piecesOf(member, inner, open);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** An array element that is not an object: undefined, functions and symbols are written as null. */
function plainText(value: unknown): string {
  return (JSON.stringify(value) as string | undefined) ?? 'null';
}

/**
 * The value JSON writes for `value`, as JSON.stringify takes it: its toJSON result where it has one,
 * and a boxed number, string or boolean as the value it holds.
 */
function jsonValueOf(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object') {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = toJSON.call(v, key);
  }
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean) return v.valueOf();
  return v;
}

/** Pieces joined into strings of about `size` characters (the last may be shorter). */
export function* gathered(pieces: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}
