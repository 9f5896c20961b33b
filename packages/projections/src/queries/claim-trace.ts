import {
  type CitationRelation,
  type Claimant,
  type Credibility,
  type Likelihood,
  overlaps,
  type Reliability,
  type SourceKind,
  type Stance,
  type VagueDate,
} from '@kb/domain';
import type { ClaimValues, ReportValues } from '../knowledge/knowledge-state.js';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { anchoredOn } from './anchored.js';
import { claimAsOf, type GradeView, gradeHistoryAsOf, type ReportAsOf, reportAsOf } from './as-of.js';
import { carrier, recordedFacts, revisionsOf, type TraceReportRevision } from './claim-trace-report.js';
import { answersStance, compatibleKinds } from './contest-rule.js';
import { type ControlQuery, resolveQuery } from './control-query.js';
import { type ResponseTarget, responseTarget } from './response-target.js';
import { secondedAnswer } from './seconding.js';

/** When, where and by which ingest run the store recorded an event. */
export interface RecordedAt {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly position: number;
  readonly ingestRunId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

export interface TraceCorrection extends RecordedAt {
  readonly reason: string;
  readonly correctedBy: string;
  /** The values of the changed fields just before this correction. */
  readonly before: Partial<ClaimValues>;
  readonly after: Partial<ClaimValues>;
}

export interface TraceRetraction extends RecordedAt {
  readonly reason: string;
  readonly quote: string | null;
  readonly reportId: string | null;
  /** The report that carries the retraction, as of R; null when it has none (or R does not hold it). */
  readonly report: {
    readonly sourceId: string;
    readonly outlet: string | null;
    readonly url: string | null;
    readonly published: VagueDate;
    /** Its revisions recorded by R (a revised date moves where the retraction counts). */
    readonly revisions: TraceReportRevision[];
  } | null;
}

export interface TraceAssessment extends RecordedAt {
  readonly credibility: Credibility | null;
  readonly likelihood: Likelihood | null;
  readonly rationale: string;
  readonly assessedBy: string;
  readonly assessedOn: string | null;
}

export interface TraceResponse {
  readonly claimId: string;
  readonly stance: Stance;
  readonly claimant: Claimant;
  readonly quote: string;
  /**
   * Explicit: it (or the denial it sides with) names this claim in respondsTo. Implicit: bound by
   * mission, kind and overlapping time, each date re-resolved against its report as of R.
   */
  readonly binding: 'explicit' | 'implicit';
  readonly retracted: boolean;
  /**
   * Set on a claim that asserts or confirms a denial or dispute of this claim (seconding.ts): the
   * denial it sides with, and that denial's stance. Null for a claim that answers in its own name.
   */
  readonly sidesWith: { readonly claimId: string; readonly stance: Stance } | null;
}

/** Everything an auditor needs to follow a claim back to its source, as the knowledge base stood at R. */
export interface ClaimTrace {
  readonly claimId: string;
  /** The claim's values with every correction recorded by R applied. */
  readonly current: ClaimValues;
  /** The values as first recorded. */
  readonly original: ClaimValues;
  /**
   * The credibility in force: the latest assessment recorded by R that gives one, else the claim's
   * own (`current.credibility`), as kb mission gives an account's (its `credibility`).
   */
  readonly credibility: Credibility;
  /** The assessment `credibility` comes from, or null when it is the claim's own. */
  readonly credibilityAssessed: {
    readonly assessedOn: string | null;
    readonly assessedBy: string;
  } | null;
  /**
   * Whether the claim `current.respondsTo` names was in the knowledge base at R (kb mission's
   * `not-recorded`); null when it responds to none.
   */
  readonly respondsToRecorded: boolean | null;
  /**
   * Where the claim `current.respondsTo` names stands at R, in kb mission's terms (its accounts'
   * `respondsToTarget`), with the trace's claim as the account: `listed` (in the knowledge base and
   * not retracted), `retracted` (retracted by R), `not-recorded` or `other-mission`. A trace takes
   * no world or publication day, so never `not-published` or `not-happened`. Null when it responds
   * to none.
   */
  readonly respondsToTarget: ResponseTarget | null;
  readonly claimant: Claimant;
  readonly quote: string;
  /** When it happened; an `earlier` re-resolved against its report's published date as of R. */
  readonly occurred: VagueDate;
  /**
   * The claim's report with the revisions recorded by R applied, its revisions, and `original`: its
   * values as first captured, which the claim was read from.
   */
  readonly report:
    | (ReportAsOf & { readonly revisions: TraceReportRevision[]; readonly original: ReportValues })
    | null;
  readonly source: {
    readonly sourceId: string;
    readonly outlet: string;
    readonly kind: SourceKind;
    readonly reliability: Reliability | null;
    readonly grades: GradeView[];
  } | null;
  /** Outermost first: the outlet of the report, then each link of the claim's `via`. */
  readonly citationChain: { readonly name: string; readonly relation: CitationRelation | 'reports' }[];
  readonly recorded: RecordedAt;
  readonly corrections: TraceCorrection[];
  readonly retractions: TraceRetraction[];
  readonly assessments: TraceAssessment[];
  readonly responses: TraceResponse[];
}

/**
 * Traces a claim to its source as of the recorded cutoff (only `recordedAt` of the query is read:
 * a trace shows the whole claim, whatever the world or publication day). Null when unknown at R.
 */
export function traceClaim(
  view: KnowledgeView,
  claimId: string,
  query: ControlQuery = {},
): ClaimTrace | null {
  const { recordedBy: cutoff } = resolveQuery({
    ...(query.recordedAt === undefined ? {} : { recordedAt: query.recordedAt }),
  });
  const claim = view.getClaim(claimId);
  const asOf = claim === undefined ? null : claimAsOf(claim, cutoff);
  if (claim === undefined || asOf === null) return null;
  const reportRecord = view.getReport(claim.reportId);
  const report = reportAsOf(reportRecord, cutoff);
  const sourceRecord = report === null ? undefined : view.getSource(report.sourceId);
  const grades = gradeHistoryAsOf(sourceRecord, cutoff);

  let running: ClaimValues = claim.values;
  const corrections = asOf.corrections.map((c) => {
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(c.changes)) before[key] = running[key as keyof ClaimValues];
    running = { ...running, ...c.changes };
    return {
      ...recordedFacts(c.recorded),
      reason: c.reason,
      correctedBy: c.correctedBy,
      before: before as Partial<ClaimValues>,
      after: c.changes,
    };
  });

