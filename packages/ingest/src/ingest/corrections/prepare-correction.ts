import {
  type ClaimCorrectedV2,
  type ClaimFields,
  type DomainEvent,
  encodeEvent,
  parseVagueDate,
  streamOf,
} from '@kb/domain';
import { deterministicId } from '@kb/store';
import type { CorrectionRecord } from '../../records/claim-record.js';
import { readClaimId } from '../identity/ids.js';
import { noteOccurredAfterReport } from '../prepare/plan-report.js';
import {
  done,
  existingClaim,
  noteTarget,
  Planner,
  type PrepareContext,
  readDate,
} from '../prepare/planning.js';
import type { PrepareResult } from '../prepare/prepared-record.js';
import { planMission, resolveClaimant, resolveController } from '../prepare/resolve-names.js';
import { staleCorrection, unchangedFields } from './correction-replay.js';
import { correctionId } from './event-keys.js';

/**
 * A correction record: a ClaimCorrected of a claim stored or earlier in the input, keyed by its own
 * `id` or by its content, with the fields the claim no longer holds when it was made before.
 */
export async function prepareCorrection(
  record: CorrectionRecord,
  line: number,
  text: string,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  const claim = await existingClaim(ctx, record.claim);
  const plan = new Planner(ctx, `correction:${claim.id ?? record.claim}`);
  if (claim.issue !== null) plan.issue('claim', claim.issue);
  // Letters of another script are dropped, so "Исправление-1" and "Поправка-1" would be one key.
  const own = record.id === undefined ? null : readClaimId(record.id, 'correction');
  const ownId = own?.id ?? null;
  if (own?.issue) plan.issue('id', own.issue);
  const c = record.changes;
  const state = claim.id === null ? null : await ctx.claimState(claim.id);
  const changes: Partial<Record<keyof ClaimFields, unknown>> = {};
  if (c.mission !== undefined) changes.missionId = await planMission(plan, c.mission, 'changes.mission');
  if (c.kind !== undefined) changes.kind = c.kind;
  if (c.stance !== undefined) changes.stance = c.stance;
  if (c.controller !== undefined)
    changes.controller = await resolveController(plan, c.controller, 'changes.controller');
  if (c.occurred !== undefined) {
    const occurred = readDate(plan, c.occurred, 'changes.occurred', claim.published);
    const published = claim.published === null ? null : parseVagueDate(claim.published);
    if (occurred !== null && published?.ok === true)
      noteOccurredAfterReport(plan, occurred, published.value, 'changes.occurred');
    changes.occurred = occurred;
  }
  if (c.claimant !== undefined) {
    changes.claimant = { asWritten: c.claimant, actorId: await resolveClaimant(plan, c.claimant) };
  }
  if (c.via !== undefined) changes.via = c.via;
  if (c.quote !== undefined) changes.quote = c.quote;
  if (c.credibility !== undefined) changes.credibility = c.credibility;
  if (c.respondsTo !== undefined) {
    const read = c.respondsTo === null ? null : readClaimId(c.respondsTo);
    const target = read?.id ?? null;
    changes.respondsTo = target;
    if (read?.issue) plan.issue('changes.respondsTo', read.issue);
    else if (target !== null && target === claim.id)
      plan.issue(
        'changes.respondsTo',
        `names the corrected claim itself ("${claim.id}"); a claim answers another claim`,
      );
    else if (target !== null) {
      // The mission the corrected claim will be about: this correction's, else the one it stands under.
      const mission = c.mission === undefined ? state?.missionId : changes.missionId;
      const missionId = typeof mission === 'string' ? mission : null;
      await noteTarget(plan, target, 'changes.respondsTo', missionId, 'the corrected claim is');
    }
  }
  if (c.notes !== undefined) changes.notes = c.notes;
  if (plan.issues.length > 0 || claim.id === null) return { ok: false, issues: plan.issues };
  const correctedBy = record.by ?? 'ingest';
  const encoded = encodeEvent('ClaimCorrected', {
    claimId: claim.id,
    changes,
    reason: record.reason,
    correctedBy,
  } as never);
  // Without an id of its own the event's key covers the change itself, so the same correction sent
  // twice is stored once, whether as a record or an event record (event-keys.ts); with one, that id
  // is the key (beside the claim's), so the same change can be made again on purpose. The content
  // key's third part is JSON, never "id:...". One an earlier version stored under another id is in
  // the claim's history, read already.
  const claimId = claim.id;
  const id =
    ownId === null
      ? correctionId(encoded.data as ClaimCorrectedV2, (other) => state?.corrections.has(other) ?? false)
      : deterministicId('ClaimCorrected', claimId, `id:${ownId}`);
  const stale =
    state === null
      ? []
      : staleCorrection(state, id, encoded.data as ClaimCorrectedV2, ownId === null ? 'record' : 'record-id');
  const unchanged =
    state === null
      ? []
      : unchangedFields(state, id, encoded.data as ClaimCorrectedV2, ownId === null ? 'record' : 'record-id');
  if (unchanged.length > 0) return { ok: false, issues: unchanged };
  const stream = streamOf(encoded as DomainEvent);
  const prepared = done(plan, line, text, [
    { stream, event: plan.event('ClaimCorrected', encoded.version, encoded.data, id) },
  ]);
  return prepared.ok
    ? { ok: true, record: { ...prepared.record, correction: { claimId: claim.id, id: ownId, stale } } }
    : prepared;
}
