import {
  type ActorRegisteredV1,
  type AliasAddedV1,
  type ClaimCorrectedV2,
  type ClaimRecordedV2,
  closestName,
  DOMAIN_EVENT_TYPES,
  type DomainEvent,
  isDomainEventType,
  streamOf,
} from '@kb/domain';
import { canonicalJson, deterministicId } from '@kb/store';
import type { EventRecord } from '../../records/claim-record.js';
import { keyedAsV1 } from '../corrections/prepare-correction.js';
import { composedId } from '../identity/text-form.js';
import { done, Planner, type PrepareContext } from '../prepare/planning.js';
import type { PrepareResult } from '../prepare/prepared-record.js';
import { rawClaimId } from './raw-claim.js';
import { encodeRawEvent } from './raw-event-data.js';
import { checkAnchor } from './raw-event-dates.js';
import { checkSubjects } from './raw-event-subjects.js';

/**
 * An event record: the domain event as written, its data checked as strictly as a claim record's
 * (raw-event-data.ts) and the subjects it names known (raw-event-subjects.ts), keyed by its content.
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
  const keyed = type === 'ClaimCorrected' ? keyedAsV1(encoded.data as ClaimCorrectedV2) : encoded.data;
  const stream = streamOf(encoded as DomainEvent);
  // A claim is keyed by its claim id, whichever way it came, and compared with what stands for it
  // (raw-claim.ts); the same one stored before 2026-12-06 under the id its content gave is found so.
  const claim =
    type === 'ClaimRecorded' ? await rawClaimId(ctx, encoded.data as ClaimRecordedV2, line) : null;
  // Any other event is keyed by its content, text composed (text-form.ts); under the id its text as
  // written gave before, only an earlier version can have stored it, so only in a stream stored before this run.
  const id =
    claim?.id ??
    (await composedId(
      keyed,
      (key) => deterministicId('event', type, canonicalJson(key)),
      async (earlier) => (await ctx.storedBeforeRun(stream)) && (await ctx.holdsEvent(stream, earlier)),
    ));
  const plan = new Planner(ctx, `event:${id}`);
  // Before this event's own stream counts as pending: an alias is written to its subject's stream.
  await checkSubjects(plan, encoded as DomainEvent);
  if (plan.issues.length === 0) await checkAnchor(plan, encoded as DomainEvent);
  if (plan.issues.length === 0 && claim !== null) plan.issues.push(...claim.issues);
  if (plan.issues.length > 0) return { ok: false, issues: plan.issues };
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
  // A claim: later lines find it as they find a claim record's (a correction of it, say).
  if (claim === null || !prepared.ok) return prepared;
  const { claimId, reportId } = encoded.data as ClaimRecordedV2;
  const published = (await ctx.reportPublished(reportId)) ?? 'unknown';
  return { ok: true, record: { ...prepared.record, claim: { claimId, published } } };
}

function joinPath(prefix: string, path: string): string {
  return path === '' ? prefix : `${prefix}.${path}`;
}
