import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { claimAsOf, reportAsOf } from './as-of.js';
import { candidateOf, certainlyPublishedBy, type Lookups } from './candidates.js';
import type { ResolvedQuery } from './control-query.js';

/**
 * Where the claim an account responds to is in the answer, so a reader of the text view sees what a
 * denial answers even when that claim is not listed beside it:
 * - `listed`: among the standing accounts;
 * - `retracted`: among the retracted accounts;
 * - `not-recorded`: not in the knowledge base as it stood at R (`day` null): recorded after R or never,
 *   alike, so a replay to R says what the knowledge base said at R, not that the claim came later;
 * - `other-mission`: a claim about another mission (`missionId`);
 * - `not-published`: its report was not certainly published by K (`day`: K);
 * - `not-happened`: it had not happened by the world day W (`day`: W).
 */
export interface ResponseTarget {
  readonly claimId: string;
  readonly state:
    | 'listed'
    | 'retracted'
    | 'not-recorded'
    | 'other-mission'
    | 'not-published'
    | 'not-happened';
  readonly day: string | null;
  readonly missionId: string | null;
}

/** Where `claimId`, the claim an account of `missionId` responds to, stands under the query. */
export function responseTarget(
  view: Pick<KnowledgeView, 'getClaim'> & Lookups,
  missionId: string,
  claimId: string,
  query: ResolvedQuery,
  listed: { readonly standing: ReadonlySet<string>; readonly retracted: ReadonlySet<string> },
): ResponseTarget {
  const at = (state: ResponseTarget['state'], day: string | null = null, other: string | null = null) => ({
    claimId,
    state,
    day,
    missionId: other,
  });
  if (listed.standing.has(claimId)) return at('listed');
  if (listed.retracted.has(claimId)) return at('retracted');
  const record = view.getClaim(claimId);
  const asOf = record === undefined ? null : claimAsOf(record, query.recordedBy);
  if (asOf === null) return at('not-recorded');
  if (asOf.values.missionId !== missionId) return at('other-mission', null, asOf.values.missionId);
  const report = reportAsOf(view.getReport(asOf.claim.reportId), query.recordedBy);
  if (query.knownAt !== null && !certainlyPublishedBy(report, query.knownAt))
    return at('not-published', query.knownAt);
  // What is left to cut it is the world day (candidateOf says whether it passes at all).
  if (candidateOf(view, asOf, query) === null) return at('not-happened', query.at);
  return at('listed');
}
