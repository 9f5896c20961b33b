import {
  actorStream,
  encodeEvent,
  missionStream,
  parseVagueDate,
  reportStream,
  sourceStream,
  type VagueDate,
} from '@kb/domain';
import { deterministicId, type NewEvent } from '@kb/store';
import { type ActorRegistry, actorRegistration } from '../../gazetteer/actors.js';
import { type PlaceReading, readPlace, resolveMission } from '../../gazetteer/missions.js';
import type { MissionRef, SourceRef } from '../../records/claim-record.js';
import type { RecordIssue } from '../../records/parse-record.js';
import type { ClaimState } from '../corrections/claim-state.js';
import { type ReportIds, reportIdOf, reportIdsAsWritten, reportKeyOf, sourceIdOf } from '../identity/ids.js';
import { registrationNote } from '../notes/registration-notes.js';
import type { PlannedEvent } from './prepared-record.js';

// Resolving what a record names (missions, actors, sources, reports, dates) into ids, collecting
// the registrations the store may lack and the problems found, field by field.

/** What preparing a record needs to know about the store and the batch being built. */
export interface PrepareContext {
  readonly runId: string;
  /** The day the run started (UTC), against which a publication date in the future is noted. */
  readonly today: string;
  readonly registry: ActorRegistry;
  /** True when the entity stream must be registered: not known to exist, or only pending in this batch. */
  needsRegistration(stream: string): Promise<boolean>;
  /**
   * For a stream needing no registration: what of its registration stands, as this run met it
   * (registration-notes.ts standingOf); undefined when the run did not see it.
   */
  standingRegistration(stream: string): unknown;
  /**
   * For a report this run registered though its URL was registered as another report before (another
   * published date or outlet): the note lines naming it are given (report-urls.ts); null otherwise.
   */
  sameUrlNote(reportId: string): RecordIssue | null;
  /** True when the stream exists in the store or is pending in this batch. */
  streamExists(stream: string): Promise<boolean>;
  /**
   * streamExists for a stream under an id text not composed had before 2026-12-06 (text-form.ts).
   * This run never writes such a stream, so one found absent is remembered absent for the run.
   */
  earlierFormExists(stream: string): Promise<boolean>;
  /**
   * Whether the report was stored before this run: only then may it hold a claim an earlier version
   * stored under an id text not composed had (derived-twins.ts). Remembered per report for the run.
   */
  reportStoredBeforeRun(reportId: string): Promise<boolean>;
  /** The publication date of a claim's report when the claim is stored or pending; null when there is no such claim. */
  claimPublished(claimId: string): Promise<{ published: string } | null>;
  /** For a claim id claimPublished did not find: the known id one or two slips away, if any. */
  claimLike(claimId: string): Promise<string | null>;
  /**
   * claimLike for a note on a line that is stored all the same: given for the first few such lines
   * of a run only (null after), as each compares the id with every claim id stored.
   */
  claimLikeForNote(claimId: string): Promise<string | null>;
  /**
   * The claim as it now stands, corrections stored or earlier in this input applied, with its
   * corrections; null when it is neither stored nor earlier in this input. Reads the claim's stream.
   */
  claimState(claimId: string): Promise<ClaimState | null>;
  /** Loads actors registered in the store into the registry, once per run; true if it added any. */
  loadStoredActors(): Promise<boolean>;
  /** Marks a stream as written by this batch (an event record may register a mission). */
  notePending(stream: string): void;
  /** An outlet's current grade, counting what this run has written; null when it is not registered. */
  sourceGrade(sourceId: string): Promise<string | null>;
}

/** Collects one record's events, the registrations it needs, and its problems. */
export class Planner {
  readonly own: PlannedEvent[] = [];
  readonly needs: PlannedEvent[] = [];
  readonly issues: RecordIssue[] = [];
  /** What was taken other than as written, though the record is valid (it is stored all the same). */
  readonly notices: RecordIssue[] = [];

  constructor(
    readonly ctx: PrepareContext,
    readonly key: string,
  ) {}

  event(type: string, version: number, data: unknown, id: string): NewEvent {
    return {
      id,
      type,
      version,
      data,
      metadata: { ingestRunId: this.ctx.runId, correlationId: this.ctx.runId, causationId: this.key },
    };
  }

