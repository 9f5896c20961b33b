import { type ClaimKind, overlaps, type Stance, UNKNOWN_CONTROLLER, type VagueDate } from '@kb/domain';
import { certainlyBefore, changeEnds } from './latest-bounds.js';
import { mergeSorted } from './sorted-ids.js';
import { withoutSequences } from './supersession-pairs.js';

/*
 * The contested-control rule (docs/contested-control.md has worked examples).
 *
 * Input: the STANDING accounts of one mission: claims recorded by R, not retracted as of R (and K),
 * that pass the world and publication filters. An explicit answer (a denial or dispute naming the claim
 * it answers, or a claim siding with one) comes with the `occurred` of the claim it answers: it is
 * about that event, and stands on the world axis where the event does (answer-placement.ts). A denial
 * filed under another mission that names a claim of this one is among them too, naming no controller
 * here (answers-elsewhere.ts).
 *
 * 1. Binding. A denial or dispute binds to what it answers:
 *    - explicitly, to the claim named in `respondsTo` when that claim is standing (never to anything else);
 *    - otherwise implicitly, to every standing asserting or confirming claim of the mission whose kind is
 *      compatible and whose occurred range overlaps the denial's. Compatibility is one-way: the denial's kind
 *      is the same as the claim's, or the DENIAL is a 'control'/'statement' claim, which describes a state
 *      ("it is not under our control") and so answers any claim about who holds the mission. A denial of
 *      an event ("there was no delegation") does not answer a state claim: a visit denial never binds to
 *      a control assertion.
 *    A claim that confirms a denial or dispute of its mission (its `respondsTo` names one: "we confirm
 *    the embassy's statement: nobody came") sides with it: it carries `seconds`, what that denial answers
 *    (its respondsTo, kind and occurred, as the view holds it whether or not the denial stands), and
 *    counts as an answer itself. It binds to what the denial would bind to among the standing accounts,
 *    by the same two ways, and since it is an answer, no denial ever binds to it: it does not assert the
 *    event the denial denies, and does not conflict with the denial it sides with.
 * 2. Conflict. Two standing accounts conflict when one binds to the other, or when both name a controller
 *    (an actor id or 'none'; 'unknown' names nobody) and the two differ.
 * 3. Supersession. A change (handover, takeover, closure, suspension, reopening, appointment,
 *    accreditation) that names a controller, certainly happened by W, is not itself bound by a standing
 *    denial, and such that every other conflicting account certainly happened before it or certainly
 *    after it, at least one before, ends the contest among those before it (a suspension changes the
 *    state as a closure does): each conflicting account certainly before it is marked superseded (and
 *    stays listed), and those after it are left to a later change. Repeat until no conflict is left or
 *    no change qualifies. An account with an open latest bound is never certainly
 *    before anything, so it can never be superseded: we do not round a vague date. An account and the
 *    change that superseded it (directly, or through changes superseding one another) are in
 *    sequence, not in contradiction: neither lists the other in `contradicts` unless one binds the other.
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
  /**
   * Set on an account that confirms a denial or dispute (seconding.ts): what that denial answers. The
   * account then counts as an answer binding as the denial does (step 1). Absent or null otherwise.
   */
  readonly seconds?: SecondedAnswer | null;
}

/** What a denial or dispute answers: the fields binding reads. */
export interface SecondedAnswer {
  /** The denial or dispute sided with, and its stance. */
  readonly claimId: string;
  readonly stance: Stance;
  readonly respondsTo: string | null;
  readonly kind: ClaimKind;
  readonly occurred: VagueDate;
  /**
   * The controller the denial names: a denial naming one stays at its own date on the world axis,
   * and so does a claim siding with it (answer-placement.ts).
   */
  readonly controller: string;
}

export interface RuleOutcome {
  readonly status: ControlStatus;
  readonly controller: string | null;
  /** Standing accounts not superseded. */
  readonly active: ReadonlySet<string>;
  /** Superseded account id to the change that superseded it. */
  readonly supersededBy: ReadonlyMap<string, string>;
  /**
   * The standing accounts an account conflicts with (either direction), sorted; empty for none. An
   * account and a change that superseded it (directly or through a chain) tell one story in order
   * and are not listed, unless one binds the other.
   */
  readonly contradicts: (claimId: string) => readonly string[];
  /** Denial or dispute id to the accounts it binds to. */
  readonly binds: ReadonlyMap<string, readonly string[]>;
}

