// An account: one claim as a mission's answer lists it side by side with the others, made of a
// candidate (candidates.ts) and what the contest rule found of it (contest-rule.ts).
import type {
  CitationLink,
  Claimant,
  ClaimKind,
  Credibility,
  Likelihood,
  Reliability,
  Stance,
  VagueDate,
} from '@kb/domain';
import type { Placement } from './answer-placement.js';
import { reliabilityAsOf } from './as-of.js';
import type { Candidate } from './candidates.js';
import type { Happened } from './contest-rule.js';
import type { ResolvedQuery } from './control-query.js';
import { originOf } from './origin.js';
import type { ResponseTarget } from './response-target.js';
import type { AccountRetraction } from './retraction-shown.js';

export interface AccountSource {
  readonly outlet: string | null;
  readonly sourceId: string | null;
  readonly reportId: string;
  readonly url: string | null;
  /** Null when the report itself was not recorded by R. */
  readonly published: VagueDate | null;
  /** The source's grade as of R. */
  readonly reliability: Reliability | null;
}

export interface AccountAssessment {
  readonly credibility: Credibility | null;
  readonly likelihood: Likelihood | null;
  readonly rationale: string;
  readonly assessedBy: string;
  readonly assessedOn: string | null;
  readonly recordedAt: string;
}

/** One claimant's account of a mission, as listed side by side. */
export interface Account {
  readonly claimId: string;
  readonly claimant: Claimant;
  /** The independent origin it counts as: see `originOf`. */
  readonly origin: string;
  readonly stance: Stance;
  readonly controller: string;
  readonly kind: ClaimKind;
  /**
   * As written, with bounds, and whether it certainly or only possibly happened by the world day. For
   * an answer placed at the date of the claim it answers (`placedAt`), `happened` is said of that date.
   */
  readonly occurred: VagueDate & { readonly happened: Happened };
  /**
   * For a denial or dispute naming the claim it answers (or a claim siding with one), the claim whose
   * `occurred` places it on the world axis, and that date; null otherwise.
   */
  readonly placedAt: Placement | null;
  readonly source: AccountSource;
  readonly quote: string;
  /**
   * The credibility of the latest analyst assessment in force under the query (recorded by R, made
   * by K or undated) that gives one, else the claim's own.
   */
  readonly credibility: Credibility;
  /** The claim's own credibility, as its source (corrections applied) gave it. */
  readonly sourceCredibility: Credibility;
  /** The assessment `credibility` comes from, or null when it is the claim's own. */
  readonly credibilityAssessed: {
    readonly assessedOn: string | null;
    readonly assessedBy: string;
  } | null;
  readonly respondsTo: string | null;
  /** Where the claim `respondsTo` names is in this answer (listed, retracted, or why not); null without one. */
  readonly respondsToTarget: ResponseTarget | null;
  /**
   * The denial or dispute this account sides with, when it asserts or confirms one (directly or
   * through a confirmation of it): it then answers what that denial answers, and asserts nothing.
   */
  readonly sidesWith: { readonly claimId: string; readonly stance: Stance } | null;
  /**
   * The mission this account is filed under when it is another one: a denial or dispute of a claim of
   * this mission, filed elsewhere. Its controller is said of that mission and counts as none here.
   */
  readonly filedUnder: string | null;
  /**
   * Standing accounts this one conflicts with, either way (denial, or a different controller).
   * Shared, not copied: on a busy mission every account naming one controller contradicts the same
   * thousands of accounts, and a copy each held hundreds of megabytes. An account that binds or is
   * bound, or stands in sequence with a change, has a list of its own, so this is a getter that makes
   * the list when read and keeps none: a mission's lists together grow with the square of its
   * accounts, and kb status --json, kb mission --json and kb sources held them all at once (1.9 GB
   * on a store of 46,000 events). Read it once where it is used more than once.
   */
  readonly contradicts: readonly string[];
  /** Standing denials and disputes that bind to this account. */
  readonly deniedBy: string[];
  /** The retraction in force: when recorded, why, its words, and the report that carried it. */
  readonly retracted: AccountRetraction | null;
  readonly corrected: boolean;
  readonly assessments: AccountAssessment[];
  readonly via: CitationLink[];
  readonly superseded: boolean;
  readonly supersededBy: string | null;
}

/** Renders a candidate as an account; the rule's findings are passed in. */
export function toAccount(
  candidate: Candidate,
  query: ResolvedQuery,
  found: {
    /**
     * The account's contradiction list, already sorted (the rule's lists are), made each time
     * `contradicts` is read and not kept (see Account.contradicts).
     */
    contradicts: () => readonly string[];
    deniedBy: readonly string[];
    supersededBy: string | null;
    respondsToTarget: ResponseTarget | null;
  },
): Account {
  const { asOf, report, source, happened, occurred, seconds, placedAt, filedUnder } = candidate;
  const v = asOf.values;
  const assessments = candidate.assessments.map((a) => ({
    credibility: a.credibility,
    likelihood: a.likelihood,
    rationale: a.rationale,
    assessedBy: a.assessedBy,
    assessedOn: a.assessedOn,
    recordedAt: a.recorded.recordedAt,
  }));
  const assessed = [...candidate.assessments].reverse().find((a) => a.credibility !== null);
  const head = {
    claimId: asOf.claim.id,
    claimant: v.claimant,
    origin: originOf(v.claimant, v.via),
    stance: v.stance,
    controller: v.controller,
    kind: v.kind,
    occurred: { ...occurred, happened },
    placedAt,
    source: {
      outlet: source?.outlet ?? null,
      sourceId: report?.sourceId ?? null,
      reportId: asOf.claim.reportId,
      url: report?.url ?? null,
      published: report?.published ?? null,
      reliability: reliabilityAsOf(source, query.recordedBy),
    },
    quote: v.quote,
    credibility: assessed?.credibility ?? v.credibility,
    sourceCredibility: v.credibility,
    credibilityAssessed:
      assessed === undefined ? null : { assessedOn: assessed.assessedOn, assessedBy: assessed.assessedBy },
    respondsTo: v.respondsTo,
    respondsToTarget: found.respondsToTarget,
    sidesWith: seconds === null ? null : { claimId: seconds.claimId, stance: seconds.stance },
    filedUnder,
  };
  return Object.assign(withContradicts(head, found.contradicts), {
    deniedBy: [...found.deniedBy].sort(),
    retracted: candidate.retractionShown,
    corrected: asOf.corrections.length > 0,
    assessments,
    via: v.via,
    superseded: found.supersededBy !== null,
    supersededBy: found.supersededBy,
  });
}

/** Where an account keeps what makes its contradiction list: not enumerable, so never written out. */
const LISTS = Symbol('contradiction list');

/** The one getter every account's `contradicts` shares. */
function contradictsGetter(this: { readonly [LISTS]: () => readonly string[] }): readonly string[] {
  return this[LISTS]();
}

/**
 * Adds `contradicts` to an account being built, after the members before it (so JSON writes them in
 * order), as a getter that makes the list when read. One getter shared by every account: a getter
 * written in the object literal is a new function for each, and V8 then gives each account a shape
 * of its own, which cost more memory than the lists it spared on missions of a few hundred accounts.
 */
function withContradicts<T extends object>(
  head: T,
  lists: () => readonly string[],
): T & { readonly contradicts: readonly string[] } {
  Object.defineProperty(head, 'contradicts', { get: contradictsGetter, enumerable: true });
  Object.defineProperty(head, LISTS, { value: lists });
  return head as T & { readonly contradicts: readonly string[] };
}
