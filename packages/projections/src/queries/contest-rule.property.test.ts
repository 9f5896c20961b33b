import { overlaps, vagueDate } from '@kb/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideControl, type RuleAccount } from './contest-rule.js';

// decideControl finds conflicts, supersessions and contradictions without comparing every pair of
// accounts (a mission can hold hundreds). This file states the rule the slow, literal way, pair by
// pair and step by step as contest-rule.ts's comment reads, and checks the two agree on random
// missions whose accounts share a few controllers, kinds and vague dates, so that ties, open bounds
// and explicit and implicit denials meet often.

const CHANGES = new Set([
  'handover',
  'takeover',
  'closure',
  'suspension',
  'reopening',
  'appointment',
  'accreditation',
]);
// An answer is a denial or dispute, or an account that asserts or confirms one (it carries `seconds`).
const answers = (a: RuleAccount) => a.stance === 'denies' || a.stance === 'disputes' || a.seconds != null;
const names = (a: RuleAccount) => a.controller !== 'unknown';
const before = (x: RuleAccount, c: RuleAccount) =>
  x.occurred.latest !== null && c.occurred.earliest !== null && x.occurred.latest < c.occurred.earliest;
const after = (x: RuleAccount, c: RuleAccount) =>
  x.occurred.earliest !== null && c.occurred.latest !== null && x.occurred.earliest > c.occurred.latest;

function literalBinds(accounts: readonly RuleAccount[]): Map<string, string[]> {
  const binds = new Map<string, string[]>();
  for (const d of accounts) {
    if (!answers(d)) continue;
    // An account siding with a denial binds as that denial would: by the denial's own terms.
    const { respondsTo, kind, occurred } = d.seconds ?? d;
    const targets = accounts.filter((c) =>
      respondsTo !== null
        ? c.claimId === respondsTo && c.claimId !== d.claimId
        : c.claimId !== d.claimId &&
          !answers(c) &&
          (kind === c.kind || kind === 'control' || kind === 'statement') &&
          overlaps(occurred, c.occurred),
    );
    binds.set(
      d.claimId,
      targets.map((c) => c.claimId),
    );
  }
  return binds;
}

/** Every conflicting pair among `accounts`, as account id to the ids it conflicts with. */
function literalConflicts(accounts: readonly RuleAccount[], binds: Map<string, string[]>) {
  const out = new Map<string, Set<string>>();
  for (const a of accounts) {
    for (const b of accounts) {
      if (a === b) continue;
      const bound = binds.get(a.claimId)?.includes(b.claimId) || binds.get(b.claimId)?.includes(a.claimId);
      const differ = names(a) && names(b) && a.controller !== b.controller;
      if (bound || differ) out.set(a.claimId, (out.get(a.claimId) ?? new Set()).add(b.claimId));
    }
  }
  return out;
}

function literalRule(standing: readonly RuleAccount[]) {
  const binds = literalBinds(standing);
  const supersededBy = new Map<string, string>();
  let active = [...standing];
  for (;;) {
    const conflicts = literalConflicts(active, binds);
    if (conflicts.size === 0) break;
    const answered = new Set(
      [...binds].filter(([d]) => active.some((a) => a.claimId === d)).flatMap(([, targets]) => targets),
    );
    const qualifying = active.filter(
      (c) =>
        CHANGES.has(c.kind) &&
        !answers(c) &&
        names(c) &&
        c.happened === 'certainly' &&
        !answered.has(c.claimId) &&
        // Every other conflicting account certainly before or certainly after it, at least one before.
        active.every((x) => x === c || !conflicts.has(x.claimId) || before(x, c) || after(x, c)) &&
        active.some((x) => x !== c && conflicts.has(x.claimId) && before(x, c)),
    );
    qualifying.sort(
      (a, b) =>
        (b.occurred.earliest ?? '').localeCompare(a.occurred.earliest ?? '') ||
        a.claimId.localeCompare(b.claimId),
    );
    const change = qualifying[0];
    if (change === undefined) break;
    for (const x of active)
      if (x !== change && conflicts.has(x.claimId) && before(x, change))
        supersededBy.set(x.claimId, change.claimId);
    active = active.filter((x) => !supersededBy.has(x.claimId));
  }
  const remaining = literalConflicts(active, binds);
  const named = [...new Set(active.filter(names).map((a) => a.controller))];
  const status =
    standing.length === 0 || (remaining.size === 0 && named.length !== 1)
      ? 'unknown'
      : remaining.size > 0
        ? 'contested'
        : 'undisputed';
  // An account and a change that superseded it, directly or along a chain, are in sequence: not
  // listed as contradicting each other unless one binds the other.
  const chainOf = (id: string) => {
    const chain: string[] = [];
    for (
      let next = supersededBy.get(id);
      next !== undefined && !chain.includes(next);
      next = supersededBy.get(next)
    )
      chain.push(next);
    return chain;
  };
  const inSequence = (a: string, b: string) =>
    (chainOf(a).includes(b) || chainOf(b).includes(a)) &&
    !binds.get(a)?.includes(b) &&
    !binds.get(b)?.includes(a);
  const conflicts = literalConflicts(standing, binds);
  const contradicts = new Map(
    [...conflicts].map(([a, others]) => [a, new Set([...others].filter((b) => !inSequence(a, b)))]),
  );
  return {
    status,
    controller: status === 'undisputed' ? named[0] : null,
    active: active.map((a) => a.claimId).sort(),
    supersededBy: [...supersededBy].sort(),
    contradicts: standing.map((a) => [a.claimId, [...(contradicts.get(a.claimId) ?? [])].sort()]),
  };
}

