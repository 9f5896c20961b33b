import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { answersFromElsewhere } from './answers-elsewhere.js';
import { type ClaimAsOf, claimAsOf, type ReportAsOf, reportAsOf } from './as-of.js';
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
 * to `unknown`: its date unknown or open-ended, or the report not recorded by R (recorded times that
 * step back can leave a claim or retraction recorded by R and its report not), which no publication
 * cut counts either. The timeline's publication steps and kb mission's note both read accounts so.
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
  else unknown.accounts.push(id);
  for (const r of account.retractions) {
    if (r.reportId === null) continue;
    const retractedBy = reportAsOf(view.getReport(r.reportId), recordedBy);
    const retractedOn = retractedBy?.published.latest;
    if (retractedOn != null) days.add(retractedOn);
    else if (!unknown.retractions.includes(id)) unknown.retractions.push(id);
  }
}

/**
 * The accounts that speak for a mission as of the recorded cutoff: its own claims (not those a
 * correction moved to another mission), and the denials and disputes filed under another mission
 * that answer one of them and stand beside it in kb mission (answers-elsewhere.ts). What the
 * timeline's steps and kb mission's note both read.
 */
export function missionAccountsAsOf(
  view: KnowledgeView,
  missionId: string,
  recordedBy: number | null,
): { readonly own: ClaimAsOf[]; readonly answers: ClaimAsOf[] } {
  const own: ClaimAsOf[] = [];
  for (const claim of view.claimsOfMission(missionId)) {
    const asOf = claimAsOf(claim, recordedBy);
    if (asOf !== null && asOf.values.missionId === missionId) own.push(asOf);
  }
  const ids = new Set(own.map((a) => a.claim.id));
  return { own, answers: [...answersFromElsewhere(view, missionId, ids, recordedBy)] };
}

/**
 * Of the accounts and retractions no publication day can count, those that count with no
 * publication cut at the query's other cuts (a world date an account had not happened by leaves it
 * out there too): what may be said to count in kb mission with no --known-at.
 */
export function countedUncut(
  view: KnowledgeView,
  missionId: string,
  resolved: ResolvedQuery,
  unknown: UnknownPublication,
): UnknownPublication {
  if (unknown.accounts.length === 0 && unknown.retractions.length === 0) return unknown;
  const uncut = controlOf(view, missionId, { ...resolved, knownAt: null });
  const listed = ids([...uncut.accounts, ...uncut.retractedAccounts]);
  const retracted = ids(uncut.retractedAccounts);
  return {
    accounts: unknown.accounts.filter((id) => listed.has(id)),
    retractions: unknown.retractions.filter((id) => retracted.has(id)),
  };
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
  const unknown: UnknownPublication = { accounts: [], retractions: [] };
  if (resolved.knownAt === null) return unknown;
  const { own, answers } = missionAccountsAsOf(view, missionId, resolved.recordedBy);
  const days = new Set<string>();
  const moot = new Set<string>();
  for (const account of [...own, ...answers]) {
    readPublication(view, account, resolved.recordedBy, days, unknown);
    const report = reportAsOf(view.getReport(account.claim.reportId), resolved.recordedBy);
    if (publishedAfter(report, resolved.knownAt)) moot.add(account.claim.id);
  }
  // A retraction of an account whose report was certainly published after the cut is not what
  // leaves it out: the account is not counted there at all.
  const candidates = { ...unknown, retractions: unknown.retractions.filter((id) => !moot.has(id)) };
  return leftOutAt(view, missionId, resolved, candidates);
}

/** Whether a report was certainly published after `day` (its earliest day is later). */
export function publishedAfter(report: ReportAsOf | null, day: string): boolean {
  const earliest = report?.published.earliest ?? null;
  return earliest !== null && earliest > day;
}

/**
 * Of `candidates` (claim ids of accounts, and of claims retracted), those a query's knownAt leaves
 * out: they count with no publication cut at the query's other cuts (countedUncut) but not at its
 * knownAt, an account not listed there, a retraction not counted there. What kb mission's notes on
 * reports of unknown publication and reports only possibly published by the knownAt both say.
 */
export function leftOutAt(
  view: KnowledgeView,
  missionId: string,
  resolved: ResolvedQuery,
  candidates: UnknownPublication,
): UnknownPublication {
  const counted = countedUncut(view, missionId, resolved, candidates);
  if (counted.accounts.length === 0 && counted.retractions.length === 0) return counted;
  const cut = controlOf(view, missionId, resolved);
  const listedCut = ids([...cut.accounts, ...cut.retractedAccounts]);
  const retractedCut = ids(cut.retractedAccounts);
  return {
    accounts: counted.accounts.filter((id) => !listedCut.has(id)),
    retractions: counted.retractions.filter((id) => !retractedCut.has(id)),
  };
}

const ids = (accounts: readonly { readonly claimId: string }[]) => new Set(accounts.map((a) => a.claimId));
