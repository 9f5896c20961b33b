import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { claimAsOf, reportAsOf } from './as-of.js';
import type { ControlStatus } from './contest-rule.js';
import { type ControlQuery, resolveQuery } from './control-query.js';
import { controlOf, UnknownMissionError } from './mission-control.js';

/** The first day a vague date may name (the domain's calendar floor). */
const FIRST_DAY = '1000-01-01';

export interface WorldStep {
  /** From this world day on (until the next step) the mission had this status. */
  readonly from: string;
  readonly status: ControlStatus;
  readonly controller: string | null;
  /** The active standing accounts behind the status. */
  readonly claimIds: string[];
}

export interface PublicationStep {
  /** With what was certainly published by this day, the picture was this. */
  readonly knownAt: string;
  readonly status: ControlStatus;
  readonly controller: string | null;
  readonly claimIds: string[];
}

export interface MissionTimeline {
  readonly world: WorldStep[];
  readonly publication: PublicationStep[];
}

/**
 * How a mission's status changed across world time (`world`), and how the picture changed as reports
 * were published (`publication`). World steps are evaluated at every claim bound: the earliest day
 * (the claim becomes possible) and the latest day (it becomes certain), the only days a status can
 * change on, with the query's knownAt and recordedAt; publication steps at every day a report or retraction became
 * certainly published, with the query's world day and recordedAt. Consecutive equal steps merge.
 */
export function missionTimeline(
  view: KnowledgeView,
  missionId: string,
  query: ControlQuery = {},
): MissionTimeline {
  const resolved = resolveQuery(query);
  if (view.getMission(missionId) === undefined) throw new UnknownMissionError(missionId);
  const worldDays = new Set<string>();
  const publicationDays = new Set<string>();
  for (const claim of view.claimsOfMission(missionId)) {
    const asOf = claimAsOf(claim, resolved.recordedBy);
    if (asOf === null) continue;
    const { earliest, latest } = asOf.values.occurred;
    // An open start is possible from the first day any date may name, so the timeline starts there.
    worldDays.add(earliest ?? FIRST_DAY);
    if (latest !== null) worldDays.add(latest);
    const published = reportAsOf(view.getReport(claim.reportId), resolved.recordedBy)?.published.latest;
    if (published != null) publicationDays.add(published);
    for (const r of asOf.retractions) {
      if (r.reportId === null) continue;
      const day = reportAsOf(view.getReport(r.reportId), resolved.recordedBy)?.published.latest;
      if (day != null) publicationDays.add(day);
    }
  }
  const world: WorldStep[] = [];
  for (const from of [...worldDays].sort()) {
    const c = controlOf(view, missionId, { ...resolved, at: from });
    const step = { from, status: c.status, controller: c.controller, claimIds: activeIds(c) };
    if (!sameStep(world.at(-1), step)) world.push(step);
  }
  const publication: PublicationStep[] = [];
  for (const knownAt of [...publicationDays].sort()) {
    const c = controlOf(view, missionId, { ...resolved, knownAt });
    const step = { knownAt, status: c.status, controller: c.controller, claimIds: activeIds(c) };
    if (!sameStep(publication.at(-1), step)) publication.push(step);
  }
  return { world, publication };
}

function activeIds(c: ReturnType<typeof controlOf>): string[] {
  return c.accounts.filter((a) => !a.superseded).map((a) => a.claimId);
}

function sameStep(
  prev: { status: ControlStatus; controller: string | null; claimIds: string[] } | undefined,
  next: { status: ControlStatus; controller: string | null; claimIds: string[] },
): boolean {
  return (
    prev !== undefined &&
    prev.status === next.status &&
    prev.controller === next.controller &&
    prev.claimIds.join('\n') === next.claimIds.join('\n')
  );
}