const CHANGE_KINDS: ReadonlySet<ClaimKind> = new Set([
  'handover',
  'takeover',
  'closure',
  'suspension',
  'reopening',
  'appointment',
  'accreditation',
]);
const STATE_KINDS: ReadonlySet<ClaimKind> = new Set(['control', 'statement']);

/** A denial or dispute: a stance that answers another claim. */
export const answersStance = (stance: Stance) => stance === 'denies' || stance === 'disputes';
/** A denial or dispute, or an account siding with one. */
const isAnswer = (a: RuleAccount) => answersStance(a.stance) || (a.seconds ?? null) !== null;
/** What an answer binds by: its own respondsTo, kind and occurred, or those of the denial it sides with. */
const answerTerms = (a: RuleAccount) => a.seconds ?? a;
const namesController = (controller: string) => controller !== UNKNOWN_CONTROLLER;

/**
 * True when a denial of kind `denial` can answer a claim of kind `claim` without an explicit
 * `respondsTo`: the same kind, or a state denial (`control`, `statement`), which answers any claim.
 * Not symmetric: a `visit` denial does not answer a `control` claim.
 */
export function compatibleKinds(denial: ClaimKind, claim: ClaimKind): boolean {
  return denial === claim || STATE_KINDS.has(denial);
}

/** Which standing accounts each standing denial or dispute binds to (step 1). */
export function bindAnswers(accounts: readonly RuleAccount[]): Map<string, string[]> {
  const byId = new Map(accounts.map((a) => [a.claimId, a]));
  const binds = new Map<string, string[]>();
  for (const answer of accounts) {
    if (!isAnswer(answer)) continue;
    const terms = answerTerms(answer);
    if (terms.respondsTo !== null) {
      const target = byId.get(terms.respondsTo);
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
            !isAnswer(c) &&
            compatibleKinds(terms.kind, c.kind) &&
            overlaps(terms.occurred, c.occurred),
        )
        .map((c) => c.claimId),
    );
  }
  return binds;
}

/** Calls `visit` for each binding whose answer and target are both among `accounts`. */
function forEachBinding(
  accounts: readonly RuleAccount[],
  binds: ReadonlyMap<string, readonly string[]>,
  visit: (answer: string, target: string) => void,
): void {
  const ids = new Set(accounts.map((a) => a.claimId));
  for (const [answer, targets] of binds) {
    if (!ids.has(answer)) continue;
    for (const target of targets) if (ids.has(target)) visit(answer, target);
  }
}

/**
 * The accounts in some conflict (step 2), without listing the pairs: an account conflicts when it
 * binds or is bound, or when it names a controller and the accounts name more than one between
 * them. Linear in the accounts and the bindings, so the supersession loop stays cheap on missions
 * with hundreds of accounts.
 */
function conflictedAmong(
  accounts: readonly RuleAccount[],
  binds: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const conflicted = new Set<string>();
  forEachBinding(accounts, binds, (answer, target) => {
    conflicted.add(answer);
    conflicted.add(target);
  });
  const named = new Set<string>();
  for (const a of accounts) if (namesController(a.controller)) named.add(a.controller);
  if (named.size > 1) {
    for (const a of accounts) if (namesController(a.controller)) conflicted.add(a.claimId);
  }
  return conflicted;
}

/**
 * Who each standing account conflicts with (step 2, pair by pair), as sorted ids. On a mission whose
 * accounts name several controllers most pairs conflict, so the lists are made on demand: the
 * accounts naming other controllers come from one sorted list per controller, shared, and only an
 * account that binds or is bound has its own merged in.
 */
function contradictionsAmong(
  accounts: readonly RuleAccount[],
  binds: ReadonlyMap<string, readonly string[]>,
): (claimId: string) => readonly string[] {
  // Made when first asked: a timeline step asks for the status of every day, never for a list.
  let find: ((claimId: string) => readonly string[]) | undefined;
  return (claimId) => {
    find ??= contradictionLists(accounts, binds);
    return find(claimId);
  };
}

