// The files the record fuzz (record-fuzz-*.property.test.ts) feeds to ingest: valid claim records,
// records broken in every way a line can be, random bytes and texts at a length limit
// (record-fuzz-edges.ts), each line known valid or not; and a file's bytes as the reader sees them.
import { StringDecoder } from 'node:string_decoder';
import fc from 'fast-check';
import {
  codePoints,
  DELTAS,
  EDGE_FIELDS,
  type Edge,
  type EdgeField,
  edgeText,
  pattern,
  withEdge,
} from './record-fuzz-edges.js';

const PLACES = [
  { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
  { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' },
  { country: 'Turkmenistan', city: 'Ashgabat', kind: 'embassy' },
] as const;
const SOURCES = [
  { outlet: 'The Diplomat', url: 'https://thediplomat.com/2023/03/a', published: '2023-03-28' },
  { outlet: 'Tolo News', published: '2023-03' },
  { outlet: 'Eurasianet', url: 'https://eurasianet.org/b', published: '2023-03-20', reliability: 'B' },
] as const;

/**
 * Text as a fuzzer likes it: any code point, quotes, backslashes and line separators included. A
 * lone surrogate is no character (JSON.stringify writes it as an escape, "\ud800", which ingest
 * refuses): one generated becomes U+FFFD here, and lone surrogates are broken lines (breakage).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wildText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(
        '\ud800',
        '\udfff',
        'a\udc00b',
        '\u0000',
        '\u2028\u2029',
        '\ufeff',
        '\r',
        '\t',
        '"',
        '\\',
        '</script>',
        '%s',
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join('').replace(LONE_SURROGATE, '\ufffd'))
  .filter((text) => text.length > 0);

/**
 * Text a reader can see, as a name or a quote must hold (docs/claim-records.md): a letter, digit,
 * punctuation mark or symbol somewhere. Spaces, controls, a BOM or lone surrogates alone are blank.
 */
const seenText = wildText.filter((text) => /[\p{L}\p{N}\p{P}\p{S}]/u.test(text));

/** Text a quote or notes may hold: a byte order mark inside one is refused (two texts joined). */
const noBom = (text: string) => !text.includes('\ufeff');
/**
 * A name holds no invisible formatting character (a zero-width space, a soft hyphen) either, nor a
 * control character (a NUL, a tab, a carriage return).
 */
const noFormat = (text: string) => !/[\p{Cf}\p{Cc}]/u.test(text);

/** A valid claim record; `id` makes it unique in its file. */
const validRecord = (id: string) =>
  fc
    .record({
      mission: fc.oneof(fc.constantFrom(...PLACES), fc.constant('tj-khorog-consulate')),
      kind: fc.constantFrom('visit', 'control', 'takeover', 'closure', 'statement'),
      stance: fc.constantFrom('asserts', 'denies', 'confirms', 'disputes'),
      controller: fc.constantFrom('taliban', 'unknown', 'none', 'Taliban'),
      occurred: fc.constantFrom(
        '2023-03-23',
        '2023-03',
        '../2023-03-28',
        '2022-21',
        'unknown',
        'earlier',
        '2023-03-23?',
      ),
      claimant: wildText.filter(noFormat).map((s) => `claimant ${s}`),
      quote: seenText.filter(noBom),
      source: fc.constantFrom(...SOURCES),
      credibility: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      notes: fc.option(wildText.filter(noBom), { nil: undefined }),
      via: fc.option(
        fc.array(
          fc.record({
            name: seenText.filter(noFormat),
            relation: fc.constantFrom('cites', 'quotes', 'syndicates'),
          }),
          {
            maxLength: 3,
          },
        ),
        { nil: undefined },
      ),
    })
    .map((r) => {
      const record: Record<string, unknown> = { id };
      for (const [key, value] of Object.entries(r)) if (value !== undefined) record[key] = value;
      return record;
    });

const REQUIRED = [
  'mission',
  'kind',
  'stance',
  'controller',
  'occurred',
  'claimant',
  'quote',
  'source',
] as const;
const WRONG: Record<string, readonly unknown[]> = {
  mission: [42, true, null, [], {}, { country: 'Tajikistan' }, ''],
  kind: [7, null, 'invasion', ['visit'], ''],
  stance: ['maybe', 0, null, {}],
  controller: [1, null, [], '', 'Northern Alliance'],
  occurred: [20230323, null, '', '2023-02-30', '2023-13', 'yesterday', {}],
  claimant: [null, 5, [], '', ' ', '\u2028'],
  quote: ['', 3, null, { text: 'x' }, ' \t ', '\u200b\ufeff'],
  source: ['The Diplomat', 1, null, [], {}, { outlet: 'X' }, { outlet: 'X', published: '2023-13' }],
  credibility: ['high', 0, 7, 1.5, null],
  via: ['Tolo News', 3, [{ name: 'X' }], [{ name: 'X', relation: 'heard' }]],
  id: ['---', 5, '', null],
  type: ['claims', 5, 'retraction'],
};

/** One way to break a record, applied to a valid one; the result is a line of text. */
const breakage = (base: Record<string, unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    // A field of the wrong type, or a value no resolver accepts.
    fc
      .constantFrom(...Object.keys(WRONG))
      .chain((field) =>
        fc.constantFrom(...WRONG[field]!).map((value) => JSON.stringify({ ...base, [field]: value })),
      ),
    // A required field missing, at the top or inside the source.
    fc.constantFrom(...REQUIRED, 'source.outlet', 'source.published').map((field) => {
      const copy = structuredClone(base) as Record<string, Record<string, unknown>>;
      const [outer, inner] = field.split('.') as [string, string | undefined];
      if (inner === undefined) delete copy[outer];
      else delete copy[outer]![inner];
      return JSON.stringify(copy);
    }),
    // A key the schema does not know, at the top or in the source.
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 }))
      .map(([key, nested, value]) => {
        const extra = `x_${key}`;
        return JSON.stringify(
          nested
            ? { ...base, source: { ...(base['source'] as object), [extra]: value } }
            : { ...base, [extra]: value },
        );
      }),
    // A key that could reach a prototype, written into the JSON text (JSON.stringify would not write it).
    fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '\\u005f_proto__'), fc.boolean())
      .map(([key, nested]) => {
        const text = JSON.stringify(base);
        return nested
          ? text.replace('"source":{', `"source":{"${key}":{"polluted":true},`)
          : `{"${key}":{"polluted":true},${text.slice(1)}`;
      }),
    // A key written twice in one object, at the top or in the source, the second time plainly or
    // with an escape (`"\u0063ontroller"`): JSON.parse would keep the last value without a word.
    fc
      .tuple(fc.constantFrom(...Object.keys(base)), fc.boolean(), fc.boolean())
      .map(([top, nested, escaped]) => {
        const text = JSON.stringify(base);
        const source = base['source'] as Record<string, unknown>;
        const [key, value] = nested ? ['outlet', source['outlet']] : [top, base[top]];
        const written = escaped
          ? `\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}`
          : key;
        const again = `"${written}":${JSON.stringify(value)},`;
        return nested ? text.replace('"source":{', `"source":{${again}`) : `{${again}${text.slice(1)}`;
      }),
    // A lone surrogate written as an escape in the quote: half of a pair, no character.
    fc
      .constantFrom('\\ud800', '\\uDFFF', '\\udc00x')
      .map((half) => JSON.stringify(base).replace('"quote":"', `"quote":"${half}`)),
    // Truncated JSON.
    fc.integer({ min: 1, max: 10_000 }).map((n) => {
      const text = JSON.stringify(base);
      return text.slice(0, 1 + (n % (text.length - 1)));
    }),
    // Garbage text (a line of it: no newline inside).
    fc.string({ unit: 'binary', maxLength: 80 }).map((s) => s.replace(/\n/g, ' ')),
    // Valid JSON that is not a claim record.
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  );

