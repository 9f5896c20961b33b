import { type ClaimKind, overlaps, type Stance, UNKNOWN_CONTROLLER, type VagueDate } from '@kb/domain';

/*
 * The contested-control rule (docs/contested-control.md has worked examples).
 *
 * Input: the STANDING accounts of one mission: claims recorded by R, not retracted as of R (and K),
 * that pass the world and publication filters.
 *
 * 1. Binding. A denial or dispute binds to what it answers:
 *    - explicitly, to the claim named in `respondsTo` when that claim is standing (never to anything else);
 *    - otherwise implicitly, to every standing asserting or confirming claim of the mission whose kind is
 *      compatible (the same kind, or either one a 'control'/'statement' claim, which describe a state and
 *      so answer any claim about who holds the mission) and whose occurred range overlaps the denial's.
 * 2. Conflict. Two standing accounts conflict when one binds to the other, or when both name a controller
 *    (an actor id or 'none'; 'unknown' names nobody) and the two differ.
 * 3. Supersession. A change (handover, takeover, closure, reopening, appointment, accreditation) that
 *    names a controller, certainly happened by W, is not itself bound by a standing denial, and whose
 *    earliest day is after the latest day of every other conflicting account, ends the contest: each
 *    conflicting account certainly before it is marked superseded (and stays listed). Repeat until no
 *    conflict is left or no change qualifies. An account with an open latest bound is never certainly
 *    before anything, so it can never be superseded: we do not round a vague date.
 * 4. Status. Nothing standing: 'unknown'. Any conflict left among the active accounts: 'contested'.
 *    Otherwise the active accounts name one controller: 'undisputed' with that controller ('none' when
 *    they agree it is closed); if they name none at all: 'unknown'.
 * Grades and credibility never enter the rule: a better-graded account is not a silent winner.
 */

export type ControlStatus = 'unknown' | 'undisputed' | 'contested';
export type Happened = 'certainly' | 'possibly';

/** What the rule needs to know of a standing account. */
export interface RuleAccount {
  readonly claimId: string;
  readonly stance: Stance;
  readonly kind: ClaimKind;
  readonly controller: string;
  readonly occurred: VagueDate;
  readonly respondsTo: string | null;
  readonly happened: Happened;
}

export interface RuleOutcome {
  readonly status: ControlStatus;
  readonly controller: string | null;
  /** Standing accounts not superseded. */
  readonly active: ReadonlySet<string>;
  /** Superseded account id to the change that superseded it. */
  readonly supersededBy: ReadonlyMap<string, string>;
  /** Account id to the standing accounts it conflicts with (either direction). */
  readonly contradicts: ReadonlyMap<string, ReadonlySet<string>>;
  /** Denial or dispute id to the accounts it binds to. */
  readonly binds: ReadonlyMap<string, readonly string[]>;
}

const CHANGE_KINDS: ReadonlySet<ClaimKind> = new Set([
  'handover',
  'takeover',
  'closure',
  'reopening',
  'appointment',
  'accreditation',
]);
const STATE_KINDS: ReadonlySet<ClaimKind> = new Set(['control', 'statement']);

const isAnswer = (stance: Stance) => stance === 'denies' || stance === 'disputes';
const namesController = (controller: string) => controller !== UNKNOWN_CONTROLLER;

/** True when a denial of kind `a` can answer a claim of kind `b` without an explicit `respondsTo`. */
export function compatibleKinds(a: ClaimKind, b: ClaimKind): boolean {
  return a === b || STATE_KINDS.has(a) || STATE_KINDS.has(b);
}

