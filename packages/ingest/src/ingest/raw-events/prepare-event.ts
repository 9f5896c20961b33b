import {
  type ActorRegisteredV1,
  type AliasAddedV1,
  type ClaimRecordedV2,
  type ClaimRetractedV1,
  closestName,
  DOMAIN_EVENT_TYPES,
  type DomainEvent,
  isDomainEventType,
  streamOf,
} from '@kb/domain';
import { canonicalJson, deterministicId } from '@kb/store';
import type { EventRecord } from '../../records/claim-record.js';
import type { RecordIssue } from '../../records/parse-record.js';
import { staleCorrection, unchangedFields } from '../corrections/correction-replay.js';
import { correctionId, retractionId } from '../corrections/event-keys.js';
import { composedId } from '../identity/text-form.js';
import { done, Planner, type PrepareContext } from '../prepare/planning.js';
import { noteRetractedBeforeClaim } from '../prepare/prepare-retraction.js';
import type { PreparedRecord, PrepareResult } from '../prepare/prepared-record.js';
import { rawClaimId } from './raw-claim.js';
import { encodeRawEvent } from './raw-event-data.js';
import { checkAnchor } from './raw-event-dates.js';
import { checkSubjects } from './raw-event-subjects.js';
import { noteUnlikelyDays } from './raw-event-text.js';
import { reregistration } from './raw-reregistration.js';

/**
 * An event record: the domain event as written, its data checked as strictly as a claim record's
 * (raw-event-data.ts) and the subjects it names known (raw-event-subjects.ts), keyed as keyOf says.
 */
export async function prepareEvent(
  record: EventRecord,
  line: number,
  text: string,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  const { type, data } = record.event;
  if (!isDomainEventType(type)) {
    const meant = closestName(type, DOMAIN_EVENT_TYPES);
    const hint = meant === null ? '' : `; did you mean "${meant}"?`;
    return { ok: false, issues: [{ path: 'event.type', message: `unknown event type "${type}"${hint}` }] };
  }
  const checked = encodeRawEvent(type, data);
  if (!checked.ok)
    return {
      ok: false,
      issues: checked.issues.map((i) => ({ path: joinPath('event.data', i.path), message: i.message })),
    };
  const { encoded } = checked;
  const stream = streamOf(encoded as DomainEvent);
  const keyed = await keyOf(ctx, encoded as DomainEvent, stream, line);
  const { issues, correction } = keyed;
  // A mission, source or report registered already: the same content is that registration, other
  // content is noted (raw-reregistration.ts).
  const again = await reregistration(ctx, encoded as DomainEvent);
  const id = again !== null && 'id' in again ? again.id : keyed.id;
  const plan = new Planner(ctx, `event:${id}`);
  // Before this event's own stream counts as pending: an alias is written to its subject's stream.
  await checkSubjects(plan, encoded as DomainEvent);
  if (plan.issues.length === 0) await checkAnchor(plan, encoded as DomainEvent);
  if (plan.issues.length === 0) plan.issues.push(...issues);
  if (plan.issues.length > 0) return { ok: false, issues: plan.issues };
  noteUnlikelyDays(plan, encoded as DomainEvent);
  if (type === 'ClaimRetracted') await noteRetraction(plan, ctx, encoded.data as ClaimRetractedV1);
  if (again !== null && 'note' in again) plan.notices.push(again.note);
  ctx.notePending(stream);
  // Later records of this run may name the new actor or alias as a controller.
  // A second registration of a known actor changes nothing in the views (the first stands), so it
  // teaches the run no names either.
  if (type === 'ActorRegistered') {
    const actor = encoded.data as ActorRegisteredV1;
    if (ctx.registry.get(actor.actorId) === null) ctx.registry.add({ ...actor, builtIn: false });
  } else if (type === 'AliasAdded') {
    const alias = encoded.data as AliasAddedV1;
    if (alias.subject === 'actor') ctx.registry.addAlias(alias.id, alias.alias);
  }
  const prepared = done(plan, line, text, [
    { stream, event: plan.event(type, encoded.version, encoded.data, id) },
  ]);
  if (!prepared.ok) return prepared;
  // A correction waits, as a correction record does, when it would change nothing (held-corrections.ts).
  if (correction !== undefined) return { ok: true, record: { ...prepared.record, correction } };
  if (type !== 'ClaimRecorded') return prepared;
  // A claim: later lines find it as they find a claim record's (a correction of it, say).
  const { claimId, reportId } = encoded.data as ClaimRecordedV2;
  const published = (await ctx.reportPublished(reportId)) ?? 'unknown';
  return { ok: true, record: { ...prepared.record, claim: { claimId, published } } };
}

