import { claimStream, decodeEvent, ID_MAX, reportStream } from '@kb/domain';
import type { EventStore, NewEvent } from '@kb/store';
import { ActorRegistry } from '../../gazetteer/actors.js';
import type { RecordIssue } from '../../records/parse-record.js';
import type { KnownStreams } from '../batches/known-streams.js';
import {
  type ClaimState,
  ClaimStates,
  type CommittedBatch,
  type PendingClaim,
} from '../corrections/claim-state.js';
import { readClaimId } from '../identity/ids.js';
import { ClaimSuggestions } from '../notes/claim-suggestion.js';
import { DerivedTwins } from '../notes/derived-twins.js';
import { ReportUrls } from '../notes/report-urls.js';
import { SourceGrades } from '../notes/source-grades.js';
import { type PrepareContext, tellDeferred } from './planning.js';
import type { PreparedRecord } from './prepared-record.js';
import { decodeStored } from './stored-event.js';

/**
 * Lines of a run whose note on a claim not ingested yet names the stored id a slip away. Each such
 * search compares the id with every stored claim id (about 145 ms over a million), and an input
 * whose answers come before the claims they answer can have thousands of such lines.
 */
const NOTE_HINTS = 20;
/** Streams and reports a run remembers the answer for; past it, all are forgotten and asked again. */
const REMEMBERED_PER_RUN = 100_000;
/**
 * Claims whose line a run rejected that it remembers (rejectedClaimLine): the first 50,000 ids, each
 * of at most 200 characters, with a line number. Measured in a Map: about 4 MB for ids of 20
 * characters, 13 MB for 200. A claim first rejected past them is named as one not in this input.
 */
const REJECTED_CLAIMS = 50_000;

/**
 * What preparing a record asks of the store and of the batch being built (PrepareContext), for one
 * ingest run: the streams known to exist and those pending in the batch, the claims it holds, the
 * actors and source grades the run has met. The run tells it when a record joins the batch and when
 * the batch is committed.
 */
export class RunContext implements PrepareContext {
  readonly registry = new ActorRegistry();
  readonly today = new Date().toISOString().slice(0, 10);
  readonly #store: EventStore;
  readonly #known: KnownStreams;
  readonly #suggestions: ClaimSuggestions;
  readonly #grades: SourceGrades;
  readonly #states: ClaimStates;
  readonly #reportUrls: ReportUrls;
  readonly #twins: DerivedTwins;
  #actorsLoaded = false;
  #noteHints = 0;
  // The batch being built: streams looked up and found absent, streams it registers, its claims
  // (with their reports' publication dates).
  #absent = new Set<string>();
  /** Streams under ids of text not composed found absent (earlierFormExists); this run never writes them. */
  readonly #earlierFormAbsent = new Set<string>();
  /** Streams asked about, and whether each was stored before this run (storedBeforeRun). */
  readonly #beforeRun = new Map<string, boolean>();
  #registering = new Set<string>();
  #claims = new Map<string, string>();
  /** The published date of each report the batch registers, the first offered. */
  #reports = new Map<string, string>();
  /** The registration of each mission, source and report stream the batch writes, the first offered. */
  #registrations = new Map<string, NewEvent>();
  /** The first line of this run rejected for each claim id (claimRejected), up to REJECTED_CLAIMS. */
  readonly #rejectedClaims = new Map<string, number>();

  constructor(
    store: EventStore,
    readonly runId: string,
    known: KnownStreams,
  ) {
    this.#store = store;
    this.#known = known;
    this.#suggestions = new ClaimSuggestions(store);
    this.#grades = new SourceGrades(store);
    this.#states = new ClaimStates(store, runId);
    this.#reportUrls = new ReportUrls(store);
    this.#twins = new DerivedTwins((claimId) => this.#claimSeen(claimId));
  }

  /** A record joins the batch: what it registers and its claim count as pending from now on. */
  accepted(record: PreparedRecord): void {
    for (const { stream, event } of [...record.needs, ...record.own])
      if (/^(mission|source|report)-/.test(stream) && !this.#registrations.has(stream))
        this.#registrations.set(stream, event);
    for (const need of record.needs) {
      this.#registering.add(need.stream);
      this.#grades.written(need.event);
      this.#captured(need.event);
    }
    for (const { event } of record.own) {
      this.#grades.written(event);
      this.#captured(event);
    }
    this.#states.accepted(
      record.line,
      record.own.map((p) => p.event),
    );
    if (record.claim !== null) this.#claims.set(record.claim.claimId, record.claim.published);
  }

  /** The batch was committed with `added` stored: nothing is pending any more. */
  committed(added: readonly PreparedRecord[]): void {
    this.#suggestions.committed(added.flatMap((r) => (r.claim === null ? [] : [r.claim.claimId])));
    this.#states.committed();
    this.#absent = new Set();
    this.#registering = new Set();
    this.#claims = new Map();
    this.#reports = new Map();
    this.#registrations = new Map();
  }

