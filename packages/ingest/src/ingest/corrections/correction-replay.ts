import { canonicalJson } from '@kb/store';
import type { RecordIssue } from '../../records/parse-record.js';
import { composed, sameComposed } from '../identity/text-form.js';
import type { ClaimChange, ClaimState, Place } from './claim-state.js';

// A correction without an `id` is known by its content: the same change, reason and author make the
// same event, which the store keeps once. So a correction that puts back a value a later correction
// replaced (21, then 22, then 21 again) is the first one again, and would be counted as already
// present while the claim keeps 22. Such a line is held instead (held-corrections.ts), and rejected
// with what is said here unless a later line of the input sets those fields itself: a re-run of a
// file of A then B meets A while the claim holds B's value, and B follows.

/** The record field a claim field is written as (`missionId` is `mission`). */
const RECORD_FIELD: Readonly<Record<string, string>> = { missionId: 'mission' };

/**
 * How the line was sent: a correction record without an `id` of its own, one with one, or an event
 * record (whose fields are under `event.data`, named as the event names them, and which has no `id`).
 */
export type CorrectionLine = 'record' | 'record-id' | 'event';

/**
 * For a correction whose event `eventId` is already in the claim's history with the same content:
 * one problem per field it sets that the claim no longer holds, naming the earlier identical
 * correction and the later one that changed the field. Empty when the event is new, differs (a
 * correction's own id given to other content, which the store refuses), or every value still holds.
 */
export function staleCorrection(
  state: ClaimState,
  eventId: string,
  data: { readonly changes: Readonly<Record<string, unknown>> },
  sent: CorrectionLine,
): RecordIssue[] {
  const twin = state.corrections.get(eventId);
  if (twin === undefined || twin.content !== canonicalJson(composed(data))) return [];
  const issues: RecordIssue[] = [];
  for (const [field, value] of Object.entries(data.changes)) {
    if (value === undefined) continue;
    const now = state.fields[field];
    if (sameComposed(now ?? null, value)) continue;
    const name = RECORD_FIELD[field] ?? field;
    const later = state.lastSet.get(field);
    const by = later === undefined ? '' : ` by ${describeChange(later)}`;
    issues.push({
      path: sent === 'event' ? `event.data.changes.${field}` : `changes.${name}`,
      message: `the same correction is ${describeTwin(twin.place)}, but the claim's ${name} has since been changed to ${shown(now)}${by}, so this line would change nothing and was not applied. To apply it again, ${AGAIN[sent]}`,
    });
  }
  return issues;
}

/**
 * For a correction not in the claim's history (a new event) that sets every field it names to the
 * value the claim already holds, compared in composed form: one problem per field. Stored, it would
 * change nothing, yet show as a change ("taliban → taliban") and mark the claim corrected. One that
 * changes some field is taken whole.
 */
export function unchangedFields(
  state: ClaimState,
  eventId: string,
  data: { readonly changes: Readonly<Record<string, unknown>> },
  sent: CorrectionLine,
): RecordIssue[] {
  if (state.corrections.has(eventId)) return [];
  const issues: RecordIssue[] = [];
  for (const [field, value] of Object.entries(data.changes)) {
    if (value === undefined) continue;
    if (!sameComposed(state.fields[field] ?? null, value)) return [];
    const name = RECORD_FIELD[field] ?? field;
    issues.push({
      path: sent === 'event' ? `event.data.changes.${field}` : `changes.${name}`,
      message: `the claim's ${name} is already ${shown(value)}, so this correction would change nothing and was not applied; leave ${sent === 'event' ? field : name} out of the changes`,
    });
  }
  return issues;
}

const AGAIN: Readonly<Record<CorrectionLine, string>> = {
  record: 'give the record an "id" of its own',
  'record-id': 'give the record another "id"',
  event: 'send it as a correction record with an "id" of its own',
};

function describeTwin(place: Place): string {
  if (place.line === null) return `already stored (position ${place.position})`;
  const stored = place.position === null ? '' : `, stored at position ${place.position}`;
  return `at line ${place.line} of this input${stored}`;
}

function describeChange(change: ClaimChange): string {
  const where =
    change.place.line !== null
      ? `line ${change.place.line} of this input`
      : `the correction stored at position ${change.place.position}`;
  return `${where} (${JSON.stringify(change.reason)}, by ${change.correctedBy})`;
}

/** A claim field's value as a reader knows it: a date as written, a claimant as written, else JSON. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  if (typeof value === 'object' && 'asWritten' in value)
    return JSON.stringify((value as { asWritten: unknown }).asWritten);
  return JSON.stringify(value);
}
