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

const fieldsCache = new WeakMap<z.ZodType, Map<string, readonly string[]>>();

/**
 * The field names an object at `path` may have under `schema` (every branch of a union). Kept per
 * place (any array index standing for all): a file of a million lines with the same stray field
 * asked this a million times, and walking the schema each time was a tenth of reading them.
 */
export function allowedFields(schema: z.ZodType, path: readonly PropertyKey[]): readonly string[] {
  let bySchema = fieldsCache.get(schema);
  if (bySchema === undefined) {
    bySchema = new Map();
    fieldsCache.set(schema, bySchema);
  }
  const key = JSON.stringify(path.map((k) => (typeof k === 'number' ? null : String(k))));
  let fields = bySchema.get(key);
  if (fields === undefined) {
    fields = Object.freeze(fieldsAt(schema, path));
    bySchema.set(key, fields);
  }
  return fields;
}

function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
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