// 2022-08, 2023-03-23 and 2023-06 are certainly in that order, so a change often has conflicting
// accounts certainly before it and certainly after it. The rest meet those on a day, one's latest
// bound the other's earliest (2023-03-31 ends 2023-03; 2023-04/.. starts where 2023-03-31/2023-04-01
// ends), so that a rule taking "certainly before" or "after" as "on or before" differs from this one.
const OCCURRED = [
  '2023-03-23',
  '2023-03',
  '2023-04-02',
  '2022-08',
  '2023-06',
  '../2023-03-28',
  '2023-03/..',
  'unknown',
  '2023-03-31',
  '2023-03-23/2023-04-02',
  '2023-03-31/2023-04-01',
  '../2023-03-23',
  '2023-04/..',
];
const KIND = fc.constantFrom(
  'visit',
  'control',
  'statement',
  'handover',
  'takeover',
  'closure',
  'suspension',
  'appointment',
);
const account = (n: number) =>
  fc
    .record({
      kind: KIND,
      stance: fc.constantFrom('asserts', 'asserts', 'confirms', 'denies', 'disputes'),
      controller: fc.constantFrom('taliban', 'republic', 'none', 'unknown'),
      occurred: fc.constantFrom(...OCCURRED),
      respondsTo: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 3 }),
      happened: fc.constantFrom('certainly', 'possibly'),
      // The denial an asserting or confirming account sides with: one of the mission's or one
      // that does not stand (d-out), answering a claim of the mission or none in particular.
      seconds: fc.option(
        fc.record({
          claimId: fc.constantFrom('d-out', 'c0'),
          stance: fc.constantFrom('denies', 'disputes'),
          respondsTo: fc.option(fc.integer({ min: 0, max: n - 1 }), { freq: 2 }),
          kind: KIND,
          occurred: fc.constantFrom(...OCCURRED),
        }),
        { freq: 3 },
      ),
    })
    .map(
      ({ seconds, ...r }): Omit<RuleAccount, 'claimId'> => ({
        ...r,
        occurred: vagueDate(r.occurred),
        respondsTo: r.respondsTo === null ? null : `c${r.respondsTo}`,
        seconds:
          seconds === null || r.stance === 'denies' || r.stance === 'disputes'
            ? null
            : {
                ...seconds,
                // The rule reads no controller of the denial sided with; placement does.
                controller: 'unknown',
                occurred: vagueDate(seconds.occurred),
                respondsTo: seconds.respondsTo === null ? null : `c${seconds.respondsTo}`,
              },
      }),
    );
const mission = fc
  .integer({ min: 0, max: 14 })
  .chain((n) => fc.array(account(Math.max(1, n)), { minLength: n, maxLength: n }))
  .map((accounts) => accounts.map((a, i): RuleAccount => ({ ...a, claimId: `c${i}` })));

describe('the contested-control rule, against its literal statement', () => {
  it('agrees on status, controller, supersessions and every contradiction', () => {
    fc.assert(
      fc.property(mission, (standing) => {
        const fast = decideControl(standing);
        const literal = literalRule(standing);
        expect({
          status: fast.status,
          controller: fast.controller,
          active: [...fast.active].sort(),
          supersededBy: [...fast.supersededBy].sort(),
          contradicts: standing.map((a) => [a.claimId, [...fast.contradicts(a.claimId)]]),
        }).toEqual(literal);
        expect(fast.binds).toEqual(literalBinds(standing));
      }),
      { numRuns: 2000 },
    );
  });

  it('supersedes on missions the generator would rarely build: a late handover ends a long contest', () => {
    const at = (claimId: string, controller: string, occurred: string, kind = 'control'): RuleAccount => ({
      claimId,
      kind: kind as RuleAccount['kind'],
      stance: 'asserts',
      controller,
      occurred: vagueDate(occurred),
      respondsTo: null,
      happened: 'certainly',
    });
    const standing = [
      ...Array.from({ length: 60 }, (_, i) => at(`old-${i}`, i % 2 ? 'taliban' : 'republic', '2022-08')),
      at('handover', 'taliban', '2023-03-23', 'handover'),
    ];
    expect(decideControl(standing)).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(literalRule(standing)).toMatchObject({ status: 'undisputed', controller: 'taliban' });
  });

  it('supersedes what came before a change when a later account conflicts with it, as the literal rule does', () => {
    const at = (claimId: string, kind: string, controller: string, occurred: string): RuleAccount => ({
      claimId,
      kind: kind as RuleAccount['kind'],
      stance: 'asserts',
      controller,
      occurred: vagueDate(occurred),
      respondsTo: null,
      happened: 'certainly',
    });
    for (const later of ['2023-06', '2023-03']) {
      const standing = [
        at('old-rep', 'control', 'republic', '2022-08'),
        at('old-tal', 'control', 'taliban', '2022-08'),
        at('handover', 'handover', 'taliban', '2023-03-23'),
        at('later', 'control', 'republic', later),
      ];
      const fast = decideControl(standing);
      const literal = literalRule(standing);
      expect({
        status: fast.status,
        supersededBy: [...fast.supersededBy].sort(),
        contradicts: standing.map((a) => [a.claimId, [...fast.contradicts(a.claimId)]]),
      }).toEqual({
        status: literal.status,
        supersededBy: literal.supersededBy,
        contradicts: literal.contradicts,
      });
      // Certainly after the handover, the later claim leaves it ending what came before; overlapping, not.
      expect(fast.supersededBy.size).toBe(later === '2023-06' ? 2 : 0);
    }
  });
});
