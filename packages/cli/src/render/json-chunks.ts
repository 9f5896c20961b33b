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
  return piecesOf(jsonValueOf(value, ''), indent, { open: new Set(), lists: new SharedLists() });
}

/** What one jsonPieces call carries down: the values being written, and the lists kept as text. */
interface Walk {
  readonly open: Set<object>;
  readonly lists: SharedLists;
}

/** jsonPieces of a value whose toJSON, if any, was already called. */
function* piecesOf(v: unknown, indent: string, walk: Walk): Generator<string> {
  if (v === null || typeof v !== 'object') {
    const text = JSON.stringify(v) as string | undefined;
    if (text !== undefined) yield text;
    return;
  }
  // A value inside itself has no JSON text: refused as JSON.stringify refuses it.
  if (walk.open.has(v)) throw new TypeError('Converting circular structure to JSON');
  walk.open.add(v);
  if (Array.isArray(v)) yield* arrayPieces(v, indent, walk);
  else yield* objectPieces(v, indent, walk);
  walk.open.delete(v);
}

/** An array's pieces, from the text kept for it when it was met before (SharedLists). */
function* arrayPieces(v: readonly unknown[], indent: string, walk: Walk): Generator<string> {
  const kept = walk.lists.textOf(v, indent);
  if (kept !== undefined) {
    yield* kept;
    return;
  }
  const keep: string[] | null = walk.lists.worthKeeping(v) ? [] : null;
  for (const piece of elementPieces(v, indent, walk)) {
    keep?.push(piece);
    yield piece;
  }
  if (keep !== null) walk.lists.keep(v, indent, keep);
}

function* elementPieces(v: readonly unknown[], indent: string, walk: Walk): Generator<string> {
  if (v.length === 0) {
    yield '[]';
    return;
  }
  const inner = `${indent}  `;
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
        yield* piecesOf(e, inner, walk);
        i++;
      }
      continue;
    }
    yield `${i === 0 ? '' : ','}\n${inner}`;
    yield* piecesOf(element, inner, walk);
    i++;
  }
  yield `\n${indent}]`;
}

function* objectPieces(v: object, indent: string, walk: Walk): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const name of Object.keys(v)) {
    const member = jsonValueOf((v as Record<string, unknown>)[name], name);
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(name)}: `;
    first = false;
    yield* piecesOf(member, inner, walk);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** Lists shorter than this are written afresh each time: their text costs little. */
const SHARED_FROM = 32;
/** At most this many characters of lists are kept as text by one jsonPieces call. */
const KEPT_AT_MOST = 32 * 1024 * 1024;

/**
 * The text of lists one answer holds in several places, kept so each is turned into text once. On a
 * contested mission every account naming one controller carries the same contradiction list (one
 * array, shared, not copied): written afresh each time, kb status --json turned 200 million ids into
 * JSON where 20,000 differ. A list is kept from the second time it is met, so a list met once costs
 * no memory, and only when every element is a plain value (a string, a number...), whose text
 * cannot change, as an object's toJSON could; the answers kb writes are not changed while written.
 */
class SharedLists {
  private readonly met = new WeakSet<readonly unknown[]>();
  private readonly kept = new Map<readonly unknown[], { indent: string; pieces: readonly string[] }>();
  private size = 0;

  /** The pieces kept for `list` at `indent`, if any. */
  textOf(list: readonly unknown[], indent: string): readonly string[] | undefined {
    const kept = this.kept.get(list);
    return kept !== undefined && kept.indent === indent ? kept.pieces : undefined;
  }

  /** Whether `list`, about to be written, should be kept: met before, long, of plain values. */
  worthKeeping(list: readonly unknown[]): boolean {
    if (list.length < SHARED_FROM) return false;
    if (!this.met.has(list)) {
      this.met.add(list);
      return false;
    }
    if (this.size >= KEPT_AT_MOST) return false;
    return list.every((e) => e === null || typeof e !== 'object');
  }

  keep(list: readonly unknown[], indent: string, pieces: readonly string[]): void {
    const before = this.kept.get(list);
    if (before !== undefined) this.size -= lengthOf(before.pieces);
    this.kept.set(list, { indent, pieces });
    this.size += lengthOf(pieces);
  }
}

const lengthOf = (pieces: readonly string[]) => pieces.reduce((n, p) => n + p.length, 0);

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