/** One line of a file: text or raw bytes, valid or not. */
export type Line =
  | {
      readonly valid: true;
      readonly id: string;
      readonly record: Record<string, unknown>;
      readonly text: string;
      /** The field set to a text at its limit or one under it (delta 0 or -1), if any. */
      readonly edge?: Edge & { readonly text: string };
    }
  | { readonly valid: false; readonly bytes: Uint8Array; readonly edge?: Edge };

/** A record with one limited field at its limit, one under it (valid) or one past it (rejected). */
const edgeLine = (i: number, a: number): fc.Arbitrary<Line> =>
  fc
    .tuple(
      fc.constantFrom(...(Object.keys(EDGE_FIELDS) as EdgeField[])),
      fc.constantFrom(...DELTAS),
      pattern,
      fc.nat(),
    )
    .chain(([field, delta, pieces, padAt]) => {
      const given = `fz-${i}-${a % 1000}`;
      const text = edgeText(field, EDGE_FIELDS[field] + delta, pieces, padAt, given);
      return validRecord(given).map((base): Line => {
        const record = withEdge(base, given, field, text);
        const json = JSON.stringify(record);
        // A counterexample names the edge line's field, length and pattern, not its 20,000 characters of text.
        const shown = {
          [fc.toStringMethod]: () =>
            `<${field}: ${codePoints(text)} code points, ${text.length} UTF-16 units (limit ${delta < 0 ? delta : `+${delta}`}), ${JSON.stringify(pieces)} repeated>`,
        };
        return delta <= 0
          ? {
              valid: true,
              id: field === 'id' ? text : given,
              record,
              text: json,
              edge: { field, delta, text },
              ...shown,
            }
          : { valid: false, bytes: Buffer.from(json, 'utf8'), edge: { field, delta }, ...shown };
      });
    });

