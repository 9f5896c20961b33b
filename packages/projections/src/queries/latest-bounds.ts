import type { RuleAccount } from './contest-rule.js';

// Step 3 of the contested-control rule (contest-rule.ts): whether a change comes after every other
// conflicting account, from the latest two latest bounds, so each candidate change costs O(1).

/** The latest `latest` bound among `accounts` with the account holding it, and the runner-up; null is open (later than any day). */
export interface LatestBounds {
  readonly holder: string | null;
  readonly first: string | null | undefined;
  readonly second: string | null | undefined;
}

/** Whether bound `a` is later than `b`, where undefined is no bound at all and null is open. */
function laterBound(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  if (a === null) return b !== null;
  return b !== null && a > b;
}

export function latestBounds(accounts: readonly RuleAccount[]): LatestBounds {
  let holder: string | null = null;
  let first: string | null | undefined;
  let second: string | null | undefined;
  for (const a of accounts) {
    const latest = a.occurred.latest;
    if (laterBound(latest, first)) {
      second = first;
      first = latest;
      holder = a.claimId;
    } else if (laterBound(latest, second)) {
      second = latest;
    }
  }
  return { holder, first, second };
}

/**
 * Whether every conflicting account other than `change` certainly happened before it (step 3):
 * the latest of their latest bounds is a day, and before the change's earliest.
 */
export function endsEveryOther(change: RuleAccount, bounds: LatestBounds): boolean {
  const latest = bounds.holder === change.claimId ? bounds.second : bounds.first;
  if (latest === undefined) return true;
  return latest !== null && change.occurred.earliest !== null && latest < change.occurred.earliest;
}

/** Whether `x` certainly happened before `change`: its latest day is before the change's earliest. */
export const certainlyBefore = (x: RuleAccount, change: RuleAccount): boolean =>
  x.occurred.latest !== null &&
  change.occurred.earliest !== null &&
  x.occurred.latest < change.occurred.earliest;

/** Whether `x` certainly happened after `change`: its earliest day is after the change's latest. */
const certainlyAfter = (x: RuleAccount, change: RuleAccount): boolean =>
  x.occurred.earliest !== null &&
  change.occurred.latest !== null &&
  x.occurred.earliest > change.occurred.latest;

/**
 * Whether `change` ends the contest among the conflicting accounts before it (step 3): each other
 * conflicting account certainly happened before it or certainly after it, and at least one before.
 * The accounts after it are left to a later change. When every other one is before it (`bounds`,
 * the common case) this costs O(1); otherwise one pass over `conflicting`.
 */
export function endsThoseBefore(
  change: RuleAccount,
  bounds: LatestBounds,
  conflicting: readonly RuleAccount[],
): boolean {
  if (endsEveryOther(change, bounds)) return conflicting.some((x) => x.claimId !== change.claimId);
  let before = false;
  for (const x of conflicting) {
    if (x.claimId === change.claimId) continue;
    if (certainlyBefore(x, change)) before = true;
    else if (!certainlyAfter(x, change)) return false;
  }
  return before;
}