function contradictionLists(
  accounts: readonly RuleAccount[],
  binds: ReadonlyMap<string, readonly string[]>,
): (claimId: string) => readonly string[] {
  const controllerOf = new Map<string, string>();
  for (const a of accounts) if (namesController(a.controller)) controllerOf.set(a.claimId, a.controller);
  const distinct = new Set(controllerOf.values());
  const naming = distinct.size > 1 ? [...controllerOf.keys()].sort() : [];
  const othersThan = new Map<string, readonly string[]>();
  const others = (controller: string) => {
    let list = othersThan.get(controller);
    if (list === undefined) {
      list = naming.filter((id) => controllerOf.get(id) !== controller);
      othersThan.set(controller, list);
    }
    return list;
  };
  const bound = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = bound.get(a);
    if (set === undefined) bound.set(a, new Set([b]));
    else set.add(b);
  };
  forEachBinding(accounts, binds, (answer, target) => {
    link(answer, target);
    link(target, answer);
  });
  return (claimId) => {
    const controller = controllerOf.get(claimId);
    const byController = controller === undefined || naming.length === 0 ? [] : others(controller);
    const own = bound.get(claimId);
    if (own === undefined) return byController;
    return mergeSorted(byController, [...own].sort());
  };
}

/** Applies the rule to the standing accounts of one mission. */
export function decideControl(standing: readonly RuleAccount[]): RuleOutcome {
  const binds = bindAnswers(standing);
  const supersededBy = new Map<string, string>();
  let active = [...standing];
  let conflicted = conflictedAmong(active, binds);

  while (conflicted.size > 0) {
    const live = new Set(active.map((a) => a.claimId));
    const answered = new Set<string>();
    for (const [answer, targets] of binds) {
      if (live.has(answer)) for (const t of targets) answered.add(t);
    }
    const conflicting = active.filter((x) => conflicted.has(x.claimId));
    const ends = changeEnds(conflicting);
    // The latest qualifying change decides; ties fall to claim id so the answer is deterministic.
    let change: RuleAccount | undefined;
    for (const c of active) {
      if (
        CHANGE_KINDS.has(c.kind) &&
        !isAnswer(c) &&
        namesController(c.controller) &&
        c.happened === 'certainly' &&
        !answered.has(c.claimId) &&
        ends(c) &&
        (change === undefined || laterChange(c, change))
      ) {
        change = c;
      }
    }
    if (change === undefined) break;
    const settled = supersededBy.size;
    for (const x of conflicting) {
      if (x.claimId !== change.claimId && certainlyBefore(x, change))
        supersededBy.set(x.claimId, change.claimId);
    }
    // A change qualifies only by ending some account before it, so each round supersedes one at
    // least. Should one ever supersede none, the next round would pick it again for good: the
    // contest is left standing instead, never resolved by a round that changed nothing.
    if (supersededBy.size === settled) break;
    active = active.filter((x) => !supersededBy.has(x.claimId));
    conflicted = conflictedAmong(active, binds);
  }

  const activeIds = new Set(active.map((a) => a.claimId));
  const contradicts = withoutSequences(contradictionsAmong(standing, binds), supersededBy, binds);
  const found = { active: activeIds, supersededBy, contradicts, binds };
  if (standing.length === 0) return { status: 'unknown', controller: null, ...found };
  if (conflicted.size > 0) return { status: 'contested', controller: null, ...found };
  const named = [...new Set(active.map((a) => a.controller).filter(namesController))];
  const controller = named[0];
  if (named.length === 1 && controller !== undefined) return { status: 'undisputed', controller, ...found };
  return { status: 'unknown', controller: null, ...found };
}

/** Whether change `a` decides before `b`: the later earliest day, then the smaller claim id. */
function laterChange(a: RuleAccount, b: RuleAccount): boolean {
  const order =
    (b.occurred.earliest ?? '').localeCompare(a.occurred.earliest ?? '') ||
    a.claimId.localeCompare(b.claimId);
  return order < 0;
}
