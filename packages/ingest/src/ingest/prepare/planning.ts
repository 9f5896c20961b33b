import { encodeEvent, type VagueDate } from '@kb/domain';
import { deterministicId, type NewEvent } from '@kb/store';
import type { ActorRegistry } from '../../gazetteer/actors.js';
import type { RecordIssue } from '../../records/parse-record.js';
import { unseenInDateMessage } from '../../records/unseen-chars.js';
import type { ClaimState, CommittedBatch, PendingClaim } from '../corrections/claim-state.js';
import { hasDerivedShape, readClaimId } from '../identity/ids.js';
import { registrationNote } from '../notes/registration-notes.js';
import { readVagueDate } from './dates-read.js';
import type { PlannedEvent, PreparedRecord, PrepareResult } from './prepared-record.js';

// What preparing a record works with: the context it asks (the store and the batch being built) and
// the plan it fills, field by field, with the events, registrations, problems and notes it finds.
// What a record names is resolved in plan-report.ts (its report) and resolve-names.ts (missions, actors).

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
   * streamExists for a stream under an id an earlier version of ingest derived and today's does
   * not (earlierReportIds in identity/ids.ts; text not composed, text-form.ts). This run never
   * writes such a stream, so one found absent is remembered absent for the run.
   */
  earlierFormExists(stream: string): Promise<boolean>;
  /**
   * Whether the stream was stored before this run: only then may it hold an event an earlier version
   * stored under an id text not composed had (a claim under its report, derived-twins.ts; an event
   * record's event). Reads its first event; remembered per stream for the run.
   */
  storedBeforeRun(stream: string): Promise<boolean>;
  /** The first of `eventIds` the store holds in `stream`, or null. Reads the stream. */
  heldEvent(stream: string, eventIds: readonly string[]): Promise<string | null>;
  /**
   * The publication date of a claim's report when the claim is stored or pending, and whether the
   * claim was stored before this run (null when it is pending in the batch being built, which tells
   * nothing of that); null when there is no such claim.
   */
  claimPublished(claimId: string): Promise<{ published: string; beforeRun: boolean | null } | null>;
  /**
   * The published date (its text) of a report stored, as first captured, or else registered in this
   * batch; null when there is no such report. Reads the report's stream.
   */
  reportPublished(reportId: string): Promise<string | null>;
  /** For a claim id claimPublished did not find: the known id one or two slips away, if any. */
  claimLike(claimId: string): Promise<string | null>;
  /**
   * For a claim id neither stored nor earlier in this input: the line of this input that held that
   * claim and was rejected (the first such), or null when none was. Asked before claimLike: a claim
   * whose own line was rejected is named by that line, never by a slip of its id.
   */
  rejectedClaimLine(claimId: string): number | null;
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
  /**
   * The claim's events in the batch being built, when its ClaimRecorded is among them (then the
   * claim is found whatever the store holds); null otherwise. Reads nothing.
   */
  pendingClaim(claimId: string): PendingClaim | null;
  /** What claimState told when `pending` was taken, asked once the batch is committed (claim-state.ts). */
  claimStateOnceCommitted(pending: PendingClaim, commit: CommittedBatch): Promise<ClaimState | null>;
  /**
   * The first event of an entity's stream: the store's, else the first this batch offers; null when
   * there is none. Reads the stream's first event.
   */
  registrationOf(stream: string): Promise<Pick<NewEvent, 'id' | 'type' | 'data'> | null>;
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
  /** Notes worked out once the record's batch is committed, each at its place among `notices`. */
  readonly deferred: DeferredNote[] = [];

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

  /** A note told once the batch is committed, in the place among the notes it would have now. */
  later(note: DeferredNote['note']): void {
    this.deferred.push({ at: this.notices.length, note });
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
 * stands, corrections applied) shows in that claim's trace, and a denial or dispute in that claim's
 * mission too, marked with where it is filed; the line is noted with both missions, to be checked.
 * `missionId` is the answering claim's, null when not known. `mayWait`: the record is a claim,
 * which joins the batch it is prepared for, so a note may wait for that batch's commit; a correction
 * may be held past it (held-corrections.ts) and is noted at once.
 */
export async function noteTarget(
  plan: Planner,
  claimId: string,
  path: string,
  missionId: string | null,
  whose: string,
  { mayWait = false }: { mayWait?: boolean } = {},
): Promise<void> {
  const missionNote = (target: ClaimState | null): RecordIssue | null => {
    const theirs = target?.missionId;
    if (theirs === undefined || missionId === null || theirs === missionId) return null;
    return {
      path,
      message: `claim "${claimId}" is about mission "${theirs}", and ${whose} about mission "${missionId}": stored as written, the answer shows in the trace of "${claimId}", and, if it denies or disputes, in the account of mission "${theirs}" too, marked as filed under "${missionId}"`,
    };
  };
  // A claim earlier in the batch being built is found whatever the store holds. Its mission, which a
  // correction stored before may have moved, is asked once the batch is committed: the batch tells
  // then whether it started the claim's stream, and only a stream it did not start is read (about
  // 40 µs a line that answers a claim of its own batch, a quarter of the ingest bench's lines).
  const pending = mayWait ? plan.ctx.pendingClaim(claimId) : null;
  if (pending !== null) {
    plan.later(async (commit) => missionNote(await plan.ctx.claimStateOnceCommitted(pending, commit)));
    return;
  }
  const target = await plan.ctx.claimState(claimId);
  if (target !== null) {
    const note = missionNote(target);
    if (note !== null) plan.notices.push(note);
    return;
  }
  const rejected = plan.ctx.rejectedClaimLine(claimId);
  if (rejected !== null) {
    plan.notice(
      path,
      `${rejectedClaim(claimId, rejected)}; stored as written, this answers that claim once line ${rejected} is mended and the input ingested again`,
    );
    return;
  }
  const like = await plan.ctx.claimLikeForNote(claimId);
  plan.notice(
    path,
    `no claim "${claimId}" is stored or earlier in this input; stored as written, this answers that claim once it is ingested${like === null ? '' : `; did you mean "${like}"?`}`,
  );
}

