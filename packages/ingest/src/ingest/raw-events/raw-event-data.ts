// A raw event record's data, checked as strictly as a claim record: each problem by its path in the
// words parse-record.ts uses, a field the event's schema does not know refused rather than dropped
// (the domain's schemas strip unknown keys, so `"colour": "green"` beside an actor's fields would
// vanish unseen), quotes and notes held to their limit (long-text.ts), names and URLs to a claim
// record's rules (raw-event-text.ts), and a vague date's bounds
// held to what its text gives (raw-event-dates.ts).
import { closestName, type DomainEventType, EventSchemaError, encodeEvent, eventSchema } from '@kb/domain';
import { z } from 'zod';
import { allowedFields } from '../../records/field-suggestion.js';
import { longTextIssues } from '../../records/long-text.js';
import { plainMessage, valueAt } from '../../records/parse-record.js';
import { dateIssues } from './raw-event-dates.js';
import { textIssues } from './raw-event-text.js';

export interface DataIssue {
  /** Below `event.data`. */
  readonly path: string;
  readonly message: string;
}

/** The data encoded at the type's newest version, or what is wrong with it. */
export function encodeRawEvent(
  type: DomainEventType,
  data: unknown,
): { ok: true; encoded: ReturnType<typeof encodeEvent> } | { ok: false; issues: readonly DataIssue[] } {
  const unknown = unknownFields(eventSchema(type), data, []);
  let encoded: ReturnType<typeof encodeEvent>;
  try {
    encoded = encodeEvent(type, data as never);
  } catch (error) {
    if (!(error instanceof EventSchemaError)) throw error;
    const cause = error.cause;
    const issues =
      cause instanceof z.ZodError
        ? cause.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: plainMessage(issue, valueAt(data, issue.path)),
          }))
        : error.issues;
    return { ok: false, issues: [...unknown, ...issues] };
  }
  const issues = [
    ...unknown,
    ...longTextIssues(type, encoded.data),
    ...textIssues(type, encoded.data),
    ...dateIssues(type, encoded.data),
  ];
  return issues.length > 0 ? { ok: false, issues } : { ok: true, encoded };
}

/**
 * Keys of `given` that `schema` does not know where it lists the fields of an object, at any depth,
 * each with the known field it most likely meant.
 */
function unknownFields(schema: z.ZodType, given: unknown, path: readonly (string | number)[]): DataIssue[] {
  if (Array.isArray(given)) return given.flatMap((item, i) => unknownFields(schema, item, [...path, i]));
  if (typeof given !== 'object' || given === null) return [];
  const allowed = allowedFields(schema, path);
  const out: DataIssue[] = [];
  for (const [key, value] of Object.entries(given)) {
    if (allowed.length === 0 || allowed.includes(key)) {
      out.push(...unknownFields(schema, value, [...path, key]));
      continue;
    }
    const meant = closestName(key, allowed);
    out.push({
      path: [...path, key].join('.'),
      message: `unknown field "${key}"${meant === null ? '' : `; did you mean "${meant}"?`}`,
    });
  }
  return out;
}