  #captured(event: NewEvent): void {
    if (event.type !== 'ReportCaptured') return;
    const { reportId, published } = event.data as { reportId: string; published: { text: string } };
    if (!this.#reports.has(reportId)) this.#reports.set(reportId, published.text);
  }

  /**
   * A committed batch stored `appended`: the records of the batch whose new report is a second one
   * for its URL are given a note (report-urls.ts), and so are its claims given an id whose content
   * a claim without one has (derived-twins.ts).
   */
  async stored(
    appended: readonly NewEvent[],
    records: readonly PreparedRecord[],
    created: ReadonlySet<string>,
  ): Promise<void> {
    if (records.some((r) => r.deferred !== undefined))
      await tellDeferred(records, { created, appended: new Set(appended.map((e) => e.id)) });
    await this.#twins.stored(appended, records);
    const notes = await this.#reportUrls.stored(appended);
    if (notes.size === 0) return;
    const fresh = new Set(appended.map((e) => e.id));
    for (const record of records)
      for (const { event } of record.needs) {
        if (event.type !== 'ReportCaptured' || !fresh.has(event.id)) continue;
        const note = notes.get((event.data as { reportId: string }).reportId);
        if (note !== undefined) record.notices.push(note);
      }
  }

  sameUrlNote(reportId: string): RecordIssue | null {
    return this.#reportUrls.noteFor(reportId);
  }

  // No store lookup here: offering a registration the store already holds costs nothing on a first
  // run, and on a re-run the batch writer finds it stored and counts it as present.
  async needsRegistration(stream: string): Promise<boolean> {
    return !this.#known.has(stream);
  }

  standingRegistration(stream: string): unknown {
    return this.#known.standing(stream);
  }

