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
 * The accounts after it are left to a later change. One pass over `conflicting`; changeEnds asks it
 * of many changes at once.
 */
export function endsThoseBefore(change: RuleAccount, conflicting: readonly RuleAccount[]): boolean {
  let before = false;
  for (const x of conflicting) {
    if (x.claimId === change.claimId) continue;
    if (certainlyBefore(x, change)) before = true;
    else if (!certainlyAfter(x, change)) return false;
  }
  return before;
}

/**
 * endsThoseBefore for every change of one round, against the same conflicting accounts. When every
 * other one is before the change (the common case) it costs O(1), from the two latest bounds;
 * otherwise O(log n), from the accounts ordered by their earliest day (EarliestIndex), made once
 * for the round. Walking the accounts for each change cost n²/8 comparisons on a mission of n
 * accounts a quarter of which are appointments.
 */
export function changeEnds(conflicting: readonly RuleAccount[]): (change: RuleAccount) => boolean {
  const bounds = latestBounds(conflicting);
  let index: EarliestIndex | undefined;
  return (change) => {
    if (endsEveryOther(change, bounds)) return conflicting.some((x) => x.claimId !== change.claimId);
    index ??= new EarliestIndex(conflicting);
    return index.endsThoseBefore(change);
  };
}

/** Whether day `a` (null: open) sorts before `b` as an earliest bound: an open start first. */
const earlierStart = (a: string | null, b: string | null) => (a === null ? b !== null : b !== null && a < b);

/**
 * The conflicting accounts ordered by earliest day, with the two latest `latest` bounds of each
 * prefix. An account that is not certainly after a change (its earliest day open, or not after the
 * change's latest) lies in the prefix up to the change's latest day, so the change ends the contest
 * before it when every other account of that prefix certainly ended before the change began, and
 * there is one.
 */
class EarliestIndex {
  private readonly earliest: (string | null)[];
  /** prefix[k]: the latest bounds among the first k accounts. */
  private readonly prefix: LatestBounds[];
  private readonly ids: ReadonlySet<string>;
  /** An account whose earliest day is after its latest: the order says nothing of it, so walk. */
  private readonly reversed: boolean;

  constructor(private readonly conflicting: readonly RuleAccount[]) {
    const dated = conflicting.map((a) => ({ claimId: a.claimId, ...bounds(a) }));
    this.reversed = dated.some((d) => startsAfterEnd(d.earliest, d.latest));
    dated.sort((a, b) =>
      earlierStart(a.earliest, b.earliest) ? -1 : earlierStart(b.earliest, a.earliest) ? 1 : 0,
    );
    this.earliest = dated.map((d) => d.earliest);
    this.ids = new Set(dated.map((d) => d.claimId));
    let holder: string | null = null;
    let first: string | null | undefined;
    let second: string | null | undefined;
    this.prefix = [{ holder, first, second }];
    for (const d of dated) {
      if (laterBound(d.latest, first)) {
        second = first;
        first = d.latest;
        holder = d.claimId;
      } else if (laterBound(d.latest, second)) {
        second = d.latest;
      }
      this.prefix.push({ holder, first, second });
    }
  }

  endsThoseBefore(change: RuleAccount): boolean {
    const { earliest, latest } = bounds(change);
    if (this.reversed || startsAfterEnd(earliest, latest)) return endsThoseBefore(change, this.conflicting);
    // Nothing is certainly before a change with an open start.
    if (earliest === null) return false;
    const k = latest === null ? this.earliest.length : this.startingBy(latest);
    const at = this.prefix[k]!;
    const last = at.holder === change.claimId ? at.second : at.first;
    if (last !== undefined && (last === null || last >= earliest)) return false;
    return k - (this.ids.has(change.claimId) ? 1 : 0) > 0;
  }

  /** How many accounts start by `day`: an open start, or an earliest day not after it. */
  private startingBy(day: string): number {
    let lo = 0;
    let hi = this.earliest.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.earliest[mid]!;
      if (e === null || e <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** An account's bounds, read once. */
function bounds(a: RuleAccount): { earliest: string | null; latest: string | null } {
  const { earliest, latest } = a.occurred;
  return { earliest, latest };
}

const startsAfterEnd = (earliest: string | null, latest: string | null) =>
  earliest !== null && latest !== null && earliest > latest;
