import {
  type ActorRegisteredV1,
  type AliasAddedV1,
  type ClaimCorrectedV2,
  type ClaimFields,
  closestName,
  DOMAIN_EVENT_TYPES,
  type DomainEvent,
  EventSchemaError,
  encodeEvent,
  isDomainEventType,
  parseVagueDate,
  streamOf,
} from '@kb/domain';
import { canonicalJson, deterministicId } from '@kb/store';
import type {
  ClaimRecord,
  CorrectionRecord,
  EventRecord,
  IngestRecord,
  RetractionRecord,
} from '../../records/claim-record.js';
import { staleCorrection } from '../corrections/correction-replay.js';
import { normaliseClaimId } from '../identity/ids.js';
import { type ClaimContent, derivedClaimId } from '../notes/derived-twins.js';
import { encodeRawEvent } from '../raw-events/raw-event-data.js';
import { checkSubjects } from '../raw-events/raw-event-subjects.js';
import {
  noteOccurredAfterReport,
  noteTarget,
  Planner,
  type PrepareContext,
  planMission,
  planReport,
  readDate,
  resolveClaimant,
  resolveController,
} from './planning.js';
import type { PlannedEvent, PrepareResult } from './prepared-record.js';

export type { PrepareContext } from './planning.js';

/** Turns one validated record into the events it needs, or says which fields cannot be resolved. */
export async function prepareRecord(
  record: IngestRecord,
  line: number,
  text: string,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  try {
    switch (record.type) {
      case undefined:
      case 'claim':
        return await prepareClaim(record, line, text, ctx);
      case 'retraction':
        return await prepareRetraction(record, line, text, ctx);
      case 'correction':
        return await prepareCorrection(record, line, text, ctx);
      case 'event':
        return prepareEvent(record, line, text, ctx);
    }
  } catch (error) {
    // The record passed its own schema but an event built from it did not: a gap between the two
    // schemas, reported on the line rather than aborting the run.
    if (error instanceof EventSchemaError) {
      return {
        ok: false,
        issues: error.issues.map((i) => ({ path: i.path, message: `${error.eventType}: ${i.message}` })),
      };
    }
    throw error;
  }
}

async function prepareClaim(
  record: ClaimRecord,
  line: number,
  text: string,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  const given = record.id === undefined ? undefined : normaliseClaimId(record.id);
  const plan = new Planner(ctx, given ?? '');
  if (given === null) plan.issue('id', 'the id has no letters or digits');
  const report = await planReport(plan, record.source, 'source');
  const occurred = readDate(plan, record.occurred, 'occurred', record.source.published);
  if (occurred !== null && report !== null)
    noteOccurredAfterReport(plan, occurred, report.published, 'occurred');
  const controller = await resolveController(plan, record.controller, 'controller');
  const missionId = await planMission(plan, record.mission, 'mission');
  const respondsTo = record.respondsTo === undefined ? null : normaliseClaimId(record.respondsTo);
  if (respondsTo === null && record.respondsTo !== undefined)
    plan.issue('respondsTo', 'the id has no letters or digits');
  if (respondsTo !== null && respondsTo === given)
    plan.issue('respondsTo', `names this claim itself ("${given}"); a claim answers another claim`);
  else if (respondsTo !== null) await noteTarget(plan, respondsTo, 'respondsTo', missionId, 'this claim is');
  const claimantActor = await resolveClaimant(plan, record.claimant);
  if (
    plan.issues.length > 0 ||
    report === null ||
    occurred === null ||
    controller === null ||
    missionId === null
  ) {
    return { ok: false, issues: plan.issues };
  }
  const via = record.via ?? [];
  const content: ClaimContent = {
    reportId: report.reportId,
    missionId,
    kind: record.kind,
    stance: record.stance,
    controller,
    occurred: record.occurred,
    claimant: record.claimant,
    quote: record.quote,
    via,
    respondsTo,
  };
  const claimId =
    given ??
    (await derivedClaimId(
      content,
      // A claim under the earlier id can only be one an earlier version stored, under a report stored then.
      async (id) =>
        (await ctx.reportStoredBeforeRun(report.reportId)) && (await ctx.claimPublished(id)) !== null,
    ));
  const encoded = encodeEvent('ClaimRecorded', {
    claimId,
    reportId: report.reportId,
    missionId,
    kind: record.kind,
    stance: record.stance,
    controller,
    occurred,
    quote: record.quote,
    credibility: record.credibility ?? 6,
    respondsTo,
    claimant: { asWritten: record.claimant, actorId: claimantActor },
    via,
    notes: record.notes ?? null,
  } as never);
  const keyed = new Planner(ctx, claimId);
  const stream = streamOf(encoded as DomainEvent);
  return {
    ok: true,
    record: {
      line,
      text,
      key: claimId,
      own: [
        {
          stream,
          event: keyed.event(
            'ClaimRecorded',
            encoded.version,
            encoded.data,
            deterministicId('ClaimRecorded', claimId),
          ),
        },
      ],
      needs: plan.needs.map((n) => ({
        stream: n.stream,
        event: { ...n.event, metadata: { ...n.event.metadata, causationId: claimId } },
      })),
      notices: plan.notices,
      // A claim given an id keeps its content until its batch is committed, to be compared with a
      // claim without one (derived-twins.ts).
      claim:
        given === undefined
          ? { claimId, published: record.source.published, derived: true }
          : { claimId, published: record.source.published, content },
    },
  };
}