  async streamExists(stream: string): Promise<boolean> {
    if (this.#known.has(stream) || this.#registering.has(stream)) return true;
    if (this.#absent.has(stream)) return false;
    if (await this.#exists(stream)) {
      this.#known.add(stream);
      return true;
    }
    this.#absent.add(stream);
    return false;
  }

  notePending(stream: string): void {
    this.#registering.add(stream);
    this.#absent.delete(stream);
  }

  async earlierFormExists(stream: string): Promise<boolean> {
    if (this.#earlierFormAbsent.has(stream)) return false;
    if (await this.streamExists(stream)) return true;
    if (this.#earlierFormAbsent.size >= REMEMBERED_PER_RUN) this.#earlierFormAbsent.clear();
    this.#earlierFormAbsent.add(stream);
    return false;
  }

  async storedBeforeRun(stream: string): Promise<boolean> {
    let before = this.#beforeRun.get(stream);
    if (before === undefined) {
      before = false;
      for await (const stored of this.#store.readStream(stream, { maxCount: 1 }))
        before = stored.metadata.ingestRunId !== this.runId;
      if (this.#beforeRun.size >= REMEMBERED_PER_RUN) this.#beforeRun.clear();
      this.#beforeRun.set(stream, before);
    }
    return before;
  }

  async heldEvent(stream: string, eventIds: readonly string[]): Promise<string | null> {
    const held = new Set<string>();
    for await (const stored of this.#store.readStream(stream))
      if (eventIds.includes(stored.id)) held.add(stored.id);
    return eventIds.find((id) => held.has(id)) ?? null;
  }

  async claimPublished(claimId: string): Promise<{ published: string; beforeRun: boolean | null } | null> {
    const pending = this.#claims.get(claimId);
    if (pending !== undefined) return { published: pending, beforeRun: null };
    for await (const stored of this.#store.readStream(claimStream(claimId), { maxCount: 1 })) {
      const event = decodeEvent(stored.type, stored.version, stored.data);
      if (event.type !== 'ClaimRecorded') return null;
      const beforeRun = stored.metadata.ingestRunId !== this.runId;
      for await (const report of this.#store.readStream(reportStream(event.data.reportId), { maxCount: 1 })) {
        const captured = decodeEvent(report.type, report.version, report.data);
        if (captured.type === 'ReportCaptured') return { published: captured.data.published.text, beforeRun };
      }
      return { published: 'unknown', beforeRun };
    }
    return null;
  }

  async reportPublished(reportId: string): Promise<string | null> {
    // The store's registration stands over one this batch offers again.
    for await (const stored of this.#store.readStream(reportStream(reportId), { maxCount: 1 })) {
      const captured = decodeStored(stored);
      return captured.type === 'ReportCaptured' ? captured.data.published.text : null;
    }
    return this.#reports.get(reportId) ?? null;
  }

  /**
   * Where a claim is: `input` when earlier in this input (in the batch being built, or stored by this
   * run), `store` when stored before the run, null when neither. Reads the claim's stream.
   */
  async #claimSeen(claimId: string): Promise<'input' | 'store' | null> {
    if (this.#claims.has(claimId)) return 'input';
    for await (const stored of this.#store.readStream(claimStream(claimId), { maxCount: 1 }))
      return stored.metadata.ingestRunId === this.runId ? 'input' : 'store';
    return null;
  }

  claimState(claimId: string): Promise<ClaimState | null> {
    return this.#states.state(claimId);
  }

  pendingClaim(claimId: string): PendingClaim | null {
    return this.#states.pending(claimId);
  }

  claimStateOnceCommitted(pending: PendingClaim, commit: CommittedBatch): Promise<ClaimState | null> {
    return this.#states.stateOnceCommitted(pending, commit);
  }

  async registrationOf(stream: string): Promise<Pick<NewEvent, 'id' | 'type' | 'data'> | null> {
    for await (const stored of this.#store.readStream(stream, { maxCount: 1 })) {
      const { type, data } = decodeStored(stored);
      return { id: stored.id, type, data };
    }
    return this.#registrations.get(stream) ?? null;
  }

  sourceGrade(sourceId: string): Promise<string | null> {
    return this.#grades.current(sourceId);
  }

  async claimLikeForNote(claimId: string): Promise<string | null> {
    if (this.#noteHints >= NOTE_HINTS) return null;
    this.#noteHints++;
    return this.claimLike(claimId);
  }

  claimLike(claimId: string): Promise<string | null> {
    return this.#suggestions.closest(claimId, this.#claims.keys());
  }

  /**
   * A line of this input holding claim `claimId` was rejected, at parse or prepare (rejectedClaimId
   * reads its id) or by the store: the first such line of each id is remembered for the run, so a
   * later line naming the claim is told that line (planning.ts rejectedClaim) rather than that no
   * such claim is in this input, with a slip of its id to follow. Whether the claim is stored or
   * earlier in this input is asked first: a claim rejected and then stored by a later line is found.
   */
  claimRejected(claimId: string, line: number): void {
    const known = this.#rejectedClaims.get(claimId);
    // The store rejects a line when its batch is committed, after lines that follow it.
    if (known !== undefined ? line < known : this.#rejectedClaims.size < REJECTED_CLAIMS)
      this.#rejectedClaims.set(claimId, line);
  }

  rejectedClaimLine(claimId: string): number | null {
    return this.#rejectedClaims.get(claimId) ?? null;
  }

  async loadStoredActors(): Promise<boolean> {
    if (this.#actorsLoaded) return false;
    this.#actorsLoaded = true;
    const aliases: { id: string; alias: string }[] = [];
    for await (const stored of this.#store.readAll({
      filter: { eventTypes: ['ActorRegistered', 'AliasAdded'] },
    })) {
      const event = decodeEvent(stored.type, stored.version, stored.data);
      if (event.type === 'ActorRegistered')
        this.registry.add({
          ...event.data,
          builtIn: this.registry.get(event.data.actorId)?.builtIn ?? false,
        });
      else if (event.type === 'AliasAdded' && event.data.subject === 'actor') aliases.push(event.data);
    }
    for (const { id, alias } of aliases) this.registry.addAlias(id, alias);
    return true;
  }

  async #exists(stream: string): Promise<boolean> {
    for await (const _ of this.#store.readStream(stream, { maxCount: 1 })) return true;
    return false;
  }
}

/**
 * The claim id of a record as parsed from JSON, valid or not, when it can be known without what made
 * the line rejected: a claim record's `id`, or a raw `ClaimRecorded`'s `event.data.claimId`, each
 * normalised as claim ids are (normaliseClaimId); null for any other record. A claim record without
 * `id` is skipped: the id its content derives hashes its report, mission and controller as resolved
 * and its occurred, claimant, quote, via and respondsTo, and any problem preparing finds in a claim
 * record is at one of those (or at its shape, before anything is resolved). An id longer than a claim
 * id may be is skipped too: that line must change its id to be taken; and so is one with letters of
 * another script than Latin, rejected for them, which names no claim its other characters would.
 */
export function rejectedClaimId(record: unknown): string | null {
  if (!isObject(record)) return null;
  let written: unknown;
  if (record['type'] === undefined || record['type'] === 'claim') written = record['id'];
  else if (record['type'] === 'event') {
    const event = record['event'];
    if (!isObject(event) || event['type'] !== 'ClaimRecorded' || !isObject(event['data'])) return null;
    written = event['data']['claimId'];
  } else return null;
  if (typeof written !== 'string' || written.length > ID_MAX) return null;
  // "Хорог-2023" rejected is not claim "2023" rejected (ids.ts: readClaimId).
  const { id, issue } = readClaimId(written);
  return issue === null ? id : null;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
