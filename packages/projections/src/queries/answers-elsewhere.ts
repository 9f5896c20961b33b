import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { type ClaimAsOf, claimAsOf } from './as-of.js';
import { type Candidate, candidateOf, type Lookups } from './candidates.js';
import { answersStance } from './contest-rule.js';
import type { ResolvedQuery } from './control-query.js';
import { secondedAnswer } from './seconding.js';

/**
 * The denials and disputes filed under another mission that answer a claim of `missionId`
 * (docs/contested-control.md, section 3): an embassy's denial filed under the embassy, `respondsTo` a
 * visit to a consulate. A view never hides a standing denial of one of its claims, so they are listed
 * beside it, each with the mission it is filed under (`filedUnder`), and pass the same cuts (placed at
 * the date of the claim they answer). `claimIds` are the mission's claims as of R. Each answer is read
 * as of R, corrections applied: one a correction re-pointed elsewhere, or moved under this mission
 * (then it is one of the mission's own), is not listed here.
 */
export function answersFiledElsewhere(
  view: Pick<KnowledgeView, 'respondersToAny' | 'getClaim' | 'getReport'>,
  lookups: Lookups,
  missionId: string,
  claimIds: readonly string[],
  query: ResolvedQuery,
): Candidate[] {
  const out: Candidate[] = [];
  for (const asOf of answersFromElsewhere(view, missionId, claimIds, query.recordedBy)) {
    const candidate = candidateOf(lookups, asOf, query, missionId);
    if (candidate !== null) out.push({ ...candidate, filedUnder: asOf.values.missionId });
  }
  return out;
}

/**
 * What answersFiledElsewhere lists, and the timeline makes steps of, each as of R: the denials and
 * disputes filed under another mission that answer one of `claimIds` (the mission's claims as of R),
 * and the confirmations filed under another mission that side, read from this mission, with a denial
 * listed here, its own or one brought over (seconding.ts), through chains of confirmations too. A
 * confirmation says what its denial says, so it keeps the claim answered when the denial is
 * retracted, here as under the mission it is filed under.
 */
export function* answersFromElsewhere(
  view: Pick<KnowledgeView, 'respondersToAny' | 'getClaim' | 'getReport'>,
  missionId: string,
  claimIds: Iterable<string>,
  cutoff: number | null,
): Generator<ClaimAsOf> {
  const targets = new Set(claimIds);
  if (targets.size === 0) return;
  const brought = new Set<string>();
  // The first look-up is one for the whole mission (kb status asks this of every mission); later
  // ones follow only what was brought over, which is rare.
  let answered: string[] = [...targets];
  while (answered.length > 0) {
    const next: string[] = [];
    for (const responder of view.respondersToAny(answered)) {
      if (brought.has(responder.id)) continue;
      const asOf = claimAsOf(responder, cutoff);
      if (asOf === null) continue;
      const { missionId: filedUnder, respondsTo, stance } = asOf.values;
      if (filedUnder === missionId || respondsTo === null) continue;
      const answers = answersStance(stance)
        ? targets.has(respondsTo)
        : stance === 'confirms' && secondedAnswer(view, asOf, cutoff, missionId) !== null;
      if (!answers) continue;
      brought.add(responder.id);
      next.push(responder.id);
      yield asOf;
    }
    answered = next;
  }
}
