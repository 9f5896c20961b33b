import { compareEarliest, type MissionKind, UNKNOWN_CONTROLLER } from '@kb/domain';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { manyMissionsView } from '../knowledge/many-missions.js';
import { type Account, toAccount } from './accounts.js';
import {
  type Candidate,
  cutCandidate,
  memoLookups,
  missionCandidates,
  missionUncut,
  type UncutCandidate,
} from './candidates.js';
import { type ControlStatus, decideControl, type Happened, type RuleOutcome } from './contest-rule.js';
import { type ControlQuery, type ResolvedQuery, recordedBy, resolveQuery } from './control-query.js';
import { originOf } from './origin.js';
import { type OriginsOfController, originCounts } from './origin-counts.js';
import { responseTarget } from './response-target.js';
import { compareNames } from './text-order.js';

/** Who controls a mission under a query, with every standing account side by side. */
export interface MissionControl {
  readonly mission: {
    readonly id: string;
    readonly name: string;
    readonly city: string | null;
    readonly country: string;
    readonly kind: MissionKind;
  };
  readonly status: ControlStatus;
  /** The controller when undisputed ('none' when the accounts agree it is closed), else null. */
  readonly controller: string | null;
  /**
   * Distinct origins behind the active (standing, not superseded) accounts, whatever controller each
   * names. Beside an undisputed status read `controllerOrigins`; beside a contested one,
   * `originsByController`.
   */
  readonly independentOrigins: number;
  /** When undisputed, the distinct origins behind the active accounts naming the controller; else null. */
  readonly controllerOrigins: number | null;
  /** The active accounts and their distinct origins per controller named, those naming none ('unknown') last. */
  readonly originsByController: readonly OriginsOfController[];
  /**
   * 'certainly' when every active account certainly happened by the world day, 'possibly' when some
   * only possibly did, null when nothing stands. A status resting on a 'possibly' is said to be so.
   */
  readonly happened: Happened | null;
  /** The active accounts the status rests on, and how many of them only possibly happened by the world day. */
  readonly restsOn: { readonly accounts: number; readonly possibly: number };
  /** Standing accounts, superseded ones included and marked, ordered by when they occurred. */
  readonly accounts: Account[];
  /** Accounts that pass the filters but were retracted as of the query: out of the standing set, still listed. */
  readonly retractedAccounts: Account[];
}

/** A mission the view does not know (or did not know as of the recorded cutoff). */
export class UnknownMissionError extends Error {
  override readonly name = 'UnknownMissionError';
  constructor(readonly missionId: string) {
    super(`no mission "${missionId}" is registered`);
  }
}

/**
 * The controller an account names for this mission: an answer filed under another mission names its
 * controller for that one, and none here (docs/contested-control.md, section 3).
 */
const controllerHere = (c: Candidate) =>
  c.filedUnder === null ? c.asOf.values.controller : UNKNOWN_CONTROLLER;

// By where each stands on the world axis, then by its own date (an answer placed at the date of the
// claim it answers ties with that claim), then in log order.
const byOccurred = (a: UncutCandidate, b: UncutCandidate) =>
  compareEarliest(a.world, b.world) ||
  compareEarliest(a.occurred, b.occurred) ||
  a.asOf.claim.recorded.position - b.asOf.claim.recorded.position;

/**
 * The status of one mission on the three time axes; see contest-rule.ts for the rule.
 * @example missionControl(view, 'tj-khorog-consulate', { at: '2023-03-28', knownAt: '2023-03-28' }).status // 'contested'
 */
export function missionControl(
  view: KnowledgeView,
  missionId: string,
  query: ControlQuery = {},
): MissionControl {
  return controlOf(view, missionId, resolveQuery(query));
}

/** The standing and retracted candidates of a mission under a query, and the rule's outcome. */
export interface Decided {
  readonly mission: MissionControl['mission'];
  readonly standing: Candidate[];
  readonly retracted: Candidate[];
  readonly outcome: RuleOutcome;
}

export function decided(view: KnowledgeView, missionId: string, query: ResolvedQuery): Decided {
  const mission = missionAsOf(view, missionId, query.recordedBy);
  return decidedAmong(mission, missionCandidates(view, missionId, query).sort(byOccurred));
}

/** The mission's record, as decided answers name it; a mission not registered by R is not known. */
function missionAsOf(view: KnowledgeView, missionId: string, cutoff: number | null): Decided['mission'] {
  const mission = view.getMission(missionId);
  if (mission === undefined || !recordedBy(mission.recorded, cutoff)) {
    throw new UnknownMissionError(missionId);
  }
  const { id, name, city, country, kind } = mission;
  return { id, name, city, country, kind };
}

/** The rule's outcome over a mission's candidates, already sorted by byOccurred. */
function decidedAmong(mission: Decided['mission'], candidates: readonly Candidate[]): Decided {
  const standing = candidates.filter((c) => c.retraction === null);
  const outcome = decideControl(
    standing.map((c) => ({
      claimId: c.asOf.claim.id,
      stance: c.asOf.values.stance,
      kind: c.asOf.values.kind,
      controller: controllerHere(c),
      occurred: c.world,
      respondsTo: c.asOf.values.respondsTo,
      happened: c.happened,
      seconds: c.seconds,
    })),
  );
  return { mission, standing, retracted: candidates.filter((c) => c.retraction !== null), outcome };
}

