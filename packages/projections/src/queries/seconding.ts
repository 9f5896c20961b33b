import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { anchoredOn } from './anchored.js';
import { type ClaimAsOf, claimAsOf, reportAsOf } from './as-of.js';
import { answersStance, type SecondedAnswer } from './contest-rule.js';

/**
 * The denial or dispute a claim sides with, with what that denial answers (contest-rule.ts, step 1):
 * the claim confirms, and its `respondsTo` names a denial or dispute of the same mission, or names a
 * confirmation that itself sides with one ("we confirm the confirmation"). A claim that asserts
 * while answering a denial rebuts it ("our delegation did visit"), so only `confirms` sides; and a
 * denial about another mission says nothing about this one's claims. Each claim on the way is read as the
 * knowledge base held it at R, corrections and report revisions applied, whether or not it stands under the query: a
 * confirmation of a denial says what the denial says even when the denial is retracted or falls
 * outside the cut. Null when the chain ends anywhere else (an assertion, a claim not recorded by R).
 */
export function secondedAnswer(
  view: Pick<KnowledgeView, 'getClaim' | 'getReport'>,
  asOf: ClaimAsOf,
  cutoff: number | null,
): SecondedAnswer | null {
  const seen = new Set<string>([asOf.claim.id]);
  let values = asOf.values;
  while (values.stance === 'confirms' && values.respondsTo !== null && !seen.has(values.respondsTo)) {
    seen.add(values.respondsTo);
    const record = view.getClaim(values.respondsTo);
    const target = record === undefined ? null : claimAsOf(record, cutoff);
    if (target === null) return null;
    if (answersStance(target.values.stance)) {
      if (target.values.missionId !== asOf.values.missionId) return null;
      const { respondsTo, kind } = target.values;
      // The denial's "earlier" resolves against its report as of R, as its own account's does.
      const report = reportAsOf(view.getReport(target.claim.reportId), cutoff);
      const occurred = anchoredOn(target.values.occurred, report);
      return { claimId: target.claim.id, stance: target.values.stance, respondsTo, kind, occurred };
    }
    values = target.values;
  }
  return null;
}
