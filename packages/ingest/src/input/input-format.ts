// How an input is laid out and encoded, told from its first bytes and its first line.

/**
 * The chunks, unless the input is UTF-16 or UTF-32 (Windows PowerShell writes UTF-16 with `>`): then
 * nothing, and `sniffed.encoding` names it. Read as UTF-8, such a file gives a NUL between every two
 * characters, and every line would be rejected as malformed JSON. Told by its byte order mark, or,
 * without one, by a NUL beside the `{` or `[` it starts with.
 */
export async function* refusingUtf16(
  chunks: AsyncIterable<Uint8Array | string>,
  sniffed: { encoding: string | null },
): AsyncGenerator<Uint8Array | string> {
  let first: Uint8Array = new Uint8Array(0);
  let decided = false;
  for await (const chunk of chunks) {
    if (decided || typeof chunk === 'string') {
      decided = true;
      if (first.length > 0) yield first;
      first = new Uint8Array(0);
      yield chunk;
      continue;
    }
    first = first.length === 0 ? chunk : Buffer.concat([first, chunk]);
    if (first.length < 4) continue;
    decided = true;
    sniffed.encoding = wideEncoding(first);
    if (sniffed.encoding !== null) return;
    yield first;
    first = new Uint8Array(0);
  }
  if (!decided && first.length > 0) {
    sniffed.encoding = wideEncoding(first);
    if (sniffed.encoding === null) yield first;
  }
}

/** The encoding its first bytes show, when it is UTF-16 or UTF-32; else null. */
function wideEncoding(b: Uint8Array): string | null {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xff && b1 === 0xfe)
    return b2 === 0 && b3 === 0 ? 'UTF-32 (little-endian)' : 'UTF-16 (little-endian)';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16 (big-endian)';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'UTF-32 (big-endian)';
  const opens = (c: number | undefined) => c === 0x7b || c === 0x5b; // { or [
  if (opens(b0) && b1 === 0) return 'UTF-16 (little-endian)';
  if (b0 === 0 && opens(b1)) return 'UTF-16 (big-endian)';
  return null;
}

/**
 * How the input is laid out, from its first non-space character at `first`: a JSON array; records
 * pretty-printed one after another (what `jq .` writes), told by a first line holding only `{`; or
 * NDJSON. Null while the first line has not all arrived.
 */
export function formatOf(
  head: string,
  first: number,
  maxLength: number,
): 'array' | 'sequence' | 'ndjson' | null {
  if (head[first] === '[') return 'array';
  if (head[first] !== '{') return 'ndjson';
  const nl = head.indexOf('\n', first);
  if (nl < 0) return head.length - first > maxLength ? 'ndjson' : null;
  return head.slice(first, nl).trim() === '{' ? 'sequence' : 'ndjson';
}
