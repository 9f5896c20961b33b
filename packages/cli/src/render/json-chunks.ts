// JSON text in pieces. `JSON.stringify(value, null, 2)` builds one string, and V8 refuses a string
// past about 512 MB ("Invalid string length"). A mission's accounts can reach that: each lists the
// accounts it contradicts, so a mission of n accounts split between two controllers writes about n²/2
// ids. jsonPieces gives the same text in pieces of bounded size, so a command can write an
// answer of any length without holding it whole.

/** Arrays of up to this many plain values are written as one run. */
const FLAT_RUN = 256;
/** A piece is handed on once it is this long: it ends within one value or one run past it. */
const PIECE = 4 * 1024;

/**
 * The text `JSON.stringify(value, null, 2)` gives, with every line after the first indented by
 * `indent`, in pieces of about PIECE characters (longer only by one long value, or one run of at
 * most FLAT_RUN plain values). A value JSON has no text for (undefined, a function) gives no piece,
 * as JSON.stringify gives undefined.
 *
 * The text is made in one loop over a stack of the arrays and objects open, in the order
 * JSON.stringify takes the values (a getter or toJSON is asked once, where JSON.stringify asks it):
 * a generator for every level, each piece handed up through all of them, cost more than working
 * out the answer did (json-chunks-few-pieces.test.ts).
 */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  const text = new TextUnderWay(new SharedLists());
  text.value(jsonValueOf(value, ''), indent);
  while (text.step()) {
    if (text.out.length >= PIECE) yield text.take();
  }
  if (text.out.length > 0) yield text.out;
}

/** An array or object being written: where it stands, and what ends it. */
type Open =
  /** A list written from its kept text, a run at a time. */
  | { readonly kept: readonly string[]; next: number }
  | {
      readonly array: readonly unknown[];
      readonly indent: string;
      next: number;
      /** The text of a list to keep (SharedLists), as it is written; null when not kept. */
      readonly keep: string[] | null;
    }
  | {
      readonly object: object;
      readonly indent: string;
      readonly names: readonly string[];
      next: number;
      wrote: boolean;
    };

/** The state of one jsonPieces call: the text not yet handed on, and the values still open. */
class TextUnderWay {
  out = '';
  private readonly open: Open[] = [];
  /** The values being written, for refusing one inside itself as JSON.stringify does. */
  private readonly inside = new Set<object>();

  constructor(private readonly lists: SharedLists) {}

  /** The text so far, handed on. */
  take(): string {
    const piece = this.out;
    this.out = '';
    return piece;
  }

  /** Starts `v` (a value whose toJSON, if any, was already called): written, or opened. */
  value(v: unknown, indent: string): void {
    if (v === null || typeof v !== 'object') {
      const text = JSON.stringify(v) as string | undefined;
      if (text !== undefined) this.out += text;
      return;
    }
    // A value inside itself has no JSON text: refused as JSON.stringify refuses it.
    if (this.inside.has(v)) throw new TypeError('Converting circular structure to JSON');
    if (Array.isArray(v)) {
      // A list met before is written from the text kept for it (SharedLists).
      const kept = this.lists.textOf(v, indent);
      if (kept !== undefined) {
        this.open.push({ kept, next: 0 });
        return;
      }
      if (v.length === 0) {
        this.out += '[]';
        return;
      }
      const keep: string[] | null = this.lists.worthKeeping(v) ? ['['] : null;
      this.out += '[';
      this.inside.add(v);
      this.open.push({ array: v, indent, next: 0, keep });
      return;
    }
    this.inside.add(v);
    this.open.push({ object: v, indent, names: Object.keys(v), next: 0, wrote: false });
  }

  /** Writes the next run, member or end of the innermost open value; false once nothing is open. */
  step(): boolean {
    const top = this.open.at(-1);
    if (top === undefined) return false;
    if ('kept' in top) {
      this.out += top.kept[top.next++]!;
      if (top.next >= top.kept.length) this.open.pop();
    } else if ('array' in top) this.element(top);
    else this.member(top);
    return true;
  }

  private element(top: Extract<Open, { array: unknown }>): void {
    const v = top.array;
    const inner = `${top.indent}  `;
    let i = top.next;
    if (i >= v.length) {
      const end = `\n${top.indent}]`;
      this.out += end;
      if (top.keep !== null) {
        top.keep.push(end);
        this.lists.keep(v, top.indent, top.keep);
      }
      this.close(v);
      return;
    }
    const element = jsonValueOf(v[i], String(i));
    if (element !== null && typeof element === 'object') {
      top.next = i + 1;
      this.out += `${i === 0 ? '' : ','}\n${inner}`;
      this.value(element, inner);
      return;
    }
    // A run of plain values, up to an object or array (already turned by its toJSON), written next.
    let run = '';
    const end = Math.min(v.length, i + FLAT_RUN);
    let e: unknown = element;
    for (;;) {
      run += `${i === 0 ? '' : ','}\n${inner}${plainText(e)}`;
      i++;
      if (i >= end) break;
      e = jsonValueOf(v[i], String(i));
      if (e !== null && typeof e === 'object') break;
    }
    this.out += run;
    top.keep?.push(run);
    top.next = i;
    if (i < v.length && i < end) {
      top.next = i + 1;
      this.out += `,\n${inner}`;
      this.value(e, inner);
    }
  }

  private member(top: Extract<Open, { object: unknown }>): void {
    const v = top.object as Record<string, unknown>;
    const inner = `${top.indent}  `;
    while (top.next < top.names.length) {
      const name = top.names[top.next++]!;
      const member = jsonValueOf(v[name], name);
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      this.out += `${top.wrote ? ',' : '{'}\n${inner}${nameText(name)}: `;
      top.wrote = true;
      if (member !== null && typeof member === 'object') {
        this.value(member, inner);
        return;
      }
      this.out += JSON.stringify(member);
      if (this.out.length >= PIECE) return;
    }
    this.out += top.wrote ? `\n${top.indent}}` : '{}';
    this.close(v);
  }

  private close(v: object): void {
    this.open.pop();
    this.inside.delete(v);
  }
}

/** The JSON text of member names met, as answers repeat a few dozen names millions of times. */
const NAMES = new Map<string, string>();
/** Past this many names (an answer keyed by ids), the rest are turned into text each time. */
const NAMES_KEPT = 4096;

function nameText(name: string): string {
  let text = NAMES.get(name);
  if (text === undefined) {
    text = JSON.stringify(name);
    if (NAMES.size < NAMES_KEPT) NAMES.set(name, text);
  }
  return text;
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