/**
 * The status and what it rests on, from the active accounts (standing, not superseded). `originAt`
 * gives the origin of the i-th standing candidate: an account already holds it.
 */
function statusOf({ standing, outcome }: Decided, originAt: (i: number) => string) {
  const origins: { controller: string; origin: string }[] = [];
  const active = standing.filter((c, i) => {
    if (!outcome.active.has(c.asOf.claim.id)) return false;
    origins.push({ controller: controllerHere(c), origin: originAt(i) });
    return true;
  });
  const { happened, possibly } = happenedOf(active);
  return {
    status: outcome.status,
    controller: outcome.controller,
    ...originCounts(origins, outcome.controller),
    happened,
    restsOn: { accounts: active.length, possibly },
  };
}

/** Whether the active accounts all certainly happened by the world day, and how many only possibly did. */
function happenedOf(active: readonly Candidate[]): { happened: Happened | null; possibly: number } {
  const possibly = active.filter((c) => c.happened !== 'certainly').length;
  return { happened: active.length === 0 ? null : possibly === 0 ? 'certainly' : 'possibly', possibly };
}

/** missionControl with an already resolved query (for views that ask many missions at once). */
export function controlOf(view: KnowledgeView, missionId: string, query: ResolvedQuery): MissionControl {
  const found = decided(view, missionId, query);
  const { standing, retracted, outcome } = found;
  const deniedBy = new Map<string, string[]>();
  for (const [answer, targets] of outcome.binds) {
    for (const t of targets) {
      const list = deniedBy.get(t);
      if (list === undefined) deniedBy.set(t, [answer]);
      else list.push(answer);
    }
  }
  const listed = {
    standing: new Set(standing.map((c) => c.asOf.claim.id)),
    retracted: new Set(retracted.map((c) => c.asOf.claim.id)),
  };
  const lookups = memoLookups(view);
  const target = (c: Candidate) => {
    const to = c.asOf.values.respondsTo;
    return to === null ? null : responseTarget(lookups, missionId, to, query, listed);
  };
  const accounts = standing.map((c) =>
    toAccount(c, query, {
      contradicts: listOf(outcome.contradicts, c.asOf.claim.id),
      deniedBy: deniedBy.get(c.asOf.claim.id) ?? [],
      supersededBy: outcome.supersededBy.get(c.asOf.claim.id) ?? null,
      respondsToTarget: target(c),
    }),
  );
  return {
    mission: found.mission,
    ...statusOf(found, (i) => accounts[i]!.origin),
    accounts,
    retractedAccounts: retracted.map((c) =>
      toAccount(c, query, {
        contradicts: noContradictions,
        deniedBy: [],
        supersededBy: null,
        respondsToTarget: target(c),
      }),
    ),
  };
}

/**
 * One account's contradiction list, made when asked. Made out here, the function holds the rule's
 * list-maker and the id alone, not the whole answer's candidates and look-ups, which an account would
 * otherwise keep alive for as long as it lives.
 */
const listOf =
  (lists: RuleOutcome['contradicts'], claimId: string): (() => readonly string[]) =>
  () =>
    lists(claimId);

const NONE: readonly string[] = [];
/** A retracted account's contradictions: it stands against nothing. */
const noContradictions = () => NONE;

/** A mission's status without its accounts: what the overview table shows. */
export interface ControlSummary extends Omit<MissionControl, 'accounts' | 'retractedAccounts'> {
  /** How many standing accounts `MissionControl.accounts` would list. */
  readonly accounts: number;
}

/**
 * controlOf without building the accounts (their sources, quotes and contradiction lists): the same
 * status, controller, origins and count. On a million claims the accounts were about a fifth of the
 * overview's time, and a table only counts them.
 */
export function controlSummaryOf(
  view: KnowledgeView,
  missionId: string,
  query: ResolvedQuery,
): ControlSummary {
  const found = decided(view, missionId, query);
  const originAt = (i: number) => {
    const { claimant, via } = found.standing[i]!.asOf.values;
    return originOf(claimant, via);
  };
  return { mission: found.mission, ...statusOf(found, originAt), accounts: found.standing.length };
}

/**
 * What a step of the timeline says of a mission: controlOf's status, controller and `happened`, and
 * which accounts stand (as `accounts` lists them), which of those a change superseded and which are
 * retracted, without building the accounts. The timeline asks it once for every day a status can
 * change on, where building each account (its source, quote and contradiction list) made a mission
 * of a few thousand accounts take minutes.
 */
