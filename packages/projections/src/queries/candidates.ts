// The claims a query keeps for a mission, each with what its account is made of (as-of views of the
// claim, its report, retraction and assessments), before the contest rule and toAccount (accounts.ts).
import { happenedBy, type VagueDate } from '@kb/domain';
import type { ClaimRecord, SourceRecord } from '../knowledge/knowledge-state.js';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { anchoredOn } from './anchored.js';
import { answerPlacement, type Placement } from './answer-placement.js';
import { answersFiledElsewhere, answersFromElsewhere } from './answers-elsewhere.js';
import {
  type Assessment,
  type ClaimAsOf,
  claimAsOf,
  type ReportAsOf,
  type Retraction,
  reportAsOf,
} from './as-of.js';
import type { Happened, SecondedAnswer } from './contest-rule.js';
import type { ResolvedQuery } from './control-query.js';
import { type AccountRetraction, retractionShown } from './retraction-shown.js';
import { secondedAnswer } from './seconding.js';

/** A claim that survived the filters of a query, with what the account needs beside it. */
export interface Candidate {
  readonly asOf: ClaimAsOf;
  readonly report: ReportAsOf | null;
  readonly source: SourceRecord | undefined;
  /** The retraction in force under the query, or null while the claim stands. */
  readonly retraction: Retraction | null;
  /** The retraction in force as the account shows it, with its report as of R. */
  readonly retractionShown: AccountRetraction | null;
  /** The assessments in force under the query: recorded by R, and made by K (or undated). */
  readonly assessments: readonly Assessment[];
  readonly happened: Happened;
  /**
   * When the claim occurred: its values' date, with a relative one (`earlier`) resolved again against
   * its report's published date as of R when a report revision moved it (docs/dates.md).
   */
  readonly occurred: VagueDate;
  /** The denial or dispute this claim sides with, when it asserts or confirms one. */
  readonly seconds: SecondedAnswer | null;
  /** For an explicit answer, the date of the claim it answers, where it stands on the world axis. */
  readonly placedAt: Placement | null;
  /** Where the claim stands on the world axis: `placedAt`'s date for an answer placed there, else `occurred`. */
  readonly world: VagueDate;
  /**
   * For a denial or dispute filed under another mission and listed here because it answers a claim of
   * this one (answers-elsewhere.ts), that other mission; null for the mission's own claims.
   */
  readonly filedUnder: string | null;
}

/** Whether a report, as the query knows it, was certainly published by `day`. */
export const certainlyPublishedBy = (report: ReportAsOf | null, day: string) =>
  report !== null && report.published.latest !== null && report.published.latest <= day;

/**
 * A candidate before the world and publication cuts: what depends only on R (its report, dates and
 * place on the world axis). A question asked of many days with one R (the timeline) makes these once
 * and cuts them for each day (cutCandidate).
 */
export type UncutCandidate = Omit<Candidate, 'retraction' | 'retractionShown' | 'assessments' | 'happened'>;

/**
 * Applies the three cuts to one claim. World at W: happened certainly or possibly by W (without W,
 * certainly when it has a latest bound, else possibly). Publication K: its report certainly
 * published by K. Recorded R: the claim and only its history recorded by R. A retraction counts
 * under K only when it has no report of its own or its report was certainly published by K.
 */
export function candidateOf(
  view: Lookups,
  claimAsOfR: ClaimAsOf | null,
  query: ResolvedQuery,
  /** The mission whose view lists it, when not its own (answers-elsewhere.ts). */
  here?: string,
): Candidate | null {
  if (claimAsOfR === null) return null;
  const report = reportAsOf(view.getReport(claimAsOfR.claim.reportId), query.recordedBy);
  // Cut by K before the rest is worked out: most claims a publication cut leaves out end here.
  if (query.knownAt !== null && !certainlyPublishedBy(report, query.knownAt)) return null;
  return cutCandidate(view, uncutCandidate(view, claimAsOfR, query.recordedBy, here, report), query);
}

/** What candidateOf works out of a claim as of R before the world and publication cuts. */
export function uncutCandidate(
  view: Lookups,
  claimAsOfR: ClaimAsOf,
  recordedBy: number | null,
  here?: string,
  /** The claim's report as of R, when the caller has it already. */
  report: ReportAsOf | null = reportAsOf(view.getReport(claimAsOfR.claim.reportId), recordedBy),
): UncutCandidate {
  const occurred = anchoredOn(claimAsOfR.values.occurred, report);
  const seconds = secondedAnswer(view, claimAsOfR, recordedBy, here);
  // An explicit answer stands on the world axis where the event it answers does.
  const placedAt = answerPlacement(view, claimAsOfR, seconds, recordedBy);
  return {
    asOf: claimAsOfR,
    report,
    source: report === null ? undefined : view.getSource(report.sourceId),
    occurred,
    seconds,
    placedAt,
    world: placedAt?.occurred ?? occurred,
    filedUnder: null,
  };
}