/** Which standing accounts each standing denial or dispute binds to (step 1). */
export function bindAnswers(accounts: readonly RuleAccount[]): Map<string, string[]> {
  const byId = new Map(accounts.map((a) => [a.claimId, a]));
  const binds = new Map<string, string[]>();
  for (const answer of accounts) {
    if (!isAnswer(answer.stance)) continue;
    if (answer.respondsTo !== null) {
      const target = byId.get(answer.respondsTo);
      binds.set(
        answer.claimId,
        target !== undefined && target.claimId !== answer.claimId ? [target.claimId] : [],
      );
      continue;
    }
    binds.set(
      answer.claimId,
      accounts
        .filter(
          (c) =>
            c.claimId !== answer.claimId &&
            !isAnswer(c.stance) &&
            compatibleKinds(answer.kind, c.kind) &&
            overlaps(answer.occurred, c.occurred),
        )
        .map((c) => c.claimId),
    );
  }
  return binds;
}

function conflictsAmong(
  accounts: readonly RuleAccount[],
  binds: ReadonlyMap<string, readonly string[]>,
): Map<string, Set<string>> {
  const ids = new Set(accounts.map((a) => a.claimId));
  const conflicts = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = conflicts.get(x);
      if (set === undefined) conflicts.set(x, new Set([y]));
      else set.add(y);
    }
  };
  for (const [answer, targets] of binds) {
    if (!ids.has(answer)) continue;
    for (const target of targets) if (ids.has(target)) link(answer, target);
  }
  const naming = accounts.filter((a) => namesController(a.controller));
  for (let i = 0; i < naming.length; i++) {
    for (let j = i + 1; j < naming.length; j++) {
      const a = naming[i]!;
      const b = naming[j]!;
      if (a.controller !== b.controller) link(a.claimId, b.claimId);
    }
  }
  return conflicts;
}

const certainlyBefore = (earlier: VagueDate, later: VagueDate) =>
  earlier.latest !== null && later.earliest !== null && earlier.latest < later.earliest;

/** Applies the rule to the standing accounts of one mission. */
export function decideControl(standing: readonly RuleAccount[]): RuleOutcome {
  const binds = bindAnswers(standing);
  const contradicts = conflictsAmong(standing, binds);
  const supersededBy = new Map<string, string>();
  let active = [...standing];

  for (;;) {
    const conflicts = conflictsAmong(active, binds);
    if (conflicts.size === 0) break;
    const live = new Set(active.map((a) => a.claimId));
    const answered = new Set<string>();
    for (const [answer, targets] of binds) {
      if (live.has(answer)) for (const t of targets) answered.add(t);
    }
    const change = active
      .filter(
        (c) =>
          CHANGE_KINDS.has(c.kind) &&
          !isAnswer(c.stance) &&
          namesController(c.controller) &&
          c.happened === 'certainly' &&
          !answered.has(c.claimId) &&
          active.every(
            (x) =>
              x.claimId === c.claimId || !conflicts.has(x.claimId) || certainlyBefore(x.occurred, c.occurred),
          ),
      )
      // The latest qualifying change decides; ties fall to claim id so the answer is deterministic.
      .sort(
        (a, b) =>
          (b.occurred.earliest ?? '').localeCompare(a.occurred.earliest ?? '') ||
          a.claimId.localeCompare(b.claimId),
      )[0];
    if (change === undefined) break;
    const ended = active.filter((x) => x.claimId !== change.claimId && conflicts.has(x.claimId));
    for (const x of ended) supersededBy.set(x.claimId, change.claimId);
    active = active.filter((x) => !supersededBy.has(x.claimId));
  }

  const remaining = conflictsAmong(active, binds);
  const activeIds = new Set(active.map((a) => a.claimId));
  if (standing.length === 0) {
    return { status: 'unknown', controller: null, active: activeIds, supersededBy, contradicts, binds };
  }
  if (remaining.size > 0) {
    return { status: 'contested', controller: null, active: activeIds, supersededBy, contradicts, binds };
  }
  const named = [...new Set(active.map((a) => a.controller).filter(namesController))];
  const controller = named[0];
  if (named.length === 1 && controller !== undefined) {
    return { status: 'undisputed', controller, active: activeIds, supersededBy, contradicts, binds };
  }
  return { status: 'unknown', controller: null, active: activeIds, supersededBy, contradicts, binds };
}
