import { type DomainEvent, encodeEvent, reportStream, streamOf } from '@kb/domain';
import type { ClaimRecord } from '../../records/claim-record.js';
import { normaliseClaimId } from '../identity/ids.js';
import { type ClaimContent, derivedClaimId } from '../notes/derived-twins.js';
import { recordedId } from '../raw-events/raw-claim.js';
import { noteOccurredAfterReport, planReport } from './plan-report.js';
import { noteTarget, Planner, type PrepareContext, readDate } from './planning.js';
import type { PrepareResult } from './prepared-record.js';
import { planMission, resolveClaimant, resolveController } from './resolve-names.js';

/** A claim record: its ClaimRecorded event, under the id given or one its content derives. */
export async function prepareClaim(
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
  // Stored without the white space around it, and so hashed: " 2023-03-23 " is the claim "2023-03-23" is.
  const occurredText = record.occurred.trim();
  const content: ClaimContent = {
    reportId: report.reportId,
    missionId,
    kind: record.kind,
    stance: record.stance,
    controller,
    occurred: occurredText,
    claimant: record.claimant,
    quote: record.quote,
    via,
    respondsTo,
  };
  // A claim under an earlier id can only be one an earlier version stored, under a report stored then.
  const storedEarlier = async (id: string) =>
    (await ctx.storedBeforeRun(reportStream(report.reportId))) && (await ctx.claimPublished(id)) !== null;
  const claimId =
    given ??
    (await occurredAsWritten(content, record.occurred, storedEarlier)) ??
    (await derivedClaimId(content, storedEarlier));
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
  // The id an event record of the claim gets too (raw-claim.ts). One an event record stored before
  // 2026-12-06, under the id its content gave, is not looked for here: that would cost every claim
  // line a read of its claim (docs/claim-records.md).
  const eventId = recordedId(claimId);
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
          event: keyed.event('ClaimRecorded', encoded.version, encoded.data, eventId),
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

/**
 * Ingest before 2026-12-06 hashed `occurred` as written, white space around it and all: a claim it
 * stored so is found under that id. Only a line whose occurred has such white space costs a look-up.
 */
async function occurredAsWritten(
  content: ClaimContent,
  occurred: string,
  storedEarlier: (id: string) => Promise<boolean>,
): Promise<string | null> {
  if (content['occurred'] === occurred) return null;
  const before = await derivedClaimId({ ...content, occurred }, storedEarlier);
  return (await storedEarlier(before)) ? before : null;
}
