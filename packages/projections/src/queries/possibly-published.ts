import type { VagueDate } from '@kb/domain';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { reportAsOf } from './as-of.js';
import { type ControlQuery, resolveQuery } from './control-query.js';
import { leftOutAt, missionAccountsAsOf, publishedAfter } from './unknown-publication.js';

/** One account, or one retraction, whose report was possibly but not certainly published by a day. */
export interface PossiblyPublishedEntry {
  /** The account's claim id; for a retraction, the id of the claim it retracts. */
  readonly claimId: string;
  /** The account's report; for a retraction, the retraction's own report. */
  readonly reportId: string;
  /** That report's publication date as the query knows it (its revisions as of the recorded cutoff). */
  readonly published: VagueDate;
}

/**
 * Accounts and retractions a --known-at K leaves out only because their report's publication date
 * straddles K: possibly published by K (its earliest day, if any, on or before K) though not
 * certainly (its latest day after K). A cut counts only what was certainly published by K.
 */
export interface PossiblyPublished {
  readonly accounts: PossiblyPublishedEntry[];
  readonly retractions: PossiblyPublishedEntry[];
}

/** Whether a publication date may lie on or before `day` though not certainly. */
const straddles = (published: VagueDate, day: string): boolean =>
  published.latest !== null &&
  published.latest > day &&
  (published.earliest === null || published.earliest <= day);

/**
 * What a --known-at cut leaves out of a mission's answer only because a report was possibly, not
 * certainly, published by its knownAt (`published: "2023-03"` under `--known-at 2023-03-15`): the
 * accounts and retractions that count with no publication cut, at the query's other cuts (the
 * recorded cutoff reads the claims, retractions, reports and their revisions), but not at its
 * knownAt. A retraction is named only for an account whose own report may have been published by
 * then: one certainly published after it is moot at the cut. Nothing without a knownAt. So
 * `kb mission --known-at` can say it rather than show a claim its own source may already have
 * withdrawn as standing without a word. Reports of unknown or open-ended date are
 * unknownPublicationAt's.
 */
export function possiblyPublishedAt(
  view: KnowledgeView,
  missionId: string,
  query: ControlQuery = {},
): PossiblyPublished {
  const resolved = resolveQuery(query);
  const knownAt = resolved.knownAt;
  if (knownAt === null) return { accounts: [], retractions: [] };
  const accounts = new Map<string, PossiblyPublishedEntry>();
  const retractions = new Map<string, PossiblyPublishedEntry>();
  const { own, answers } = missionAccountsAsOf(view, missionId, resolved.recordedBy);
  for (const account of [...own, ...answers]) {
    const id = account.claim.id;
    const report = reportAsOf(view.getReport(account.claim.reportId), resolved.recordedBy);
    if (report === null) continue;
    if (straddles(report.published, knownAt))
      accounts.set(id, { claimId: id, reportId: report.id, published: report.published });
    else if (publishedAfter(report, knownAt)) continue;
    for (const r of account.retractions) {
      if (r.reportId === null || retractions.has(id)) continue;
      const retractedBy = reportAsOf(view.getReport(r.reportId), resolved.recordedBy);
      if (retractedBy !== null && straddles(retractedBy.published, knownAt))
        retractions.set(id, { claimId: id, reportId: retractedBy.id, published: retractedBy.published });
    }
  }
  if (accounts.size === 0 && retractions.size === 0) return { accounts: [], retractions: [] };
  const left = leftOutAt(view, missionId, resolved, {
    accounts: [...accounts.keys()],
    retractions: [...retractions.keys()],
  });
  return {
    accounts: left.accounts.map((id) => accounts.get(id)!),
    retractions: left.retractions.map((id) => retractions.get(id)!),
  };
}
