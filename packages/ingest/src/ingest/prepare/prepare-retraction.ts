import { claimStream, type DomainEvent, encodeEvent, streamOf } from '@kb/domain';
import { deterministicId } from '@kb/store';
import type { RetractionRecord } from '../../records/claim-record.js';
import { composedId } from '../identity/text-form.js';
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
  const encoded = encodeEvent('ClaimRetracted', {
    claimId: claimId.id,
    reportId: report?.reportId ?? null,
    reason: record.reason,
    quote: record.quote ?? null,
  } as never);
  const { id: claim, beforeRun } = claimId;
  // Its key holds the reason, composed (text-form.ts); under the id the reason as written gave before,
  // only an earlier version can have stored it, so only with a claim stored before this run (asked
  // of the store only for a claim pending in this batch, whose line may be a re-run's).
  const ofClaim = claimStream(claim);
  const id = await composedId(
    record.reason,
    (reason) => deterministicId('ClaimRetracted', claim, report?.reportId ?? '', reason),
    async (earlier) =>
      (beforeRun ?? (await ctx.storedBeforeRun(ofClaim))) && (await ctx.holdsEvent(ofClaim, earlier)),
  );
  const stream = streamOf(encoded as DomainEvent);
  return done(plan, line, text, [
    { stream, event: plan.event('ClaimRetracted', encoded.version, encoded.data, id) },
  ]);
}
