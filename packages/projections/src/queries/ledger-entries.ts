import type { CitationLink, Claimant } from '@kb/domain';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import type { Candidate } from './candidates.js';
import type { ResolvedQuery } from './control-query.js';
import { decided } from './mission-control.js';
import { originOf } from './origin.js';

/**
 * What the source ledger counts of one account of `controlOf` (kb sources): the members it reads,
 * with `contradicts` and `deniedBy` said as whether any. Building each whole account (its source,
 * quote, dates, assessments and the place of the claim it answers) took about a tenth of kb sources
 * on the 6,000-mission synthetic store, for fields the ledger never reads.
 */
export interface LedgerEntry {
  readonly claimId: string;
  /** The source of the claim's report as of R (`Account.source.sourceId`). */
  readonly sourceId: string | null;
  readonly origin: string;
  readonly claimant: Claimant;
  readonly via: readonly CitationLink[];
  readonly respondsTo: string | null;
  readonly filedUnder: string | null;
  /** Whether the account conflicts with any other (`contradicts` not empty); never, once retracted. */
  readonly contradicted: boolean;
  /** Whether a standing denial or dispute binds to it (`deniedBy` not empty); never, once retracted. */
  readonly denied: boolean;
}

/** controlOf's accounts and retracted accounts of a mission, as the ledger counts them, in order. */
export function ledgerEntriesOf(
  view: KnowledgeView,
  missionId: string,
  query: ResolvedQuery,
): { readonly accounts: LedgerEntry[]; readonly retractedAccounts: LedgerEntry[] } {
  const { standing, retracted, outcome } = decided(view, missionId, query);
  const bound = new Set<string>();
  for (const targets of outcome.binds.values()) for (const t of targets) bound.add(t);
  return {
    accounts: standing.map((c) => {
      const id = c.asOf.claim.id;
      return entryOf(c, outcome.contradicts(id).length > 0, bound.has(id));
    }),
    retractedAccounts: retracted.map((c) => entryOf(c, false, false)),
  };
}

function entryOf(c: Candidate, contradicted: boolean, denied: boolean): LedgerEntry {
  const v = c.asOf.values;
  return {
    claimId: c.asOf.claim.id,
    sourceId: c.report?.sourceId ?? null,
    origin: originOf(v.claimant, v.via),
    claimant: v.claimant,
    via: v.via,
    respondsTo: v.respondsTo,
    filedUnder: c.filedUnder,
    contradicted,
    denied,
  };
}