async function prepareRetraction(
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
  const id = deterministicId('ClaimRetracted', claimId.id, report?.reportId ?? '', record.reason);
  const stream = streamOf(encoded as DomainEvent);
  return done(plan, line, text, [
    { stream, event: plan.event('ClaimRetracted', encoded.version, encoded.data, id) },
  ]);
}

async function prepareCorrection(
  record: CorrectionRecord,
  line: number,
  text: string,
  ctx: PrepareContext,
): Promise<PrepareResult> {
  const claim = await existingClaim(ctx, record.claim);
  const plan = new Planner(ctx, `correction:${claim.id ?? record.claim}`);
  if (claim.issue !== null) plan.issue('claim', claim.issue);
  const ownId = record.id === undefined ? null : normaliseClaimId(record.id);
  if (ownId === null && record.id !== undefined) plan.issue('id', 'the id has no letters or digits');
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
    const target = c.respondsTo === null ? null : normaliseClaimId(c.respondsTo);
    changes.respondsTo = target;
    if (target === null && c.respondsTo !== null)
      plan.issue('changes.respondsTo', 'the id has no letters or digits');
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
  // twice is stored once; with one, that id is the key (beside the claim's), so the same change can
  // be made again on purpose. The content key's third part is JSON, never "id:...".
  const id =
    ownId === null
      ? deterministicId(
          'ClaimCorrected',
          claim.id,
          canonicalJson(keyedAsV1(encoded.data as ClaimCorrectedV2).changes),
          record.reason,
          correctedBy,
        )
      : deterministicId('ClaimCorrected', claim.id, `id:${ownId}`);
  const stale =
    state === null ? [] : staleCorrection(state, id, encoded.data as ClaimCorrectedV2, ownId !== null);
  const stream = streamOf(encoded as DomainEvent);
  const prepared = done(plan, line, text, [
    { stream, event: plan.event('ClaimCorrected', encoded.version, encoded.data, id) },
  ]);
  return prepared.ok
    ? { ok: true, record: { ...prepared.record, correction: { claimId: claim.id, id: ownId, stale } } }
    : prepared;
}

async function prepareEvent(
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
  const id = deterministicId('event', type, canonicalJson(keyed));
  const plan = new Planner(ctx, `event:${id}`);
  // Before this event's own stream counts as pending: an alias is written to its subject's stream.
  await checkSubjects(plan, encoded as DomainEvent);
  if (plan.issues.length > 0) return { ok: false, issues: plan.issues };
  const stream = streamOf(encoded as DomainEvent);
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
  return done(plan, line, text, [{ stream, event: plan.event(type, encoded.version, encoded.data, id) }]);
}

/**
 * A correction as ClaimCorrected v1 wrote it, with credibility 6 when none was named (claim-events.ts).
 * Correction keys are computed over this shape, so a correction ingested before v2 is found again on
 * a re-run instead of being stored a second time.
 */
function keyedAsV1(data: ClaimCorrectedV2): ClaimCorrectedV2 {
  return { ...data, changes: { ...data.changes, credibility: data.changes.credibility ?? 6 } };
}

function done(plan: Planner, line: number, text: string, own: PlannedEvent[]): PrepareResult {
  return {
    ok: true,
    record: { line, text, key: plan.key, own, needs: plan.needs, notices: plan.notices, claim: null },
  };
}

async function existingClaim(
  ctx: PrepareContext,
  written: string,
): Promise<{ id: string | null; published: string | null; issue: string | null }> {
  const id = normaliseClaimId(written);
  if (id === null) return { id: null, published: null, issue: 'the id has no letters or digits' };
  const found = await ctx.claimPublished(id);
  if (found === null) {
    const like = await ctx.claimLike(id);
    return {
      id,
      published: null,
      issue:
        like === null
          ? `no claim "${id}" is stored or earlier in this input; ingest the claim first`
          : `no claim "${id}" is stored or earlier in this input; did you mean "${like}"?`,
    };
  }
  return { id, published: found.published, issue: null };
}

function joinPath(prefix: string, path: string): string {
  return path === '' ? prefix : `${prefix}.${path}`;
}
