import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { anchoredOn } from './anchored.js';
import { type ClaimAsOf, claimAsOf, reportAsOf } from './as-of.js';
import { answersStance, type SecondedAnswer } from './contest-rule.js';

/**
 * The denial or dispute a claim sides with, with what that denial answers (contest-rule.ts, step 1):
 * the claim confirms, and its `respondsTo` names a denial or dispute of the mission `here` (the one
 * whose view lists the claim: its own, or one it is brought to), or names a
 * confirmation that itself sides with one ("we confirm the confirmation"), or names a denial filed
 * under another mission that answers a claim of this one (answers-elsewhere.ts). A claim that asserts
 * while answering a denial rebuts it ("our delegation did visit"), so only `confirms` sides; and any
 * other denial about another mission says nothing about this one's claims. Each claim on the way is read as the
 * knowledge base held it at R, corrections and report revisions applied, whether or not it stands under the query: a
 * confirmation of a denial says what the denial says even when the denial is retracted or falls
 * outside the cut. Null when the chain ends anywhere else (an assertion, a claim not recorded by R).
 */
export function secondedAnswer(
  view: Pick<KnowledgeView, 'getClaim' | 'getReport'>,
  asOf: ClaimAsOf,
  cutoff: number | null,
  /** The mission whose view lists the claim: its own, or one it is brought to (answers-elsewhere.ts). */
  here: string = asOf.values.missionId,
): SecondedAnswer | null {
  const seen = new Set<string>([asOf.claim.id]);
  let values = asOf.values;
  while (values.stance === 'confirms' && values.respondsTo !== null && !seen.has(values.respondsTo)) {
    seen.add(values.respondsTo);
    const record = view.getClaim(values.respondsTo);
    const target = record === undefined ? null : claimAsOf(record, cutoff);
    if (target === null) return null;
    if (answersStance(target.values.stance)) {
      if (target.values.missionId !== here && !answersClaimOf(view, target.values.respondsTo, here, cutoff))
        return null;
      const { respondsTo, kind, controller } = target.values;
      // The denial's "earlier" resolves against its report as of R, as its own account's does.
      const report = reportAsOf(view.getReport(target.claim.reportId), cutoff);
      const occurred = anchoredOn(target.values.occurred, report);
      return {
        claimId: target.claim.id,
        stance: target.values.stance,
        respondsTo,
        kind,
        occurred,
        controller,
      };
    }
    values = target.values;
  }
  return null;
}

/**
 * Whether a denial filed under another mission names a claim of `missionId` (as of R): it is then
 * listed among that mission's accounts and binds there (answers-elsewhere.ts), so a confirmation of
 * it filed under `missionId` sides with it.
 */
function answersClaimOf(
  view: Pick<KnowledgeView, 'getClaim'>,
  respondsTo: string | null,
  missionId: string,
  cutoff: number | null,
): boolean {
  if (respondsTo === null) return false;
  const record = view.getClaim(respondsTo);
  const target = record === undefined ? null : claimAsOf(record, cutoff);
  return target !== null && target.values.missionId === missionId;
}
