import { canonicalJson } from '@kb/store';

// One text can be written in two Unicode forms that look alike: "é" as one code point (composed,
// NFC) or as "e" and U+0301 (decomposed, NFD), as a file saved on macOS often has it. Ingest takes
// them as one text: ids that hash text hash its composed form, and two versions of a record are
// compared in it. The text itself is stored as written. Text already composed is its own composed
// form, so the ids it gives did not change when this came in.

/**
 * Below U+0300 every character is its own composed form and composes with nothing before it (the
 * combining marks and every other character composing changes start there), so text without one
 * is composed already: a test costs a sixth of what normalize() does, and most text takes it.
 */
const MAY_CHANGE = /[\u0300-\uffff]/;

/** `text` composed (NFC): the same string when it already is. */
export function composedText(text: string): string {
  return MAY_CHANGE.test(text) ? text.normalize('NFC') : text;
}

/**
 * `value` with every string in it composed (NFC), at any depth; `value` itself, the same object,
 * when nothing in it changes, so a caller tells "already composed" by identity.
 */
export function composed<T>(value: T): T {
  if (typeof value === 'string') return composedText(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = composed(item);
      if (next !== item && out === null) out = value.slice();
      if (out !== null) out[i] = next;
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const next = composed(item);
    if (next !== item && out === null) out = { ...(value as Record<string, unknown>) };
    // Defined, not assigned: a "__proto__" key of the data stays data.
    if (out !== null)
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return (out ?? value) as T;
}

/** Whether two values hold the same data once their text is composed; equal JSON is settled first. */
export function sameComposed(a: unknown, b: unknown): boolean {
  const left = canonicalJson(a);
  const right = canonicalJson(b);
  if (left === right) return true;
  // Different JSON: equal only if some text differs in form alone, which composing shows.
  const a2 = composed(a);
  const b2 = composed(b);
  return (a2 !== a || b2 !== b) && canonicalJson(a2) === canonicalJson(b2);
}

/**
 * The id `idOf` gives content, with its text composed, so both forms of one text give one id. Text
 * not composed was hashed as written before 2026-12-06: where `storedUnder` finds the content stored
 * under the id that gave, that id stands, so a file ingested then is found again. It is asked only
 * for content whose text is not all composed, so composed text (most text) costs no look-up.
 */
export async function composedId<T>(
  content: T,
  idOf: (content: T) => string,
  storedUnder: (earlierId: string) => Promise<boolean>,
): Promise<string> {
  const text = composed(content);
  const id = idOf(text);
  if (text === content) return id;
  const before = idOf(content);
  return before !== id && (await storedUnder(before)) ? before : id;
}
