import { closestName } from '@kb/domain';
import type { z } from 'zod';
import {
  ClaimRecord,
  CorrectionRecord,
  EventRecord,
  type IngestRecord,
  OCCURRED_SIZE,
  RECORD_TYPES,
  RetractionRecord,
} from './claim-record.js';
import { allowedFields, likelyIdField } from './field-suggestion.js';
import { sizeText, textLength } from './long-text.js';
import { checkKeys } from './safe-json.js';
import { firstUnseen, quotedVisibly, unseenName } from './unseen-chars.js';

/** One problem with one record: where (a dotted field path, '' for the whole record) and what. */
export interface RecordIssue {
  readonly path: string;
  readonly message: string;
}

export type RecordResult =
  | { readonly ok: true; readonly record: IngestRecord }
  | { readonly ok: false; readonly issues: readonly RecordIssue[] };

/**
 * Validates a parsed JSON value as a claim, retraction, correction or event record.
 * Claim records are the ones without `type` (or with `type: "claim"`).
 */
export function parseRecord(value: unknown, options: { keysChecked?: boolean } = {}): RecordResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('', `expected a record object, got ${describe(value)}`);
  }
  // Values from parseJsonSafely had their keys checked already; objects handed in by a script have not.
  if (options.keysChecked !== true) {
    const keys = checkKeys(value);
    if (!keys.ok) return fail(keys.path, keys.message);
  }
  const type = (value as { type?: unknown }).type;
  const schema = schemaFor(type);
  if (schema === null) {
    return fail(
      'type',
      `unknown record type ${JSON.stringify(type)}; expected one of ${RECORD_TYPES.join(', ')} (or no type for a claim)`,
    );
  }
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, record: parsed.data as IngestRecord }
    : { ok: false, issues: readIssues(parsed.error.issues, value, schema) };
}

function schemaFor(type: unknown): z.ZodType | null {
  switch (type) {
    case undefined:
    case 'claim':
      return ClaimRecord;
    case 'retraction':
      return RetractionRecord;
    case 'correction':
      return CorrectionRecord;
    case 'event':
      return EventRecord;
    default:
      return null;
  }
}

/**
 * Turns zod issues into one plain issue per problem, each with its dotted path. `schema` is what
 * `input` was checked against: an unknown field is named with the allowed one it most likely meant.
 */
export function readIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  schema: z.ZodType,
  prefix: readonly PropertyKey[] = [],
): RecordIssue[] {
  const out: RecordIssue[] = [];
  // zod measures a value of the wrong type against the length bounds all the same (an array given
  // for a text: "0 items; the fewest this field takes is 1"), as if the field took one: said once.
  const mistyped = new Set(
    issues.filter((i) => i.code === 'invalid_type').map((i) => join([...prefix, ...i.path])),
  );
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if ((issue.code === 'too_big' || issue.code === 'too_small') && mistyped.has(join(path))) continue;
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedFields(schema, path);
      const here = valueAt(input, path);
      const present = new Set(typeof here === 'object' && here !== null ? Object.keys(here) : []);
      for (const key of issue.keys) {
        const meant = closestName(key, allowed) ?? likelyIdField(key, allowed, present);
        const hint = meant === null ? '' : `; did you mean "${meant}"?`;
        out.push({ path: join([...path, key]), message: `unknown field "${key}"${hint}` });
      }
    } else if (issue.code === 'invalid_union') {
      out.push(...unionIssues(issue, path, input, schema));
    } else {
      const problem = { path: join(path), message: plainMessage(issue, valueAt(input, path)) };
      // An address neither a URL nor http(s) fails two checks that say one thing: said once.
      const last = out[out.length - 1];
      if (last?.path !== problem.path || last.message !== problem.message) out.push(problem);
    }
  }
  return out;
}

// zod's own wording ("Invalid input: expected string, received undefined") reads like a stack
// trace to a person fixing a file; say what is missing or which values are allowed instead.
export function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'int' ? 'a whole number' : issue.expected;
    if (value === undefined) return `required, but missing (expected ${expected})`;
    if (typeof value === 'number' && !Number.isFinite(value))
      return `${value} is not a finite number (expected ${expected})`;
    return `expected ${expected}, got ${describe(value)}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex') {
    if (issue.message === OCCURRED_SIZE && typeof value === 'string') {
      const text = value.trim();
      if (text === '')
        return value === '' ? 'empty, but it needs a value' : 'holds only white space, but it needs a value';
      return `${sizeText(textLength(text), 'characters long', 100, true)}, not counting white space around it`;
    }
    const unseen = typeof value === 'string' ? firstUnseen(value) : null;
    if (unseen !== null)
      return `${issue.message}; got string ${quotedVisibly(value as string)}, which holds ${unseenName(unseen.char)} at character ${unseen.at}: remove it`;
    return `${issue.message}; got ${describe(value)}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'url')
    return `expected an http or https address such as https://thediplomat.com/2023/03/report/; got ${describe(value)}`;
  if (issue.code === 'invalid_value') {
    const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
    if (value === undefined) return `required, but missing (expected one of ${allowed})`;
    const words = issue.values.filter((v): v is string => typeof v === 'string');
    const meant = typeof value === 'string' ? closestName(value, words) : null;
    return `expected one of ${allowed}; got ${describe(value)}${meant === null ? '' : `; did you mean "${meant}"?`}`;
  }
  if (issue.code === 'too_big' || issue.code === 'too_small') return sizeMessage(issue, value);
  return issue.message;
}

/** A value too large or too small, in the record's own terms: characters, items, or the number's bound. */
function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, value: unknown): string {
  const big = issue.code === 'too_big';
  const bound = Number(
    big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum,
  );
  if (issue.origin === 'string' && typeof value === 'string') {
    if (!big && value.length === 0) return 'empty, but it needs a value';
    return sizeText(textLength(value), 'characters long', bound, big);
  }
  if (issue.origin === 'array' && Array.isArray(value)) return sizeText(value.length, 'items', bound, big);
  if (issue.origin === 'number') return `${big ? 'at most' : 'at least'} ${bound}; got ${describe(value)}`;
  return issue.message;
}

// A union (a mission is an id or an object) reports every branch's failure; show the branch that
// matches the value's JSON type, so `mission.city` is named instead of "invalid input".
function unionIssues(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PropertyKey[],
  input: unknown,
  schema: z.ZodType,
): RecordIssue[] {
  const branch = issue.errors.find(
    (errors) => !errors.some((e) => e.code === 'invalid_type' && e.path.length === 0),
  );
  if (branch !== undefined) return readIssues(branch, input, schema, path);
  const value = valueAt(input, path);
  const expected = 'a mission id or an object {country, city, kind}';
  const message =
    value === undefined
      ? `required, but missing (expected ${expected})`
      : `expected ${expected}, got ${describe(value)}`;
  return [{ path: join(path), message }];
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.hasOwn(current, key) ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return current;
}

function join(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `number ${value}`; // JSON writes Infinity and NaN as null
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

function fail(path: string, message: string): RecordResult {
  return { ok: false, issues: [{ path, message }] };
}
