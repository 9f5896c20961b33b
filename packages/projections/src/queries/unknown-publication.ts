import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { answersFromElsewhere } from './answers-elsewhere.js';
import { type ClaimAsOf, claimAsOf, reportAsOf } from './as-of.js';
import { type ControlQuery, type ResolvedQuery, resolveQuery } from './control-query.js';
import { controlOf } from './mission-control.js';

/**
 * Accounts and retractions whose report's publication date is `unknown` (or open-ended): such a
 * report is never certainly published by a day, so a publication cut (--known-at) never counts
 * them, while with none they count. `accounts` are claim ids, `retractions` the ids of the claims
 * so retracted.
 */
export interface UnknownPublication {
  readonly accounts: string[];
  readonly retractions: string[];
}

/**
 * Reads one account's report and retractions' reports as of the recorded cutoff: each day a report
 * was certainly published goes to `days`, and an account or retraction whose report has no such day
 * to `unknown`. The timeline's publication steps and kb mission's note both read accounts this way.
 */
export function readPublication(
  view: KnowledgeView,
  account: ClaimAsOf,
  recordedBy: number | null,
  days: Set<string>,
  unknown: UnknownPublication,
): void {
  const id = account.claim.id;
  const published = reportAsOf(view.getReport(account.claim.reportId), recordedBy);
  const day = published?.published.latest;
  if (day != null) days.add(day);
  else if (published !== undefined) unknown.accounts.push(id);
  for (const r of account.retractions) {
    if (r.reportId === null) continue;
    const retractedBy = reportAsOf(view.getReport(r.reportId), recordedBy);
    const retractedOn = retractedBy?.published.latest;
    if (retractedOn != null) days.add(retractedOn);
    else if (retractedBy !== undefined && !unknown.retractions.includes(id)) unknown.retractions.push(id);
  }
}

/**
 * What a --known-at cut leaves out of a mission's answer only because a report's publication date is
 * unknown: the accounts and retractions that count with no publication cut, at the query's other
 * cuts, but not at its knownAt. Nothing without a knownAt. So `kb mission --known-at` can say it
 * rather than show a claim its own source withdrew as standing without a word.
 */
export function unknownPublicationAt(
  view: KnowledgeView,
  missionId: string,
  query: ControlQuery = {},
): UnknownPublication {
  const resolved = resolveQuery(query);
  const none: UnknownPublication = { accounts: [], retractions: [] };
  if (resolved.knownAt === null) return none;
  const unknown: UnknownPublication = { accounts: [], retractions: [] };
  const days = new Set<string>();
  const own = new Set<string>();
  for (const claim of view.claimsOfMission(missionId)) {
    const asOf = claimAsOf(claim, resolved.recordedBy);
    if (asOf === null || asOf.values.missionId !== missionId) continue;
    readPublication(view, asOf, resolved.recordedBy, days, unknown);
    own.add(claim.id);
  }
  for (const answer of answersFromElsewhere(view, missionId, own, resolved.recordedBy))
    readPublication(view, answer, resolved.recordedBy, days, unknown);
  if (unknown.accounts.length === 0 && unknown.retractions.length === 0) return none;
  return leftOutByCut(view, missionId, resolved, unknown);
}

/** Of those never certainly published, the ones the knownAt cut leaves out that count without it. */
function leftOutByCut(
  view: KnowledgeView,
  missionId: string,
  resolved: ResolvedQuery,
  unknown: UnknownPublication,
): UnknownPublication {
  const cut = controlOf(view, missionId, resolved);
  const uncut = controlOf(view, missionId, { ...resolved, knownAt: null });
  const ids = (accounts: readonly { readonly claimId: string }[]) => new Set(accounts.map((a) => a.claimId));
  const listedCut = ids([...cut.accounts, ...cut.retractedAccounts]);
  const retractedCut = ids(cut.retractedAccounts);
  const listedUncut = ids([...uncut.accounts, ...uncut.retractedAccounts]);
  const retractedUncut = ids(uncut.retractedAccounts);
  return {
    accounts: unknown.accounts.filter((id) => listedUncut.has(id) && !listedCut.has(id)),
    retractions: unknown.retractions.filter((id) => retractedUncut.has(id) && !retractedCut.has(id)),
  };
}