/**
 * A claim named by a line, which no line stored (nor the store held) but whose own line, `line` of
 * this input, was rejected: it is that claim, not a slip of another id, and is stored once that line
 * is mended and the input ingested again (the lines stored are skipped then, docs/claim-records.md).
 */
export function rejectedClaim(claimId: string, line: number): string {
  return `claim "${claimId}" is on line ${line} of this input, which was rejected`;
}

/** What a line that must find its claim is told when the claim's own line was rejected (rejectedClaim). */
export function rejectedClaimIssue(claimId: string, line: number): string {
  return `${rejectedClaim(claimId, line)}; mend line ${line} and ingest the input again: the lines already stored are skipped, and this one is taken once that claim is stored`;
}

export function readDate(plan: Planner, text: string, path: string, anchor: string | null): VagueDate | null {
  const parsed = readVagueDate(text, { anchor });
  if (parsed.ok) return parsed.value;
  plan.issue(path, unseenInDateMessage(text) ?? parsed.error);
  return null;
}

/** A record prepared: its own events, with the registrations and notes its plan gathered. */
export function done(plan: Planner, line: number, text: string, own: PlannedEvent[]): PrepareResult {
  return {
    ok: true,
    record: {
      line,
      text,
      key: plan.key,
      own,
      needs: plan.needs,
      notices: plan.notices,
      claim: null,
      ...(plan.deferred.length > 0 ? { deferred: plan.deferred } : {}),
    },
  };
}

/** A note on a record worked out once its batch is committed (Planner.later). */
export interface DeferredNote {
  /** How many notes the record had when it was deferred: where it goes among them. */
  readonly at: number;
  note(commit: CommittedBatch): Promise<RecordIssue | null>;
}

/**
 * Puts each record's deferred notes in their places among its notes, now that its batch is
 * committed. Notes added after preparing (by the commit) come after them all, so the places hold.
 */
export async function tellDeferred(
  records: readonly PreparedRecord[],
  commit: CommittedBatch,
): Promise<void> {
  for (const record of records) {
    let told = 0;
    for (const deferred of record.deferred ?? []) {
      const note = await deferred.note(commit);
      if (note === null) continue;
      record.notices.splice(deferred.at + told, 0, note);
      told++;
    }
  }
}

/**
 * The claim a retraction or correction names, as an id, with the published date of its report and
 * whether it was stored before this run (claimPublished); or
 * why it cannot be taken (no letters or digits; the claim's own line of this input was rejected; or
 * no such claim, with the id a slip away if any).
 */
export async function existingClaim(
  ctx: PrepareContext,
  written: string,
): Promise<{ id: string | null; published: string | null; beforeRun: boolean | null; issue: string | null }> {
  const { id, issue } = readClaimId(written);
  if (id === null || issue !== null) return { id: null, published: null, beforeRun: null, issue };
  const found = await ctx.claimPublished(id);
  if (found === null) {
    const rejected = ctx.rejectedClaimLine(id);
    if (rejected !== null)
      return { id, published: null, beforeRun: null, issue: rejectedClaimIssue(id, rejected) };
    const like = await ctx.claimLike(id);
    return {
      id,
      published: null,
      beforeRun: null,
      issue:
        like === null
          ? `no claim "${id}" is stored or earlier in this input; ingest the claim first (a claim later in this input is not seen yet: put it earlier, or ingest this line again once the claim is stored)${derivedIdHint(id)}`
          : `no claim "${id}" is stored or earlier in this input; did you mean "${like}"?`,
    };
  }
  return { id, published: found.published, beforeRun: found.beforeRun, issue: null };
}

/**
 * For an id of the shape ingest derives (`<mission>-<kind>-<16 hex digits>`): such an id, given by an
 * ingest before 2026-12-06 to a claim whose occurred or claimant had white space around it, is not
 * the one that claim gets now in a store that did not hold it (prepare-claim.ts).
 */
function derivedIdHint(id: string): string {
  if (!hasDerivedShape(id)) return '';
  return '; if the claim was sent without an id and its occurred or claimant has white space around it, an ingest before 2026-12-06 gave it another id than it gets now: kb mission lists the ids its claims have';
}