/** candidateOf's cuts by W and K (and what counts under K) applied to an uncut candidate of the same R. */
export function cutCandidate(view: Lookups, uncut: UncutCandidate, query: ResolvedQuery): Candidate | null {
  const { asOf, report, world } = uncut;
  const knownAt = query.knownAt;
  if (knownAt !== null && !certainlyPublishedBy(report, knownAt)) return null;
  let happened: Happened;
  if (query.at === null) happened = world.latest !== null ? 'certainly' : 'possibly';
  else {
    const by = happenedBy(world, query.at);
    if (by === 'not') return null;
    happened = by;
  }
  // Without K, the first retraction and every assessment count: no list is filtered, none copied.
  const retraction =
    knownAt === null
      ? (asOf.retractions[0] ?? null)
      : (asOf.retractions.find(
          (r) =>
            r.reportId === null ||
            certainlyPublishedBy(reportAsOf(view.getReport(r.reportId), query.recordedBy), knownAt),
        ) ?? null);
  // An assessment made on day D was not known before D; one without a day counts at every K, as a
  // retraction without a report does.
  const assessments =
    knownAt === null
      ? asOf.assessments
      : asOf.assessments.filter((a) => a.assessedOn === null || a.assessedOn <= knownAt);
  // Written out member by member: a spread of the uncut candidate cost the timeline, which cuts each
  // account once for every day, about a microsecond a cut.
  return {
    asOf,
    report,
    source: uncut.source,
    retraction,
    retractionShown: retraction === null ? null : retractionShown(view, retraction, query.recordedBy),
    assessments,
    happened,
    occurred: uncut.occurred,
    seconds: uncut.seconds,
    placedAt: uncut.placedAt,
    world,
    filedUnder: uncut.filedUnder,
  };
}

/** The lookups a candidate needs; memoised per query, as a mission's claims share few reports. */
export type Lookups = Pick<KnowledgeView, 'getReport' | 'getSource' | 'getClaim'>;

/**
 * Wraps a view's report and source lookups in a per-query cache. `known` are claims the caller has
 * read already (a mission's own): the claim an answer names is nearly always one of them, so it is
 * not read again.
 */
export function memoLookups(view: KnowledgeView, known: readonly ClaimRecord[] = []): Lookups {
  const reports = new Map<string, ReturnType<KnowledgeView['getReport']>>();
  const sources = new Map<string, ReturnType<KnowledgeView['getSource']>>();
  // A claim an account answers, or that answers it, is read once per question, not once per account.
  const claims = new Map<string, ReturnType<KnowledgeView['getClaim']>>(known.map((c) => [c.id, c]));
  return {
    getClaim: (id) => {
      if (!claims.has(id)) claims.set(id, view.getClaim(id));
      return claims.get(id);
    },
    getReport: (id) => {
      if (!reports.has(id)) reports.set(id, view.getReport(id));
      return reports.get(id);
    },
    getSource: (id) => {
      if (!sources.has(id)) sources.set(id, view.getSource(id));
      return sources.get(id);
    },
  };
}

/**
 * The candidates of one mission under a query: its claims as of R that pass every filter, then the
 * denials and disputes of them filed under other missions that do.
 */
export function missionCandidates(view: KnowledgeView, missionId: string, query: ResolvedQuery): Candidate[] {
  const claims = view.claimsOfMission(missionId);
  const lookups = memoLookups(view, claims);
  const out: Candidate[] = [];
  const own: string[] = [];
  for (const claim of claims) {
    const asOf = claimAsOf(claim, query.recordedBy);
    if (asOf === null || asOf.values.missionId !== missionId) continue;
    own.push(claim.id);
    const candidate = candidateOf(lookups, asOf, query);
    if (candidate !== null) out.push(candidate);
  }
  out.push(...answersFiledElsewhere(view, lookups, missionId, own, query));
  return out;
}

/**
 * The claims missionCandidates cuts, for a question asked of many days with one R (the timeline):
 * the mission's claims as of R, then the answers filed elsewhere (answers-elsewhere.ts), each worked
 * out as far as R alone allows, with the lookups that read them. Cut with cutCandidate, they give
 * missionCandidates' candidates (timeline-steps.property.test.ts holds the two ways to one answer).
 */
export function missionUncut(
  view: KnowledgeView,
  missionId: string,
  recordedBy: number | null,
): { readonly lookups: Lookups; readonly uncut: UncutCandidate[] } {
  const claims = view.claimsOfMission(missionId);
  const lookups = memoLookups(view, claims);
  const uncut: UncutCandidate[] = [];
  const own: string[] = [];
  for (const claim of claims) {
    const asOf = claimAsOf(claim, recordedBy);
    if (asOf === null || asOf.values.missionId !== missionId) continue;
    own.push(claim.id);
    uncut.push(uncutCandidate(lookups, asOf, recordedBy));
  }
  for (const asOf of answersFromElsewhere(view, missionId, own, recordedBy)) {
    uncut.push({
      ...uncutCandidate(lookups, asOf, recordedBy, missionId),
      filedUnder: asOf.values.missionId,
    });
  }
  return { lookups, uncut };
}
