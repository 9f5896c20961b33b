// Which fields set two versions of one record apart, for the message that refuses the second: a
// person told "different content" has to diff two long lines by eye; told "(quote differs)", not.
import { sameComposed } from '../identity/text-form.js';

/** Claim event fields under the record field a person wrote them as. */
const RECORD_FIELD: Readonly<Record<string, string>> = { missionId: 'mission' };

/**
 * The top-level fields whose values differ between two events' data, named as record fields; text
 * differing only in its Unicode form is the same (text-form.ts).
 */
export function fieldsThatDiffer(before: unknown, after: unknown): string[] {
  if (!isObject(before) || !isObject(after)) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => !sameComposed(before[key] ?? null, after[key] ?? null))
    .map((key) => (key === 'reportId' ? sourcePart(before[key], after[key]) : (RECORD_FIELD[key] ?? key)));
}

/**
 * Which part of the source sets two reports apart, from their ids alone (no store read): an id is
 * the outlet's slug, the publication date's, and a hash of the URL (of the title where there is no
 * URL), so the same outlet and date with another hash is another URL or title.
 */
function sourcePart(before: unknown, after: unknown): string {
  const prefix = (id: unknown) => (typeof id === 'string' ? id.slice(0, id.lastIndexOf('-')) : null);
  const same = prefix(before);
  return same !== null && same === prefix(after)
    ? 'source.url (or source.title, without a URL)'
    : 'source.outlet or source.published';
}

/** Whether what differs (differenceText's words) takes in the source, which no correction changes. */
export function sourceDiffersIn(which: string): boolean {
  return /[( ]source\./.test(which);
}

/** " (quote differs)", " (quote, occurred differ)", or "" for none. */
export function differenceText(fields: readonly string[]): string {
  if (fields.length === 0) return '';
  return ` (${fields.join(', ')} ${fields.length === 1 ? 'differs' : 'differ'})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
