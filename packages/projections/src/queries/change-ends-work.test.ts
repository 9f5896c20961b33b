// Step 3 of the rule asks of every change (a handover, an appointment...) whether each other
// conflicting account certainly happened before it or after it. Asked by walking the conflicting
// accounts for each change, a mission of n accounts with n/4 appointments cost about n²/8 date
// comparisons each time the rule ran: `kb timeline` of a mission of 10,000 such accounts spent 16 of
// its 26 s of CPU there, asking it on 194 days. The accounts' dates read are counted here, so a
// return to that walk fails without anything being timed.
import { type ClaimKind, vagueDate } from '@kb/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideControl, type RuleAccount } from './contest-rule.js';
import { changeEnds, endsThoseBefore } from './latest-bounds.js';

/** A mission of `n` accounts, ten a day, naming two controllers in turn, every fourth an appointment. */
function busyMission(n: number, reads: { count: number }): RuleAccount[] {
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(2022, 0, 1 + Math.floor(i / 10))).toISOString().slice(0, 10);
    const occurred = vagueDate(day);
    const kind: ClaimKind = i % 4 === 1 ? 'appointment' : 'control';
    return {
      claimId: `c-${String(i).padStart(5, '0')}`,
      kind,
      controller: i % 2 === 0 ? 'taliban' : 'republic',
      get occurred() {
        reads.count += 1;
        return occurred;
      },
      stance: 'asserts',
      respondsTo: null,
      happened: 'certainly',
    } satisfies RuleAccount;
  });
}

describe('step 3 on a mission of many changes', () => {
  it('reads each account’s dates a bounded number of times, not once for every change', () => {
    const reads = { count: 0 };
    const accounts = busyMission(2000, reads);
    reads.count = 0;
    const outcome = decideControl(accounts);
    // No change ends the contest: every day has accounts of both controllers, so none is before or
    // after all the others.
    expect(outcome.status).toBe('contested');
    expect(outcome.supersededBy.size).toBe(0);
    // 2,000 accounts: a few reads each to bind, bound and index them, and a few for each of the 500
    // changes. Walking the accounts for each change read about a million.
    expect(reads.count).toBeLessThan(30 * 2000);
  });
});

describe('changeEnds', () => {
  // Days from a short range so that ties, overlaps and open bounds are common; reversed bounds
  // (never parsed, but not assumed away) too.
  const day = fc.option(
    fc.integer({ min: 1, max: 9 }).map((d) => `2023-01-0${d}`),
    { freq: 4 },
  );
  const dated = fc.record({ earliest: day, latest: day, id: fc.integer({ min: 0, max: 11 }) });
  const asAccount = (d: { earliest: string | null; latest: string | null; id: number }): RuleAccount =>
    ({ claimId: `c${d.id}`, occurred: { earliest: d.earliest, latest: d.latest } }) as RuleAccount;

  it('answers as a walk over the conflicting accounts does, for every change, in it or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(dated, { selector: (d) => d.id, maxLength: 10 }), dated, (list, other) => {
        const conflicting = list.map(asAccount);
        const ends = changeEnds(conflicting);
        // A claim id names one account of a mission: a change from outside the list has an id of its
        // own (one sharing a listed account's id with other dates is no input the rule can meet).
        const outside = asAccount({ ...other, id: 100 + other.id });
        for (const change of [...conflicting, outside]) {
          expect(ends(change)).toBe(endsThoseBefore(change, conflicting));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
