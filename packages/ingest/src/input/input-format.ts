// How an input is laid out and encoded, told from its first bytes and its first line; and inputs
// that cannot be claim records at all (another encoding, a compressed file, a database), refused whole.

/** Bytes enough to tell every format refused below (SQLite's header is the longest). */
const SNIFF_BYTES = 16;

/**
 * The chunks, unless the input cannot be claim records in UTF-8: then nothing, and `sniffed.refusal`
 * says what it is and what to do (refusal below). Read as UTF-8, such a file would be rejected line
 * by line, each line for bytes that are not UTF-8 or for malformed JSON, burying the one thing
 * the user needs to hear.
 */
export async function* refusingUnreadable(
  chunks: AsyncIterable<Uint8Array | string>,
  sniffed: { refusal: string | null },
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
    if (first.length < SNIFF_BYTES) continue;
    decided = true;
    sniffed.refusal = refusal(first);
    if (sniffed.refusal !== null) return;
    yield first;
    first = new Uint8Array(0);
  }
  if (!decided && first.length > 0) {
    sniffed.refusal = refusal(first);
    if (sniffed.refusal === null) yield first;
  }
}

const startsWith = (b: Uint8Array, magic: readonly number[]) => magic.every((byte, i) => b[i] === byte);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** Compressed and archive formats, by their first bytes, with the command that unpacks each. */
const PACKED: readonly (readonly [string, readonly number[], string])[] = [
  ['gzip-compressed', [0x1f, 0x8b], 'gunzip -c FILE.gz | kb ingest -'],
  ['bzip2-compressed', ascii('BZh'), 'bunzip2 -c FILE.bz2 | kb ingest -'],
  ['xz-compressed', [0xfd, ...ascii('7zXZ'), 0x00], 'xz -dc FILE.xz | kb ingest -'],
  ['zstd-compressed', [0x28, 0xb5, 0x2f, 0xfd], 'zstd -dc FILE.zst | kb ingest -'],
  ['a ZIP archive', ascii('PK\u0003\u0004'), 'unzip -p FILE.zip | kb ingest -'],
];

/**
 * What the first bytes show the input is, when it cannot be claim records in UTF-8, and what to do;
 * else null. `kb ingest` asks it of a file before it opens (or makes) the store.
 */
export function refusal(b: Uint8Array): string | null {
  const wide = wideEncoding(b);
  if (wide !== null)
    return `the file is ${wide}, and kb reads UTF-8: nothing of it was read. Save it as UTF-8 (in PowerShell, Out-File -Encoding utf8) and ingest it again`;
  for (const [what, magic, unpack] of PACKED) {
    if (startsWith(b, magic))
      return `the file is ${what}, not claim records: nothing of it was read. Unpack it first (${unpack}) and ingest the records`;
  }
  if (startsWith(b, ascii('SQLite format 3\u0000')))
    return "the file is a SQLite database (a knowledge base's own file, perhaps), not claim records: nothing of it was read. kb ingest reads NDJSON, a JSON array, or records pretty-printed one after another";
  if (startsWith(b, ascii('%PDF-')))
    return 'the file is a PDF, not claim records: nothing of it was read. Write the claims it holds as records (docs/claim-records.md) and ingest those';
  return null;
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

export type InputFormat = 'array' | 'sequence' | 'ndjson';

/**
 * How the input is laid out, from its first non-space character at `first`: a JSON array; records
 * pretty-printed one after another (what `jq .` writes), told by a first line holding only `{`; or
 * NDJSON. Null while the first line has not all arrived; once the input has `ended`, what is in
 * `head` is all of it, and its first line ends where it does.
 */
export function formatOf(head: string, first: number, maxLength: number, ended: true): InputFormat;
export function formatOf(head: string, first: number, maxLength: number): InputFormat | null;
export function formatOf(head: string, first: number, maxLength: number, ended = false): InputFormat | null {
  if (head[first] === '[') return 'array';
  if (head[first] !== '{') return 'ndjson';
  let nl = head.indexOf('\n', first);
  if (nl < 0) {
    if (!ended) return head.length - first > maxLength ? 'ndjson' : null;
    nl = head.length;
  }
  return head.slice(first, nl).trim() === '{' ? 'sequence' : 'ndjson';
}
