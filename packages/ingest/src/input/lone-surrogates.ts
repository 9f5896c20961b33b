// Lone surrogates written as JSON escapes ("\ud800"): half of a UTF-16 pair without its other half.
// No UTF-8 text can hold one, so the same character as raw bytes is refused by utf8-lines.ts; as an
// escape it would get past that and be stored, and JSON written from it breaks strict parsers (jq).

/** Whether a JSON text may escape a surrogate (\uD800-\uDFFF); false for most, found by one scan. */
export function mayEscapeSurrogate(text: string): boolean {
  return SURROGATE_ESCAPE.test(text);
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether a text holds a lone surrogate as a character itself, not as an escape. Text read from a
 * file or stdin never does (utf8-lines.ts refuses the bytes first); a record a script hands over as
 * a JavaScript string can.
 */
export function holdsLoneSurrogate(text: string): boolean {
  return !text.isWellFormed();
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first key or string of a parsed value holding a lone surrogate, with the problem;
 * null when none does. The value has been checked to nest at most `maxDepth` deep. A key holding one
 * is named in the path by its escape, so the path is plain JSON text too.
 */
export function loneSurrogate(
  value: unknown,
  maxDepth: number,
  /** Whether the text held it as a character (a string a script handed over), not as an escape. */
  raw = false,
): { path: string; message: string } | null {
  const found = find(value, [], 1, maxDepth);
  if (found === null) return null;
  const [path, unit] = found;
  const written = `\\u${unit.toString(16).padStart(4, '0')}`;
  const what = raw
    ? `the character ${written} (U+${unit.toString(16).toUpperCase()})`
    : `the escape ${written}`;
  return {
    path: path.join('.'),
    message: `${what} is a lone surrogate, not a character: half of a UTF-16 pair written without its other half, which no UTF-8 text can hold; write the character meant (one outside the Basic Multilingual Plane, an emoji, is escaped as a pair: "\\ud83d\\ude00"), or the text itself`,
  };
}

function find(value: unknown, path: string[], depth: number, maxDepth: number): [string[], number] | null {
  if (typeof value === 'string') {
    const lone = LONE.exec(value);
    return lone === null ? null : [path, lone[0].charCodeAt(0)];
  }
  if (typeof value !== 'object' || value === null || depth > maxDepth) return null;
  for (const [key, inner] of Object.entries(value)) {
    const lone = LONE.exec(key);
    if (lone !== null) return [[...path, JSON.stringify(key).slice(1, -1)], lone[0].charCodeAt(0)];
    const found = find(inner, [...path, key], depth + 1, maxDepth);
    if (found !== null) return found;
  }
  return null;
}
