import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { type Candidate, candidateOf, type Lookups } from './accounts.js';
import { type ClaimAsOf, claimAsOf } from './as-of.js';
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
    const candidate = candidateOf(lookups, asOf, query);
    if (candidate !== null) out.push({ ...candidate, filedUnder: asOf.values.missionId });
  }
  return out;
}

/**
 * The denials and disputes filed under another mission that answer one of `claimIds` (the mission's
 * claims as of R), each as of R, then the confirmations filed under another mission that side with
 * one of them (seconding.ts), through a chain of confirmations too: what answersFiledElsewhere lists,
 * and the timeline makes steps of. A confirmation says what its denial says, so it keeps the claim
 * answered when the denial is retracted, here as under the mission it is filed under.
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
  let answered: string[] = [];
  // One look-up for the whole mission: kb status asks this of every mission.
  for (const responder of view.respondersToAny([...targets])) {
    const asOf = claimAsOf(responder, cutoff);
    if (asOf === null) continue;
    const { missionId: filedUnder, respondsTo, stance } = asOf.values;
    if (filedUnder === missionId || respondsTo === null || !targets.has(respondsTo) || !answersStance(stance))
      continue;
    brought.add(responder.id);
    answered.push(responder.id);
    yield asOf;
  }
  while (answered.length > 0) {
    const next: string[] = [];
    for (const responder of view.respondersToAny(answered)) {
      if (brought.has(responder.id)) continue;
      const asOf = claimAsOf(responder, cutoff);
      if (asOf === null || asOf.values.missionId === missionId || asOf.values.stance !== 'confirms') continue;
      const sided = secondedAnswer(view, asOf, cutoff);
      if (sided?.respondsTo == null || !targets.has(sided.respondsTo)) continue;
      brought.add(responder.id);
      next.push(responder.id);
      yield asOf;
    }
    answered = next;
  }
}