export interface ControlStep {
  readonly status: ControlStatus;
  readonly controller: string | null;
  /**
   * Whether every account behind the status certainly happened by the world day ('certainly') or
   * some only possibly did ('possibly'); null when nothing stands. A change of it is a step of its
   * own: the day a vague date's last day passes, what was possible becomes certain.
   */
  readonly happened: Happened | null;
  /**
   * Every account standing at the step, as `kb mission` lists them (`accounts`): the active ones the
   * status rests on and the superseded ones, ordered by when they occurred.
   */
  readonly claimIds: string[];
  /** The accounts of `claimIds` a later change superseded, each with the change: listed, not counted. */
  readonly superseded: { readonly claimId: string; readonly supersededBy: string }[];
  /**
   * Accounts that pass the step's cuts but whose retraction counts there (`kb mission`'s
   * `retractedAccounts`): out of the standing set, never out of the timeline.
   */
  readonly retracted: string[];
}

export function controlStepOf(view: KnowledgeView, missionId: string, query: ResolvedQuery): ControlStep {
  return stepOf(decided(view, missionId, query));
}

/**
 * controlStepOf for many questions about one mission that share R and differ in W or K (the
 * timeline's days): the mission's claims as of R are read, placed on the world axis and ordered once,
 * and each question only cuts them (cutCandidate) and applies the rule, so a mission of n accounts
 * asked on d days costs about d × n cuts, not d full reads.
 */
export function controlStepsOf(
  view: KnowledgeView,
  missionId: string,
  recordedBy: number | null,
): (query: Omit<ResolvedQuery, 'recordedBy'>) => ControlStep {
  const mission = missionAsOf(view, missionId, recordedBy);
  const { lookups, uncut } = missionUncut(view, missionId, recordedBy);
  const ordered = uncut.sort(byOccurred);
  return (cuts) => {
    const query = { ...cuts, recordedBy };
    const candidates: Candidate[] = [];
    for (const u of ordered) {
      const candidate = cutCandidate(lookups, u, query);
      if (candidate !== null) candidates.push(candidate);
    }
    return stepOf(decidedAmong(mission, candidates));
  };
}

// Plain loops: the timeline makes a step for every day a status can change on, of every account.
function stepOf({ standing, retracted, outcome }: Decided): ControlStep {
  const claimIds: string[] = [];
  const superseded: { claimId: string; supersededBy: string }[] = [];
  let active = 0;
  let possibly = 0;
  for (const c of standing) {
    const claimId = c.asOf.claim.id;
    claimIds.push(claimId);
    const supersededBy = outcome.supersededBy.get(claimId);
    if (supersededBy !== undefined) superseded.push({ claimId, supersededBy });
    if (!outcome.active.has(claimId)) continue;
    active++;
    if (c.happened !== 'certainly') possibly++;
  }
  return {
    status: outcome.status,
    controller: outcome.controller,
    happened: active === 0 ? null : possibly === 0 ? 'certainly' : 'possibly',
    claimIds,
    superseded,
    retracted: retracted.map((c) => c.asOf.claim.id),
  };
}

export type OverviewQuery = ControlQuery & { readonly contestedOnly?: boolean };

/** Every mission known as of the query with its status, by country then city; optionally contested only. */
export function overview(view: KnowledgeView, query: OverviewQuery = {}): MissionControl[] {
  return [...overviewOf(view, query)];
}

/**
 * The overview one mission at a time, in the same order: each mission's accounts are computed when
 * it is reached, so a caller that prints and drops them holds one mission's at a time (on a million
 * claims the whole overview held about 2 GB).
 */
export function overviewOf(
  view: KnowledgeView,
  query: OverviewQuery = {},
  /** Called after each mission is decided, yielded or not, with how many of how many. */
  onProgress?: (done: number, total: number) => void,
): Generator<MissionControl> {
  return missionsOf(view, query, controlOf, onProgress);
}

/** overviewOf with each mission's summary instead of its accounts. */
export function overviewSummaryOf(
  view: KnowledgeView,
  query: OverviewQuery = {},
  onProgress?: (done: number, total: number) => void,
): Generator<ControlSummary> {
  return missionsOf(view, query, controlSummaryOf, onProgress);
}

function* missionsOf<T extends { readonly status: ControlStatus }>(
  knowledge: KnowledgeView,
  query: OverviewQuery,
  decide: (view: KnowledgeView, missionId: string, query: ResolvedQuery) => T,
  onProgress?: (done: number, total: number) => void,
): Generator<T> {
  const view = manyMissionsView(knowledge);
  const resolved = resolveQuery(query);
  const key = (m: { country: string; city: string | null; id: string }) =>
    [m.country, m.city ?? '', m.id] as const;
  const missions = view
    .listMissions()
    .filter((mission) => recordedBy(mission.recorded, resolved.recordedBy))
    .sort((a, b) => {
      const [ac, ai, ad] = key(a);
      const [bc, bi, bd] = key(b);
      return compareNames(ac, bc) || compareNames(ai, bi) || compareNames(ad, bd);
    });
  for (const [i, mission] of missions.entries()) {
    const control = decide(view, mission.id, resolved);
    onProgress?.(i + 1, missions.length);
    if (query.contestedOnly === true && control.status !== 'contested') continue;
    yield control;
  }
}
