// Which fields set two versions of one record apart, for the message that refuses the second: a
// person told "different content" has to diff two long lines by eye; told "(quote differs)", not.
import { sameComposed } from '../identity/text-form.js';

/** Claim event fields under the record field a person wrote them as. */
const RECORD_FIELD: Readonly<Record<string, string>> = { missionId: 'mission', reportId: 'source' };

/**
 * The top-level fields whose values differ between two events' data, named as record fields; text
 * differing only in its Unicode form is the same (text-form.ts).
 */
export function fieldsThatDiffer(before: unknown, after: unknown): string[] {
  if (!isObject(before) || !isObject(after)) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => !sameComposed(before[key] ?? null, after[key] ?? null))
    .map((key) => RECORD_FIELD[key] ?? key);
}

/** " (quote differs)", " (quote, occurred differ)", or "" for none. */
export function differenceText(fields: readonly string[]): string {
  if (fields.length === 0) return '';
  return ` (${fields.join(', ')} ${fields.length === 1 ? 'differs' : 'differ'})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
