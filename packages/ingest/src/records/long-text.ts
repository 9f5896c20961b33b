// The limit on the free text of claims: quotes and notes. It holds for claim, retraction and
// correction records, and for the same fields of a raw event record, so no way in stores longer text.
import { z } from 'zod';

/**
 * The most characters a quote or a note may hold: about 3,000 words, more than any statement an
 * account rests on. A longer one is most often a whole article pasted in, and would be copied into
 * every replay of the log from then on; it is refused with this limit named, never cut.
 */
export const LONG_TEXT_MAX = 20_000;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A text's length as every limit here counts it: in code points, as zod's `max` does, so an emoji
 * is one character, not two. (A lone surrogate counts as one, as there.)
 */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** What a text or list of `size` against a bound of `bound` is told: the one wording for every field. */
export function sizeText(
  size: number,
  unit: 'characters long' | 'items',
  bound: number,
  big: boolean,
): string {
  return `${count(size)} ${unit}; the ${big ? 'most' : 'fewest'} this field takes is ${count(bound)}`;
}

/** A string of at most LONG_TEXT_MAX characters (parse-record.ts words its error as sizeText). */
export const longText = z.string().max(LONG_TEXT_MAX);

/** The fields of each claim event's data that hold free text, as paths. */
const LONG_TEXT_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  ClaimRecorded: [['quote'], ['notes']],
  ClaimRetracted: [['quote']],
  ClaimCorrected: [
    ['changes', 'quote'],
    ['changes', 'notes'],
  ],
};

/** Each free-text field of an event's data longer than LONG_TEXT_MAX, with its path and the error. */
export function longTextIssues(type: string, data: unknown): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const path of LONG_TEXT_FIELDS[type] ?? []) {
    let value: unknown = data;
    for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
    // A code point is one or two units: a text within the limit in units is within it in code points.
    if (typeof value === 'string' && value.length > LONG_TEXT_MAX && textLength(value) > LONG_TEXT_MAX)
      issues.push({
        path: path.join('.'),
        message: sizeText(textLength(value), 'characters long', LONG_TEXT_MAX, true),
      });
  }
  return issues;
}