  const responses: TraceResponse[] = [];
  const seen = new Set<string>();
  for (const responder of view.respondersTo(claimId)) {
    const r = claimAsOf(responder, cutoff);
    if (r === null || r.values.respondsTo !== claimId) continue;
    seen.add(responder.id);
    responses.push(response(r.values, responder.id, 'explicit', r.retractions.length > 0));
  }
  // As kb mission binds (contest-rule.ts, step 1): by each claim's date re-resolved against its
  // report as of R, and a claim siding with a denial binds as that denial does.
  const occurred = anchoredOn(asOf.values.occurred, report);
  const target =
    (asOf.values.stance === 'asserts' || asOf.values.stance === 'confirms') &&
    secondedAnswer(view, asOf, cutoff) === null;
  for (const other of target ? view.claimsOfMission(asOf.values.missionId) : []) {
    if (other.id === claimId || seen.has(other.id)) continue;
    const r = claimAsOf(other, cutoff);
    if (r === null || r.values.missionId !== asOf.values.missionId) continue;
    const v = r.values;
    const retracted = r.retractions.length > 0;
    if (answersStance(v.stance)) {
      const theirs = anchoredOn(v.occurred, reportAsOf(view.getReport(other.reportId), cutoff));
      if (v.respondsTo === null && compatibleKinds(v.kind, asOf.values.kind) && overlaps(theirs, occurred)) {
        responses.push(response(v, other.id, 'implicit', retracted));
      }
      continue;
    }
    const seconds = secondedAnswer(view, r, cutoff);
    if (seconds === null) continue;
    const binding =
      seconds.respondsTo !== null
        ? seconds.respondsTo === claimId
          ? 'explicit'
          : null
        : compatibleKinds(seconds.kind, asOf.values.kind) && overlaps(seconds.occurred, occurred)
          ? 'implicit'
          : null;
    if (binding !== null) {
      const sidesWith = { claimId: seconds.claimId, stance: seconds.stance };
      responses.push(response(v, other.id, binding, retracted, sidesWith));
    }
  }

