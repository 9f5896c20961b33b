// Texts at a claim record field's length limit, one under it and one past it, for the record fuzz
// (record-fuzz-*.property.test.ts): the contract's limits, the fields they hold, and the records
// with such a text in one of them.
import fc from 'fast-check';

// The contract's length limits (docs/claim-records.md), written out rather than imported from the
// product, so a limit changed there by mistake fails here. A claim record's fields are held to them
// by zod's max (claim-record.ts, long-text.ts), which counts code points: a character outside the
// BMP (an emoji, 𝔸) is one, though it is two UTF-16 code units. Texts near a limit mix such
// surrogate pairs with combining marks (one alone, too) and plain letters, so a count by UTF-16
// units (String#length), graphemes or UTF-8 bytes would put them on the other side. (A lone
// surrogate is no character: ingest refuses it, so no text here holds one.)
export const QUOTE_MAX = 20_000;
export const NAME_MAX = 1_000;
export const URL_MAX = 2_000;
export const ID_MAX = 200;

/**
 * Each limited field of a claim record that a text can fill, with its limit. Not here: `controller`
 * (a name, but it must resolve to an actor), the dates (EDTF, 100 characters, no date is that
 * long), `mission` as an id (it must name a registered mission), and a mission's `country` and
 * `city`: they make the mission's id, which ids hold to 200 characters, so a city of some 190
 * letters is refused (as `missionId`) although the record allows 1,000; that gap is reported apart.
 */
export const EDGE_FIELDS = {
  quote: QUOTE_MAX,
  notes: QUOTE_MAX,
  claimant: NAME_MAX,
  'via.name': NAME_MAX,
  'source.outlet': NAME_MAX,
  'source.title': NAME_MAX,
  'source.author': NAME_MAX,
  'mission.name': NAME_MAX,
  'source.url': URL_MAX,
  id: ID_MAX,
  respondsTo: ID_MAX,
} as const;
export type EdgeField = keyof typeof EDGE_FIELDS;
export const DELTAS = [-1, 0, 1] as const;

/** Pieces of text: letters, a combining mark (after a letter, and alone), CJK, surrogate pairs, a line separator. */
const PIECES = ['a', 'Z', ' ', 'é', 'e\u0301', '中', '"', '\\', '\u2028', '😀', '𝔸', '\u{10ffff}', '\u0301'];
/** A pattern a long text repeats; it always holds a surrogate pair. */
export const pattern = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 })
  .chain((pieces) => fc.nat(pieces.length).map((at) => pieces.toSpliced(at, 0, '😀')));

/** A text's length as the product's limits count it: in code points. */
export const codePoints = (text: string) => [...text].length;

/**
 * A text exactly `length` code points long: `prefix`, then `pieces` repeated while they fit, then
 * letters to make up the length, put in after piece `padAt` (so the text may end on a surrogate pair
 * as well as on a letter). No piece ends with a high surrogate, so the pieces' lengths add up.
 */
function textOfLength(length: number, pieces: readonly string[], padAt: number, prefix = ''): string {
  const parts = [prefix];
  let total = codePoints(prefix);
  for (let k = 0; ; k++) {
    const piece = pieces[k % pieces.length]!;
    if (total + codePoints(piece) > length) break;
    parts.push(piece);
    total += codePoints(piece);
  }
  parts.splice(1 + (padAt % parts.length), 0, 'x'.repeat(length - total));
  const text = parts.join('');
  if (codePoints(text) !== length)
    throw new Error(`textOfLength: ${codePoints(text)} code points, not ${length}`);
  return text;
}

/** The record with `field` set to `text` (`id` is the record's own, for what must be unique). */
export function withEdge(
  base: Record<string, unknown>,
  id: string,
  field: EdgeField,
  text: string,
): Record<string, unknown> {
  const source = base['source'] as Record<string, unknown>;
  switch (field) {
    case 'quote':
    case 'notes':
    case 'claimant':
    case 'respondsTo':
    case 'id':
      return { ...base, [field]: text };
    case 'via.name':
      return { ...base, via: [{ name: text, relation: 'cites' }] };
    case 'source.outlet':
    case 'source.url':
      return { ...base, source: { ...source, [field.slice('source.'.length)]: text } };
    case 'source.title':
    case 'source.author': {
      // No URL and a title of its own: the report is this record's, so it is registered with this text.
      const { url: _, ...rest } = source;
      return { ...base, source: { title: `edge ${id}`, ...rest, [field.slice('source.'.length)]: text } };
    }
    case 'mission.name':
      // A city of its own: the mission is registered by this record, with this name.
      return {
        ...base,
        mission: { country: 'Tajikistan', city: `Edge ${id}`, kind: 'consulate', name: text },
      };
  }
}

/** A text for `field`, `length` code points long; ids and URLs in ASCII, as they must be, made unique by `id`. */
export function edgeText(
  field: EdgeField,
  length: number,
  pieces: readonly string[],
  padAt: number,
  id: string,
): string {
  switch (field) {
    case 'id':
      return `${id}-${'a'.repeat(length - id.length - 1)}`;
    case 'respondsTo':
      return `${id}-target-${'b'.repeat(length - id.length - 8)}`;
    case 'source.url':
      return `https://news.example/${id}/${'c'.repeat(length - id.length - 22)}`;
    case 'source.outlet':
      // Led by the id, so its source id (the outlet's slug, cut at 80) is this record's own.
      return textOfLength(length, pieces, padAt, `${id} `);
    default:
      return textOfLength(length, pieces, padAt);
  }
}

export interface Edge {
  readonly field: EdgeField;
  readonly delta: (typeof DELTAS)[number];
}
