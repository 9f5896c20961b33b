import type { Reliability } from '@kb/domain';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { manyMissionsView } from '../knowledge/many-missions.js';
import { type GradeView, gradeHistoryAsOf } from './as-of.js';
import { type ControlQuery, recordedBy, resolveQuery } from './control-query.js';
import { type LedgerEntry, ledgerEntriesOf } from './ledger-entries.js';
import { quotedOrigin } from './origin.js';

export interface LedgerCounts {
  /** Claims passing the query's filters, standing or retracted. */
  readonly claims: string[];
  /** How many of them conflict with another standing account (denied, or naming another controller). */
  readonly contradicted: number;
  /**
   * How many of them a standing denial or dispute binds to (`deniedBy`): on a contested mission
   * nearly every account is contradicted, by the accounts naming another controller, so this is
   * the count that tells an outlet whose claims are answered from one that merely disagrees.
   */
  readonly denied: number;
  /** How many of them were retracted as of the query. */
  readonly retracted: number;
}

export interface OutletLedger extends LedgerCounts {
  readonly sourceId: string;
  readonly outlet: string;
  readonly reliability: Reliability | null;
  readonly grades: GradeView[];
}

export interface ClaimantLedger extends LedgerCounts {
  /**
   * The origin key (see originOf): one claimant repeated by several outlets is one row, and so is
   * one person quoted by several claimants.
   */
  readonly origin: string;
  /** The claimant's resolved actor; null when unresolved, and for a quoted origin (never resolved). */
  readonly actorId: string | null;
  /** The names it was written as: the claimant's, or, when the chain ends in a quote, the quoted one's. */
  readonly names: string[];
  /**
   * Who relayed it, as written: for a quoted origin the claimants that quoted it; otherwise the
   * innermost links of the claimant's citation chains (the outlets it was heard through).
   */
  readonly via: string[];
}

export interface SourceLedger {
  readonly outlets: OutletLedger[];
  readonly claimants: ClaimantLedger[];
}

interface Tally {
  claims: string[];
  contradicted: number;
  denied: number;
  retracted: number;
}

/** Per outlet and per claimant: their claims, grade history, and how often contradicted or retracted. */
export function sourceLedger(
  view: KnowledgeView,
  query: ControlQuery = {},
  /** Called after each mission's accounts are counted, with how many of how many. */
  onProgress?: (done: number, total: number) => void,
): SourceLedger {
  for (const step of sourceLedgerSteps(view, query, onProgress)) if (step !== null) return step;
  throw new Error('the source ledger steps ended without a ledger');
}

/**
 * sourceLedger a mission at a time: null after each mission's accounts are counted, then the ledger
 * as the last item, so a caller can let other work run between missions (kb sources takes Ctrl-C).
 */
