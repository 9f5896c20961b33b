import { FIRST_DAY } from '@kb/domain';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { memoisedView } from '../knowledge/memoised-view.js';
import { anchoredOn } from './anchored.js';
import { type ClaimAsOf, reportAsOf } from './as-of.js';
import { type ControlQuery, resolveQuery } from './control-query.js';
import { type ControlStep, controlOf, controlStepsOf, UnknownMissionError } from './mission-control.js';
import {
  countedUncut,
  missionAccountsAsOf,
  readPublication,
  type UnknownPublication,
} from './unknown-publication.js';

/** What a step of either timeline says, as missionControl says it at the step's day (ControlStep). */
type Step = ControlStep;

export interface WorldStep extends Step {
  /**
   * From this world day on (until the next step) the mission had this status; null for the first
   * step when an account has an open start (`../2023-03-28`, `earlier`): it held before any day a
   * date can name.
   */
  readonly from: string | null;
}

export interface PublicationStep extends Step {
  /** With what was certainly published by this day, the picture was this. */
  readonly knownAt: string;
}

export interface MissionTimeline {
  readonly world: WorldStep[];
  readonly publication: PublicationStep[];
  /**
   * What no publication step can count, because its report's publication date is `unknown`: such a
   * report is never certainly published by a day, so it counts only where no publication cut is
   * made (`kb mission` with no --known-at). `accounts` are claims of the mission (or answers filed
   * elsewhere) that count there at the query's other cuts; `retractions` the claims whose retraction
   * rests on such a report and counts there. Listed so the table never drops them without a word.
   */
  readonly unknownPublication: UnknownPublication;
}

/**
 * How a mission's status changed across world time (`world`), and how the picture changed as reports
 * were published (`publication`). World steps are evaluated at every claim bound: the earliest day
 * (the claim becomes possible) and the latest day (it becomes certain), the only days a status can
 * change on, with the query's knownAt and recordedAt; publication steps at every day a report or retraction became
 * certainly published, with the query's world day and recordedAt. Consecutive equal steps merge.
 */
export function missionTimeline(
  knowledge: KnowledgeView,
  missionId: string,
  query: ControlQuery = {},
  /** Told after each day asked, world days first: a mission of thousands of accounts takes a while. */
  onStep?: (done: number, total: number) => void,
): MissionTimeline {
  const resolved = resolveQuery(query);
  // The mission is asked once for every day a status can change on: its records are read once.
  const view = memoisedView(knowledge);
  if (view.getMission(missionId) === undefined) throw new UnknownMissionError(missionId);
  const worldDays = new Set<string>();
  const publicationDays = new Set<string>();
  let openStart = false;
  const unknownPublication: UnknownPublication = { accounts: [], retractions: [] };
  // The days an account's report and its retractions' reports were certainly published, or, where
  // a report's date is unknown, the account named as one no publication step can count.
  const publishedDays = (account: ClaimAsOf) =>
    readPublication(view, account, resolved.recordedBy, publicationDays, unknownPublication);
  // A claim recorded here that a correction moved to another mission gives this one no step; a
  // denial or dispute filed under another mission that answers one of these claims stands beside it
  // in kb mission, so the days its report and its retractions were published are steps here too. On
  // the world axis it is placed at its target's date, already a step.
  const { own, answers } = missionAccountsAsOf(view, missionId, resolved.recordedBy);
  for (const asOf of own) {
    const report = reportAsOf(view.getReport(asOf.claim.reportId), resolved.recordedBy);
    // An "earlier" date resolved against the published date the query knows, as accounts are.
    const { earliest, latest } = anchoredOn(asOf.values.occurred, report);
    // An open start is possible from the first day any date may name, so the timeline starts there.
    if (earliest === null) openStart = true;
    worldDays.add(earliest ?? FIRST_DAY);
    if (latest !== null) worldDays.add(latest);
    publishedDays(asOf);
  }
  for (const answer of answers) publishedDays(answer);
  // An answer placed at the date of the claim it answers (answer-placement.ts), one of this mission's
  // answering a claim of another, stands and changes the status from that date's bounds: steps too.
  // (Asked only when the mission has claims at R: a mission not recorded by R has no answer to give.)
  const uncut = own.length === 0 ? null : controlOf(view, missionId, { ...resolved, at: null });
  // So does an answer filed under another mission that stays at its own date (one naming a controller).
  for (const account of uncut === null ? [] : [...uncut.accounts, ...uncut.retractedAccounts]) {
    if (account.placedAt === null && account.filedUnder === null) continue;
    const { earliest, latest } = account.placedAt?.occurred ?? account.occurred;
    if (earliest === null) openStart = true;
    worldDays.add(earliest ?? FIRST_DAY);
    if (latest !== null) worldDays.add(latest);
  }
  // The mission's claims as of R are read and placed once, when the first step is asked for.
  let stepAt: ReturnType<typeof controlStepsOf> | undefined;
  const step = (cuts: { at: string | null; knownAt: string | null }) => {
    stepAt ??= controlStepsOf(view, missionId, resolved.recordedBy);
    return stepAt(cuts);
  };
  const total = worldDays.size + publicationDays.size;
  let done = 0;
  const world: WorldStep[] = [];
  for (const day of [...worldDays].sort()) {
    const next = {
      from: openStart && day === FIRST_DAY ? null : day,
      ...step({ at: day, knownAt: resolved.knownAt }),
    };
    pushStep(world, next);
    onStep?.(++done, total);
  }
  const publication: PublicationStep[] = [];
  for (const knownAt of [...publicationDays].sort()) {
    const next = { knownAt, ...step({ at: resolved.at, knownAt }) };
    pushStep(publication, next);
    onStep?.(++done, total);
  }
  return {
    world,
    publication,
    unknownPublication: countedUncut(view, missionId, resolved, unknownPublication),
  };
}

/**
 * Two steps are one when they say the same in every field: an account that comes, is superseded or
 * is retracted makes a step even when the status stays as it was.
 */
function sameStep(prev: Step | undefined, next: Step): boolean {
  return (
    prev !== undefined &&
    prev.status === next.status &&
    prev.controller === next.controller &&
    prev.happened === next.happened &&
    sameAccounts(prev, next)
  );
}

/** Whether two steps list the same accounts, marked alike. */
function sameAccounts(prev: Step, next: Step): boolean {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((id, i) => id === b[i]);
  return (
    same(prev.claimIds, next.claimIds) &&
    same(prev.retracted, next.retracted) &&
    prev.superseded.length === next.superseded.length &&
    prev.superseded.every(
      (s, i) =>
        s.claimId === next.superseded[i]!.claimId && s.supersededBy === next.superseded[i]!.supersededBy,
    )
  );
}

/**
 * Appends a step unless it says what the last one does. One that differs only in its status,
 * controller or `happened` shares the last one's lists: a mission of thousands of accounts has as
 * many steps, and each held its own copy of every id.
 */
function pushStep<S extends Step>(steps: S[], next: S): void {
  const prev = steps.at(-1);
  if (prev === undefined || !sameAccounts(prev, next)) {
    steps.push(next);
    return;
  }
  if (sameStep(prev, next)) return;
  steps.push({ ...next, claimIds: prev.claimIds, superseded: prev.superseded, retracted: prev.retracted });
}
