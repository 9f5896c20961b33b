import { DEFAULT_CREDIBILITY, type DomainEvent, encodeEvent, reportStream, streamOf } from '@kb/domain';
import type { ClaimRecord } from '../../records/claim-record.js';
import { readClaimId } from '../identity/ids.js';
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
  const read = record.id === undefined ? undefined : readClaimId(record.id);
  const given = read?.id;
  const plan = new Planner(ctx, given ?? '');
  if (read?.issue) plan.issue('id', read.issue);
  const report = await planReport(plan, record.source, 'source');
  const occurred = readDate(plan, record.occurred, 'occurred', record.source.published);
  if (occurred !== null && report !== null)
    noteOccurredAfterReport(plan, occurred, report.published, 'occurred');
  const controller = await resolveController(plan, record.controller, 'controller');
  const missionId = await planMission(plan, record.mission, 'mission');
  // Letters of another script are dropped, so "Хорог-2023" would answer claim "2023" (readClaimId).
  const target = record.respondsTo === undefined ? null : readClaimId(record.respondsTo);
  const respondsTo = target?.id ?? null;
  if (target?.issue) plan.issue('respondsTo', target.issue);
  else if (respondsTo !== null && respondsTo === given)
    plan.issue('respondsTo', `names this claim itself ("${given}"); a claim answers another claim`);
  else if (respondsTo !== null)
    await noteTarget(plan, respondsTo, 'respondsTo', missionId, 'this claim is', { mayWait: true });
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
  // The names of the citation chain too, as the claimant's below: " Tolo News " cites as "Tolo News" does.
  const viaTrimmed = via.map((link) => ({ ...link, name: link.name.trim() }));
  // Stored without the white space around it, and so hashed: " 2023-03-23 " is the claim "2023-03-23" is.
  const occurredText = record.occurred.trim();
  // The claimant is hashed without it too, so "Tolo News " is not a second account of what "Tolo
  // News" said. A claim given an id keeps its claimant as written: one stored so is the same record
  // sent again, and trimming it now would make that line clash with its own stored claim.
  const claimant = record.claimant.trim();
  const content: ClaimContent = {
    reportId: report.reportId,
    missionId,
    kind: record.kind,
    stance: record.stance,
    controller,
    occurred: occurredText,
    claimant,
    quote: record.quote,
    via: viaTrimmed,
    respondsTo,
  };
  // A claim under an earlier id can only be one an earlier version stored, under a report stored then.
  const storedEarlier = async (id: string) =>
    (await ctx.storedBeforeRun(reportStream(report.reportId))) && (await ctx.claimPublished(id)) !== null;
  const earlier = given === undefined ? await storedAsWritten(content, record, storedEarlier) : null;
  const claimId = given ?? earlier?.claimId ?? (await derivedClaimId(content, storedEarlier));
  // Stored as the claim was first stored: as written under an id given, or where an earlier version
  // stored it under the id its claimant as written gave.
  const storedClaimant =
    given !== undefined || earlier?.claimantAsWritten === true ? record.claimant : claimant;
  // Every earlier version stored the via names as written.
  const storedVia = given !== undefined || earlier !== null ? via : viaTrimmed;
  const encoded = encodeEvent('ClaimRecorded', {
    claimId,
    reportId: report.reportId,
    missionId,
    kind: record.kind,
    stance: record.stance,
    controller,
    occurred,
    quote: record.quote,
    credibility: record.credibility ?? DEFAULT_CREDIBILITY,
    respondsTo,
    claimant: { asWritten: storedClaimant, actorId: claimantActor },
    via: storedVia,
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
      ...(plan.deferred.length > 0 ? { deferred: plan.deferred } : {}),
      // A claim given an id keeps its content until its batch is committed, to be compared with a
      // claim without one (derived-twins.ts).
      claim:
        given === undefined
          ? { claimId, published: record.source.published, derived: true }
          : {
              claimId,
              published: record.source.published,
              content,
              contentsAsWritten: contentsAsWritten(content, record),
            },
    },
  };
}

/**
 * The contents an earlier version hashed for this line, where it has white space around `occurred`,
 * the claimant or a via name: ingest before 2026-12-06 hashed `occurred` as written, and until later
 * that day the claimant (so claims stored between the two hashed a trimmed occurred and the claimant
 * as written), and until 2026-12-07 the via names. None for a line without such white space.
 */
function contentsAsWritten(content: ClaimContent, record: ClaimRecord): ClaimContent[] {
  const ways: ClaimContent[] = [];
  const via = record.via ?? [];
  if (content['occurred'] !== record.occurred)
    ways.push({ ...content, occurred: record.occurred, claimant: record.claimant, via });
  if (content['claimant'] !== record.claimant) ways.push({ ...content, claimant: record.claimant, via });
  if (via.some((link) => link.name !== link.name.trim())) ways.push({ ...content, via });
  return ways;
}

/**
 * A claim an earlier version stored under the id its content gave as written (contentsAsWritten).
 * Only a line with such white space costs a look-up, one for each way it could have been hashed.
 */
async function storedAsWritten(
  content: ClaimContent,
  record: ClaimRecord,
  storedEarlier: (id: string) => Promise<boolean>,
): Promise<{ claimId: string; claimantAsWritten: boolean } | null> {
  for (const way of contentsAsWritten(content, record)) {
    const id = await derivedClaimId(way, storedEarlier);
    if (await storedEarlier(id))
      return { claimId: id, claimantAsWritten: content['claimant'] !== record.claimant };
  }
  return null;
}