export const fuzzFile = fc
  .array(fc.tuple(fc.nat(11), fc.nat(), fc.nat()), { minLength: 1, maxLength: 25 })
  .chain((shapes) =>
    fc.tuple(
      ...shapes.map(([shape, a], i): fc.Arbitrary<Line> => {
        // The first line is always valid, so the file is read as NDJSON (a first line opening
        // with "[" would make it a JSON array, a different format with its own tests).
        if (i === 0 || shape < 4) {
          const id = `fz-${i}`;
          return validRecord(id).map((record) => ({ valid: true, id, record, text: JSON.stringify(record) }));
        }
        if (shape >= 10) return edgeLine(i, a);
        if (shape === 9) {
          // Random bytes, invalid UTF-8 likely; newlines removed so it stays one line.
          return fc
            .uint8Array({ minLength: 0, maxLength: 60 })
            .map((bytes) => ({ valid: false, bytes: bytes.map((b) => (b === 10 ? 32 : b)) }));
        }
        return validRecord(`bad-${i}-${a}`).chain((base) =>
          breakage(base).map((text) => ({ valid: false, bytes: Buffer.from(text, 'utf8') })),
        );
      }),
    ),
  );

/** The file's bytes, and which lines (1-based) are non-empty as the reader will decode them. */
export function render(lines: readonly Line[]): { bytes: Buffer; nonEmpty: Set<number> } {
  const parts: Buffer[] = [];
  const nonEmpty = new Set<number>();
  lines.forEach((line, i) => {
    const bytes = line.valid ? Buffer.from(line.text, 'utf8') : Buffer.from(line.bytes);
    parts.push(bytes, Buffer.from('\n'));
    const decoder = new StringDecoder('utf8');
    let text = decoder.write(bytes) + decoder.end();
    if (text.endsWith('\r')) text = text.slice(0, -1);
    // The file's first byte order mark is dropped; a blank line holds spaces and tabs alone.
    if (i === 0 && text.startsWith('\ufeff')) text = text.slice(1);
    if (!/^[ \t]*$/.test(text)) nonEmpty.add(i + 1);
  });
  return { bytes: Buffer.concat(parts), nonEmpty };
}