export function* sourceLedgerSteps(
  knowledge: KnowledgeView,
  query: ControlQuery = {},
  onProgress?: (done: number, total: number) => void,
): Generator<SourceLedger | null> {
  const view = manyMissionsView(knowledge);
  const resolved = resolveQuery(query);
  const byOutlet = new Map<string, Tally>();
  const byOrigin = new Map<
    string,
    Tally & { actorId: string | null; names: Set<string>; via: Set<string> }
  >();
  const count = (account: LedgerEntry, retracted: boolean, isContradicted: boolean) => {
    const contradicted = isContradicted ? 1 : 0;
    // An answer is never bound by a denial, so an answer listed twice is denied in neither listing.
    const denied = account.denied ? 1 : 0;
    const sourceId = account.sourceId;
    if (sourceId !== null) {
      const t = byOutlet.get(sourceId) ?? { claims: [], contradicted: 0, denied: 0, retracted: 0 };
      t.claims.push(account.claimId);
      t.contradicted += contradicted;
      t.denied += denied;
      t.retracted += retracted ? 1 : 0;
      byOutlet.set(sourceId, t);
    }
    const quoted = quotedOrigin(account.via);
    const o = byOrigin.get(account.origin) ?? {
      claims: [],
      contradicted: 0,
      denied: 0,
      retracted: 0,
      actorId: quoted === null ? account.claimant.actorId : null,
      names: new Set<string>(),
      via: new Set<string>(),
    };
    o.claims.push(account.claimId);
    o.contradicted += contradicted;
    o.denied += denied;
    o.retracted += retracted ? 1 : 0;
    if (quoted !== null) {
      o.names.add(quoted.name);
      o.via.add(account.claimant.asWritten);
    } else {
      o.names.add(account.claimant.asWritten);
      const innermost = account.via.at(-1);
      if (innermost !== undefined) o.via.add(innermost.name);
    }
    byOrigin.set(account.origin, o);
  };
  /** Where an answer was counted, should its other listing show it contradicted. */
  type Counted = { readonly sourceId: string | null; readonly origin: string; contradicted: boolean };
  /** A claim already counted as not contradicted turns out to be, in its other listing. */
  const contradictedOnce = (where: Counted) => {
    const outlet = where.sourceId === null ? undefined : byOutlet.get(where.sourceId);
    if (outlet !== undefined) outlet.contradicted += 1;
    const origin = byOrigin.get(where.origin);
    if (origin !== undefined) origin.contradicted += 1;
  };
  // A denial filed under one mission that answers a claim of another is listed under both
  // (answers-elsewhere.ts). It is one claim, counted once: as listed under its own mission, or as
  // listed elsewhere when only that listing passes the cuts; contradicted when either listing is.
  // Only answers can be listed twice, so only theirs are remembered, and only where they were counted.
  const counted = (account: LedgerEntry, contradicted: boolean): Counted => ({
    sourceId: account.sourceId,
    origin: account.origin,
    contradicted,
  });
  const ownAnswers = new Map<string, Counted>();
  const copies: { account: LedgerEntry; retracted: boolean }[] = [];
  const note = (account: LedgerEntry, retracted: boolean) => {
    if (account.filedUnder !== null) {
      copies.push({ account, retracted });
      return;
    }
    const contradicted = account.contradicted;
    if (account.respondsTo !== null) ownAnswers.set(account.claimId, counted(account, contradicted));
    count(account, retracted, contradicted);
  };
  const missions = view.listMissions();
  for (const [i, mission] of missions.entries()) {
    if (recordedBy(mission.recorded, resolved.recordedBy)) {
      const control = ledgerEntriesOf(view, mission.id, resolved);
      for (const a of control.accounts) note(a, false);
      for (const a of control.retractedAccounts) note(a, true);
    }
    onProgress?.(i + 1, missions.length);
    yield null;
  }
  for (const { account, retracted } of copies) {
    const own = ownAnswers.get(account.claimId);
    const contradicted = account.contradicted;
    if (own === undefined) {
      count(account, retracted, contradicted);
      ownAnswers.set(account.claimId, counted(account, contradicted));
    } else if (contradicted && !own.contradicted) {
      own.contradicted = true;
      contradictedOnce(own);
    }
  }
  const outlets = view.listSources().flatMap((source): OutletLedger[] => {
    const grades = gradeHistoryAsOf(source, resolved.recordedBy);
    if (grades.length === 0) return [];
    const t = byOutlet.get(source.id) ?? { claims: [], contradicted: 0, denied: 0, retracted: 0 };
    return [
      {
        sourceId: source.id,
        outlet: source.outlet,
        reliability: grades.at(-1)?.reliability ?? null,
        grades,
        claims: [...t.claims].sort(),
        contradicted: t.contradicted,
        denied: t.denied,
        retracted: t.retracted,
      },
    ];
  });
  const claimants = [...byOrigin.entries()]
    .map(([origin, t]) => ({
      origin,
      actorId: t.actorId,
      names: [...t.names].sort(),
      via: [...t.via].sort(),
      claims: [...t.claims].sort(),
      contradicted: t.contradicted,
      denied: t.denied,
      retracted: t.retracted,
    }))
    .sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0));
  yield { outlets, claimants };
}
