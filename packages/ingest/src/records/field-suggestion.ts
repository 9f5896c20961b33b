import { z } from 'zod';

// "unknown field "qoute"" leaves the person fixing a file to guess; when a field the record allows
// at that place is a slip of the keyboard away (or differs only in case), the message names it.
// The allowed fields come from the record schema itself, through its JSON Schema, so they follow
// every change of the contract.

type JsonSchema = {
  readonly properties?: Record<string, JsonSchema>;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
};

const cache = new WeakMap<z.ZodType, JsonSchema>();

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = cache.get(schema);
  if (json === undefined) {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(schema, json);
  }
  return json;
}

/** The field names an object at `path` may have under `schema` (every branch of a union). */
export function allowedFields(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let level: JsonSchema[] = [jsonSchemaOf(schema)];
  const branches = (s: JsonSchema): JsonSchema[] => [
    s,
    ...[...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(branches),
  ];
  for (const key of path) {
    const next: JsonSchema[] = [];
    for (const s of level.flatMap(branches)) {
      if (typeof key === 'number' && s.items !== undefined) next.push(s.items);
      const property = s.properties?.[String(key)];
      if (property !== undefined) next.push(property);
    }
    level = next;
  }
  return [...new Set(level.flatMap(branches).flatMap((s) => Object.keys(s.properties ?? {})))];
}

/** The allowed field `unknown` most likely meant: equal but for case, or at most two edits away. */
export function likelyField(unknown: string, allowed: readonly string[]): string | null {
  return closestName(unknown, allowed);
}

/**
 * The name in `names` that `unknown` most likely meant: one equal but for case, else the first with
 * the fewest edits, at most two (fewer for short text: a third of its length). Names are read once,
 * in order, and any number of them may come (every claim id of a knowledge base, say): each costs
 * one comparison that stops as soon as it is out of reach.
 */
export function closestName(unknown: string, names: Iterable<string>): string | null {
  const lower = unknown.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.floor(unknown.length / 3));
  for (const name of names) {
    const candidate = name.toLowerCase();
    if (candidate === lower) return name;
    if (Math.abs(candidate.length - lower.length) > bestDistance) continue;
    const distance = editDistance(lower, candidate, bestDistance);
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * For a field named like the log's own ids ("claimId", "mission_id", "sourceId"), the record field it
 * stands for: the stem when the record allows it ("mission", which takes a mission id), else "id";
 * only one the object at hand does not already have (`present`), so a stray extra field is not
 * mistaken for a misnamed one. Null when neither applies.
 */
export function likelyIdField(
  unknown: string,
  allowed: readonly string[],
  present: ReadonlySet<string>,
): string | null {
  // The id suffix after a word boundary (claimId, claimID, mission_id, source-id), so "valid" is not one.
  const stem = /^([a-zA-Z]+?)(?:Id|ID|[-_][iI][dD])$/.exec(unknown)?.[1]?.toLowerCase();
  if (stem === undefined) return null;
  for (const field of [stem, 'id']) {
    if (allowed.includes(field) && !present.has(field)) return field;
  }
  return null;
}

/**
 * Edits (insert, delete, replace, swap of neighbours) between two strings, or `max + 1` once it is
 * certain to exceed `max`: three rolling rows, and a stop when a whole row is past `max`.
 */
function editDistance(a: string, b: string, max: number): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
      if (d < least) least = d;
    }
    if (least > max) return max + 1;
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length]!;
}