  const respondsTo = respondsToTarget(view, asOf.values, cutoff);
  const assessed = assessmentInForce(asOf.assessments);
  return {
    claimId,
    current: asOf.values,
    original: claim.values,
    credibility: assessed?.credibility ?? asOf.values.credibility,
    credibilityAssessed:
      assessed === undefined
        ? null
        : {
            assessedOn: assessed.assessedOn,
            assessedBy: assessed.assessedBy,
          },
    respondsToRecorded: respondsTo === null ? null : respondsTo.state !== 'not-recorded',
    respondsToTarget: respondsTo,
    claimant: asOf.values.claimant,
    quote: asOf.values.quote,
    occurred,
    report:
      report === null || reportRecord === undefined
        ? null
        : {
            ...report,
            revisions: revisionsOf(reportRecord, cutoff),
            original: {
              url: reportRecord.url,
              title: reportRecord.title,
              author: reportRecord.author,
              published: reportRecord.published,
            },
          },
    source:
      sourceRecord === undefined || grades.length === 0
        ? null
        : {
            sourceId: sourceRecord.id,
            outlet: sourceRecord.outlet,
            kind: sourceRecord.kind,
            reliability: grades.at(-1)?.reliability ?? null,
            grades,
          },
    citationChain: [
      ...(sourceRecord === undefined ? [] : [{ name: sourceRecord.outlet, relation: 'reports' as const }]),
      ...asOf.values.via,
    ],
    recorded: recordedFacts(claim.recorded),
    corrections,
    retractions: asOf.retractions.map((r) => ({
      ...recordedFacts(r.recorded),
      reason: r.reason,
      quote: r.quote,
      reportId: r.reportId,
      report: carrier(view, r.reportId, cutoff),
    })),
    assessments: asOf.assessments.map((a) => ({
      ...recordedFacts(a.recorded),
      credibility: a.credibility,
      likelihood: a.likelihood,
      rationale: a.rationale,
      assessedBy: a.assessedBy,
      assessedOn: a.assessedOn,
    })),
    responses,
  };
}

/**
 * The assessment whose credibility is in force, as kb mission takes it (accounts.ts): the latest
 * that gives a credibility; undefined when none does, and the claim's own is in force.
 */
export const assessmentInForce = <A extends { readonly credibility: Credibility | null }>(
  assessments: readonly A[],
): A | undefined => [...assessments].reverse().find((a) => a.credibility !== null);

/**
 * Where the claim `v` responds to stands at the cutoff, as kb mission says it of an account of v's
 * mission (response-target.ts): the one list a trace has beside it is the claim's mission, with the
 * claim it answers retracted there when it is retracted by the cutoff, as kb mission lists it.
 */
function respondsToTarget(view: KnowledgeView, v: ClaimValues, cutoff: number | null): ResponseTarget | null {
  if (v.respondsTo === null) return null;
  const record = view.getClaim(v.respondsTo);
  const target = record === undefined ? null : claimAsOf(record, cutoff);
  const retracted =
    target !== null && target.values.missionId === v.missionId && target.retractions.length > 0;
  return responseTarget(
    view,
    v.missionId,
    v.respondsTo,
    { at: null, knownAt: null, recordedBy: cutoff },
    { standing: new Set(), retracted: new Set(retracted ? [v.respondsTo] : []) },
  );
}

function response(
  v: ClaimValues,
  claimId: string,
  binding: 'explicit' | 'implicit',
  retracted: boolean,
  sidesWith: TraceResponse['sidesWith'] = null,
): TraceResponse {
  return { claimId, stance: v.stance, claimant: v.claimant, quote: v.quote, binding, retracted, sidesWith };
}

export type { TraceReportRevision } from './claim-trace-report.js';
