import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { claimAsOf } from './as-of.js';
import { type ClaimTrace, type RecordedAt, traceClaim } from './claim-trace.js';
import { type ControlQuery, recordedBy, resolveQuery } from './control-query.js';

/**
 * What a trace cut at a recorded cutoff R leaves out: how many of each kind of event about the claim
 * the log holds that were recorded after R. A trace at R is the knowledge base's answer at R, so it
 * cannot say itself that a retraction came later; this is said beside it, so that a trace at R is
 * not read as the trace of a claim nothing happened to since.
 */
export interface TraceCutoff {
  readonly retractions: number;
  readonly corrections: number;
  readonly assessments: number;
  /** Revisions of the reports the trace shows: the claim's and its retractions'. */
  readonly reportRevisions: number;
  /** Grades of the report's outlet. */
  readonly grades: number;
  /** Claims that deny or dispute this one, recorded after R or bound to it only by what came after. */
  readonly responses: number;
  /**
   * Responses to this claim (as the whole trace lists them) retracted after R: each once, however
   * many times it was retracted, as the trace marks it `retracted` once. One recorded after R counts
   * here too, when it was retracted since: its retraction is not shown any more than it is.
   */
  readonly responseRetractions: number;
  /**
   * Corrections recorded after R of the claims that respond to this one, at R or now (one that a
   * correction since has unbound from this claim is among them): a correction can change what a
   * response says, or whether it is one, and the trace at R shows none of them.
   */
  readonly responseCorrections: number;
}

/** The counts of events about the claim recorded after the query's cutoff; null without a cutoff. */
export function traceCutoff(view: KnowledgeView, claimId: string, query: ControlQuery): TraceCutoff | null {
  if (query.recordedAt === undefined) return null;
  const cut = traceClaim(view, claimId, query);
  const whole = traceClaim(view, claimId);
  if (cut === null || whole === null) return null;
  const { recordedBy: cutoff } = resolveQuery({ recordedAt: query.recordedAt });
  const more = (pick: (t: ClaimTrace) => readonly unknown[]) => pick(whole).length - pick(cut).length;
  const answeredThen = new Set(cut.responses.map((r) => r.claimId));
  return {
    retractions: more((t) => t.retractions),
    corrections: more((t) => t.corrections),
    assessments: more((t) => t.assessments),
    reportRevisions: reportRevisions(whole).filter((r) => !recordedBy(r, cutoff)).length,
    grades: more((t) => t.source?.grades ?? []),
    responses: whole.responses.filter((r) => !answeredThen.has(r.claimId)).length,
    responseRetractions: whole.responses.filter((r) => r.retracted && !retractedBy(view, r.claimId, cutoff))
      .length,
    responseCorrections: correctionsAfter(
      view,
      new Set([...answeredThen, ...whole.responses.map((r) => r.claimId)]),
      cutoff,
    ),
  };
}

/** How many corrections of these claims were recorded after the cutoff. */
function correctionsAfter(view: KnowledgeView, claimIds: ReadonlySet<string>, cutoff: number | null): number {
  let count = 0;
  for (const claimId of claimIds) {
    for (const entry of view.getClaim(claimId)?.history ?? []) {
      if (entry.type === 'corrected' && !recordedBy(entry.recorded, cutoff)) count += 1;
    }
  }
  return count;
}

/** Whether the claim had been retracted by the cutoff. */
function retractedBy(view: KnowledgeView, claimId: string, cutoff: number | null): boolean {
  const record = view.getClaim(claimId);
  const asOf = record === undefined ? null : claimAsOf(record, cutoff);
  return asOf !== null && asOf.retractions.length > 0;
}

/**
 * The revisions of every report the trace shows: the claim's and each retraction's (a revised date
 * moves where the retraction counts), each revision once when a retraction is in the claim's report.
 */
function reportRevisions(t: ClaimTrace): RecordedAt[] {
  const all = [...(t.report?.revisions ?? []), ...t.retractions.flatMap((r) => r.report?.revisions ?? [])];
  return [...new Map(all.map((r) => [r.eventId, r])).values()];
}

/** How many events a cutoff left out in all. */
export function cutoffCount(cutoff: TraceCutoff): number {
  return Object.values(cutoff).reduce((sum, n) => sum + n, 0);
}