/**
 * An event record's id. A claim is keyed by its claim id, a correction and a retraction as their
 * records are, so the same one is one event whichever way it came (raw-claim.ts, event-keys.ts);
 * with the problems of a claim that differs from the one standing, and a correction's replay check
 * (correction-replay.ts). Any other event is keyed by its type and data, text composed
 * (text-form.ts); under the id its text as written gave before, only an earlier version can have
 * stored it, so only in a stream stored before this run.
 */
async function keyOf(
  ctx: PrepareContext,
  event: DomainEvent,
  stream: string,
  line: number,
): Promise<{ id: string; issues: readonly RecordIssue[]; correction?: PreparedRecord['correction'] }> {
  const earlier = async (ids: readonly string[]) =>
    (await ctx.storedBeforeRun(stream)) ? await ctx.heldEvent(stream, ids) : null;
  switch (event.type) {
    case 'ClaimRecorded':
      return rawClaimId(ctx, event.data, line, async () => {
        // The id its content gave before 2026-12-06, looked for only where that version could have stored it.
        const old = await composedId(
          event.data,
          (key) => deterministicId('event', event.type, canonicalJson(key)),
          async (before) => (await earlier([before])) !== null,
        );
        return (await earlier([old])) !== null ? old : null;
      });
    case 'ClaimRetracted':
      return { id: await retractionId(event.data, (ids) => earlier(ids)), issues: [] };
    case 'ClaimCorrected': {
      const { claimId } = event.data;
      const state = await ctx.claimState(claimId);
      const id = correctionId(event.data, (other) => state?.corrections.has(other) ?? false);
      const stale = state === null ? [] : staleCorrection(state, id, event.data, 'event');
      const issues = state === null ? [] : unchangedFields(state, id, event.data, 'event');
      return { id, issues, correction: { claimId, id: null, stale } };
    }
    default: {
      const id = await composedId(
        event.data,
        (key) => deterministicId('event', event.type, canonicalJson(key)),
        async (before) => (await earlier([before])) !== null,
      );
      return { id, issues: [] };
    }
  }
}

/**
 * A raw retraction is told what a retraction record is (prepare-retraction.ts): with no report, that
 * it counts at every --known-at; with a report certainly published before its claim's, that one of
 * the two dates is likely wrong.
 */
async function noteRetraction(
  plan: Planner,
  ctx: PrepareContext,
  retraction: ClaimRetractedV1,
): Promise<void> {
  if (retraction.reportId === null) {
    plan.notice('event.data.reportId', NO_REPORT);
    return;
  }
  const claim = await ctx.claimPublished(retraction.claimId);
  const published = await ctx.reportPublished(retraction.reportId);
  if (claim !== null && published !== null)
    noteRetractedBeforeClaim(plan, 'event.data.reportId', published, claim.published);
}

/** What a raw retraction with no report is told, as a retraction record without `source` is (prepare-retraction.ts). */
export const NO_REPORT =
  'a ClaimRetracted with no reportId has no publication date, so it counts as withdrawn at every --known-at, even one before the claim was withdrawn; stored, but give the report that carries the retraction whenever there is one';

function joinPath(prefix: string, path: string): string {
  return path === '' ? prefix : `${prefix}.${path}`;
}
