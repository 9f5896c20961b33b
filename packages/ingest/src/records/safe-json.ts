// JSON.parse keeps a "__proto__" key as an own property, which is safe by itself; the danger is
// later code copying it with plain assignment (`out[key] = value`), which would swap a prototype.
// Such keys have no meaning in a claim record, so they are refused before anything copies them.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly path: string; readonly message: string };

/** Parses one JSON text and refuses keys that could reach an object's prototype. */
export function parseJsonSafely(text: string): JsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const start = text.trimStart();
    // No JSON value starts so (a CSV row, a line of prose): say that, not where parsing broke.
    if (start !== '' && !JSON_START.test(start))
      return { ok: false, path: '', message: `not JSON: it begins ${JSON.stringify(start.slice(0, 20))}` };
    return { ok: false, path: '', message: `malformed JSON: ${(error as Error).message}` };
  }
  return checkKeys(value, text);
}

/** The first character of any JSON text: an object, array, string, number, true, false or null. */
const JSON_START = /^[{["\-0-9tfn]/;

/** Refuses forbidden keys at any depth of an already parsed value. `text` lets the common case skip the walk. */
export function checkKeys(value: unknown, text?: string): JsonResult {
  if (text !== undefined && !mayHoldForbiddenKey(text)) return { ok: true, value };
  const path = findForbiddenKey(value, []);
  return path === null
    ? { ok: true, value }
    : {
        ok: false,
        path: path.join('.'),
        message: `the key "${path[path.length - 1]}" is not allowed (it could reach an object's prototype)`,
      };
}

function mayHoldForbiddenKey(text: string): boolean {
  // Escapes such as "\u005f_proto__" also decode to a forbidden key, so any backslash-u forces the walk.
  return (
    text.includes('__proto__') ||
    text.includes('constructor') ||
    text.includes('prototype') ||
    text.includes('\\u')
  );
}

function findForbiddenKey(value: unknown, path: string[]): string[] | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return [...path, key];
      const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}
