import {
  type ClaimRetractedV1,
  claimStream,
  type DomainEvent,
  encodeEvent,
  parseVagueDate,
  streamOf,
} from '@kb/domain';
import type { RetractionRecord } from '../../records/claim-record.js';
import { retractionId } from '../corrections/event-keys.js';
import { planReport } from './plan-report.js';
import { done, existingClaim, Planner, type PrepareContext } from './planning.js';
import type { PrepareResult } from './prepared-record.js';

/** A retraction record: a ClaimRetracted of a claim stored or earlier in the input. */
export async function prepareRetraction(
  record: RetractionRecord,
  line: number,
  text: string,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  const claimId = await existingClaim(ctx, record.claim);
  const plan = new Planner(ctx, `retraction:${claimId.id ?? record.claim}`);
  if (claimId.issue !== null) plan.issue('claim', claimId.issue);
  const report = record.source === undefined ? null : await planReport(plan, record.source, 'source');
  if (plan.issues.length > 0 || claimId.id === null) return { ok: false, issues: plan.issues };
  if (report === null) plan.notice('source', NO_SOURCE);
  else if (claimId.published !== null)
    noteRetractedBeforeClaim(plan, 'source.published', report.published.text, claimId.published);
  const encoded = encodeEvent('ClaimRetracted', {
    claimId: claimId.id,
    reportId: report?.reportId ?? null,
    reason: record.reason,
    quote: record.quote ?? null,
  } as never);
  // Keyed by its claim, report and reason, composed, as an event record of it is (event-keys.ts).
  // Under an id an earlier version gave it (its text as written, or an event record's whole data),
  // only that version can have stored it, so only with a claim stored before this run: looked for
  // when the claim was read from the store as such, or, for text not composed, asked of the store
  // for a claim pending in this batch (whose line may be a re-run's). Composed text under a claim
  // this run took costs no look-up.
  const { id: claim, beforeRun } = claimId;
  const ofClaim = claimStream(claim);
  const id = await retractionId(encoded.data as ClaimRetractedV1, async (ids, notComposed) =>
    beforeRun === true || (notComposed && beforeRun === null && (await ctx.storedBeforeRun(ofClaim)))
      ? await ctx.heldEvent(ofClaim, ids)
      : null,
  );
  const stream = streamOf(encoded as DomainEvent);
  return done(plan, line, text, [
    { stream, event: plan.event('ClaimRetracted', encoded.version, encoded.data, id) },
  ]);
}

/**
 * What a retraction without `source` is told: with no report it has no publication date, so it
 * counts at every `--known-at`, also one before anyone withdrew the claim (docs/claim-records.md).
 */
export const NO_SOURCE =
  'a retraction without source has no publication date, so it counts as withdrawn at every --known-at, even one before the claim was withdrawn; stored, but give source (the report that carries the retraction) whenever there is one';

/**
 * A retraction whose report was certainly published before the claim's report (its latest possible
 * day before the claim report's earliest): it cannot withdraw what was not yet said, so one of the
 * two dates is likely wrong. Noted at `path`, and stored as written; vague dates that may agree are
 * not noted. A retraction record and a raw ClaimRetracted are told alike (prepare-event.ts).
 */
export function noteRetractedBeforeClaim(
  plan: Planner,
  path: string,
  retractionText: string,
  claimText: string,
): void {
  const retraction = parseVagueDate(retractionText);
  const claim = parseVagueDate(claimText);
  if (!retraction.ok || !claim.ok) return;
  const latest = retraction.value.latest;
  const earliest = claim.value.earliest;
  if (latest === null || earliest === null || latest >= earliest) return;
  plan.notice(
    path,
    `${retraction.value.text} is before the claim's report was published (${claim.value.text}): a retraction cannot withdraw what was not yet said; stored as written, but one of the two dates is likely wrong`,
  );
}