  async need(
    stream: string,
    type: Parameters<typeof encodeEvent>[0],
    data: unknown,
    entityId: string,
  ): Promise<void> {
    if (!(await this.ctx.needsRegistration(stream))) {
      // Registered earlier in this run: a line describing it otherwise hears what stands.
      const standing = this.ctx.standingRegistration(stream);
      const note = standing === undefined ? null : registrationNote(standing, { type, data });
      if (note !== null) this.notices.push(note);
      return;
    }
    const encoded = encodeEvent(type, data as never);
    this.needs.push({
      stream,
      event: this.event(type, encoded.version, encoded.data, deterministicId(type, entityId)),
    });
  }

  issue(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  notice(path: string, message: string): void {
    this.notices.push({ path, message });
  }
}

/**
 * Notes on the claim an answer names (`respondsTo`), which is stored as written either way.
 *
 * A claim may answer one that is not ingested yet: the answer binds to it once it is (views match
 * answers by id when they fold). A slip of the id would bind to nothing, so a line naming a claim
 * unknown so far is noted, with the known id one or two slips away if any.
 *
 * An answer is listed under its own mission: one answering a claim about another mission (as it now
 * stands, corrections applied) shows in that claim's trace, never in its mission's account, so the
 * line is noted with both missions. `missionId` is the answering claim's, null when not known.
 */
export async function noteTarget(
  plan: Planner,
  claimId: string,
  path: string,
  missionId: string | null,
  whose: string,
): Promise<void> {
  const target = await plan.ctx.claimState(claimId);
  if (target !== null) {
    const theirs = target.missionId;
    if (missionId !== null && theirs !== missionId)
      plan.notice(
        path,
        `claim "${claimId}" is about mission "${theirs}", and ${whose} about mission "${missionId}": stored as written, the answer shows in the trace of "${claimId}" but never in the account of mission "${theirs}"`,
      );
    return;
  }
  const like = await plan.ctx.claimLikeForNote(claimId);
  plan.notice(
    path,
    `no claim "${claimId}" is stored or earlier in this input; stored as written, this answers that claim once it is ingested${like === null ? '' : `; did you mean "${like}"?`}`,
  );
}

export async function planReport(
  plan: Planner,
  source: SourceRef,
  path: string,
): Promise<{ reportId: string; published: VagueDate } | null> {
  const published = readDate(plan, source.published, `${path}.published`, null);
  let retrieved: string | null = null;
  if (source.retrieved !== undefined) {
    const day = parseVagueDate(source.retrieved);
    if (day.ok && /^\d{4}-\d{2}-\d{2}$/.test(source.retrieved)) retrieved = source.retrieved;
    else plan.issue(`${path}.retrieved`, day.ok ? 'expected a day as YYYY-MM-DD' : day.error);
  }
  if (published === null) return null;
  noteUnlikelyDates(plan, published, retrieved, path);
  const { sourceId, reportId } = await reportIds(plan, source);
  if (source.reliability !== undefined) {
    const grade = await plan.ctx.sourceGrade(sourceId);
    if (grade !== null && grade !== source.reliability)
      plan.notice(
        `${path}.reliability`,
        `${source.outlet} is graded ${grade}; a record's grade does not regrade a known outlet, so ${source.reliability} was not applied (send a SourceGraded event record to regrade it)`,
      );
  }
  await plan.need(
    sourceStream(sourceId),
    'SourceRegistered',
    {
      sourceId,
      outlet: source.outlet,
      kind: 'other',
      reliability: source.reliability ?? 'F',
      homepage: null,
    },
    sourceId,
  );
  await plan.need(
    reportStream(reportId),
    'ReportCaptured',
    {
      reportId,
      sourceId,
      url: source.url ?? null,
      title: source.title ?? null,
      author: source.author ?? null,
      published,
      retrieved,
    },
    reportId,
  );
  // A line in the batch that registers it is given the note once the batch is stored (RunContext.stored).
  const second = plan.ctx.sameUrlNote(reportId);
  if (second !== null) plan.notices.push(second);
  return { reportId, published };
}

/**
 * A report's ids, from its text composed (text-form.ts). Text not composed gave other ids before
 * 2026-12-06 (reportIdsAsWritten): where the store holds the report under those, or its outlet, they
 * stand, so a file ingested then is found again instead of being stored a second time.
 */
async function reportIds(plan: Planner, source: SourceRef): Promise<ReportIds> {
  const today = sourceIdOf(source.outlet);
  const before = reportIdsAsWritten(source);
  if (before !== null) {
    if (await plan.ctx.earlierFormExists(reportStream(before.reportId))) return before;
    if (before.sourceId !== today && (await plan.ctx.earlierFormExists(sourceStream(before.sourceId)))) {
      const { sourceId } = before;
      return { sourceId, reportId: reportIdOf(sourceId, source.published, reportKeyOf(source, sourceId)) };
    }
  }
  return { sourceId: today, reportId: reportIdOf(today, source.published, reportKeyOf(source, today)) };
}

/**
 * Dates that cannot all be right, noted and stored as written (the source may have them so): a
 * report published after today, or read before it was published.
 */
function noteUnlikelyDates(
  plan: Planner,
  published: VagueDate,
  retrieved: string | null,
  path: string,
): void {
  const { today } = plan.ctx;
  if (published.earliest !== null && published.earliest > today)
    plan.notice(
      `${path}.published`,
      `${published.text} is after today (${today}): no report is published yet then; stored as written, but the date is likely wrong`,
    );
  if (retrieved !== null && published.earliest !== null && retrieved < published.earliest)
    plan.notice(
      `${path}.retrieved`,
      `${retrieved} is before the report was published (${published.text}): it cannot have been read then; stored as written, but one of the two dates is likely wrong`,
    );
}

/**
 * A claim dated after its report was published: a report tells of what had happened by then, so
 * either date may be wrong, or the claim is a plan or a forecast (which its notes should say).
 */
export function noteOccurredAfterReport(
  plan: Planner,
  occurred: VagueDate,
  published: VagueDate,
  path: string,
): void {
  if (occurred.earliest === null || published.latest === null || occurred.earliest <= published.latest)
    return;
  plan.notice(
    path,
    `${occurred.text} is after the report was published (${published.text}): stored as written; if the date is right, the claim is a plan or a forecast, and its notes should say so`,
  );
}

export function readDate(plan: Planner, text: string, path: string, anchor: string | null): VagueDate | null {
  const parsed = parseVagueDate(text, { anchor });
  if (parsed.ok) return parsed.value;
  plan.issue(path, parsed.error);
  return null;
}

export async function planMission(plan: Planner, ref: MissionRef, path: string): Promise<string | null> {
  const slips: PlaceReading['slips'] = [];
  if (typeof ref !== 'string') {
    const reading = readPlace(ref);
    for (const { field, message } of reading.problems) plan.issue(`${path}.${field}`, message);
    if (reading.problems.length > 0) return null;
    slips.push(...reading.slips);
  }
  const resolved = resolveMission(ref);
  // Taken as written, a slip makes a mission of its own: said, with the place likely meant.
  for (const { field, written, likely } of slips)
    plan.notice(
      `${path}.${field}`,
      `"${written}" is not a ${field} the tables know, so it is taken as written and names the mission "${resolved.missionId}"; did you mean "${likely}"?`,
    );
  const stream = missionStream(resolved.missionId);
  if (resolved.missionId === '') {
    plan.issue(path, 'the mission id has no letters or digits');
    return null;
  }
  if (resolved.registration === null) {
    if (await plan.ctx.streamExists(stream)) return resolved.missionId;
    plan.issue(
      path,
      `unknown mission "${resolved.missionId}": write the mission as {country, city, kind} the first time, or use an id like "tj-khorog-consulate" (country code, city, kind)`,
    );
    return null;
  }
  await plan.need(stream, 'MissionRegistered', resolved.registration, resolved.missionId);
  return resolved.missionId;
}

export async function resolveController(
  plan: Planner,
  written: string,
  path: string,
): Promise<string | null> {
  const ctx = plan.ctx;
  let id = ctx.registry.resolveController(written);
  if (id === null && (await ctx.loadStoredActors())) id = ctx.registry.resolveController(written);
  if (id === null) {
    plan.issue(
      path,
      `unknown controller "${written}": use an actor id or alias (${ctx.registry.ids().join(', ')}), "none" or "unknown"; register a new actor first with an event record {"type":"event","event":{"type":"ActorRegistered",...}}`,
    );
    return null;
  }
  await planActor(plan, id);
  return id;
}

export async function resolveClaimant(plan: Planner, written: string): Promise<string | null> {
  const ctx = plan.ctx;
  let actor = ctx.registry.resolveClaimant(written);
  if (actor === null && (await ctx.loadStoredActors())) actor = ctx.registry.resolveClaimant(written);
  if (actor === null) return null;
  await planActor(plan, actor.actorId);
  return actor.actorId;
}

// Built-in actors are registered the first time a record names them; others came in by event.
export async function planActor(plan: Planner, actorId: string): Promise<void> {
  const actor = plan.ctx.registry.get(actorId);
  if (actor === null || !actor.builtIn) return;
  await plan.need(actorStream(actorId), 'ActorRegistered', actorRegistration(actor), actorId);
}
