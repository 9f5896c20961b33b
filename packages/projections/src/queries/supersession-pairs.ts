/**
 * Takes out of each contradiction list the accounts it stands in sequence with (contest-rule.ts,
 * step 3): an account and a change that superseded it, directly or through changes that superseded
 * one another. "Republic holds it" (2021-09) and a handover to the Taliban (2022-03) that ends the
 * contest tell one story in order, so neither is listed as contradicting the other. A pair in which
 * one binds the other (a denial) stays listed. Lists of accounts without supersessions are returned
 * as they were, shared, so a large mission's lists are not copied.
 */
export function withoutSequences(
  contradicts: (claimId: string) => readonly string[],
  supersededBy: ReadonlyMap<string, string>,
  binds: ReadonlyMap<string, readonly string[]>,
): (claimId: string) => readonly string[] {
  if (supersededBy.size === 0) return contradicts;
  const superseded = new Map<string, string[]>();
  for (const [old, change] of supersededBy) {
    const list = superseded.get(change);
    if (list === undefined) superseded.set(change, [old]);
    else list.push(old);
  }
  const bound = (a: string, b: string) =>
    (binds.get(a)?.includes(b) ?? false) || (binds.get(b)?.includes(a) ?? false);
  return (claimId) => {
    const sequence = new Set<string>();
    for (let next = supersededBy.get(claimId); next !== undefined && !sequence.has(next); ) {
      sequence.add(next);
      next = supersededBy.get(next);
    }
    const pending = [...(superseded.get(claimId) ?? [])];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (sequence.has(id)) continue;
      sequence.add(id);
      pending.push(...(superseded.get(id) ?? []));
    }
    const list = contradicts(claimId);
    if (sequence.size === 0) return list;
    return list.filter((id) => !sequence.has(id) || bound(claimId, id));
  };
}
