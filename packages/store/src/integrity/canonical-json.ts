/**
 * JSON with object keys sorted at every depth, so the same value always hashes the same however
 * it was built. Arrays keep their order. `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      // defineProperty, not assignment: a "__proto__" key in the data must stay data.
      if (member !== undefined) Object.defineProperty(out, key, { value: sortKeys(member), enumerable: true });
    }
    return out;
  }
  return value;
}
