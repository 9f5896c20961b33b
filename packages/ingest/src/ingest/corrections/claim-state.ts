import { claimStream, type DomainEvent, decodeEvent } from '@kb/domain';
import { canonicalJson, type EventStore, type NewEvent } from '@kb/store';
import { composed } from '../identity/text-form.js';
import { decodeStored } from '../prepare/stored-event.js';

/** Where an event of a claim's history is: its log position once stored, its line when this run took it. */
export interface Place {
  readonly position: number | null;
  readonly line: number | null;
  /** Whether this run took it (its line may be forgotten, or, for a claim, not kept). */
  readonly thisRun: boolean;
}

/** One correction of a claim, as the claim's history holds it. */
export interface ClaimChange {
  readonly eventId: string;
  /** The fields it set, in the newest shape (missionId, occurred...). */
  readonly changes: Readonly<Record<string, unknown>>;
  readonly reason: string;
  readonly correctedBy: string;
  /**
   * Its data in the newest shape, text composed (text-form.ts), as canonical JSON: what tells the
   * same correction from another, in either Unicode form.
   */
  readonly content: string;
  readonly place: Place;
}

/** A claim's first ClaimRecorded, the one every view reads: its id, its data (newest shape) and place. */
export interface Recorded {
  readonly eventId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly place: Place;
}

/** A claim as it now stands: the store's history, then what the batch being built adds to it. */
export interface ClaimState {
  /** The ClaimRecorded that stands for it (raw-claim.ts compares another with it). */
  readonly recorded: Recorded;
  /** The claim's fields (ClaimRecorded's names: missionId, occurred, respondsTo...), corrections applied. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** The mission it is about now (`fields.missionId`). */
  readonly missionId: string;
  /** For each field a correction set, the last correction that set it. */
  readonly lastSet: ReadonlyMap<string, ClaimChange>;
  /** Every correction of the claim, by event id. */
  readonly corrections: ReadonlyMap<string, ClaimChange>;
}

/** A claim's events in the batch being built, its ClaimRecorded among them, as they stood at a line. */
export interface PendingClaim {
  readonly claimId: string;
  readonly events: readonly { event: NewEvent; line: number }[];
}

/** What a committed batch did to the log: the streams it started, and the ids of the events it appended. */
export interface CommittedBatch {
  readonly created: ReadonlySet<string>;
  readonly appended: ReadonlySet<string>;
}

/** How many lines of corrections this run took are remembered for messages; past it a position is named. */
const REMEMBERED_LINES = 100_000;

/**
 * The claims a run's records ask about: a correction compared with what the claim holds now, an
 * answer with the mission of the claim it answers. Each question reads the claim's stream (a claim,
 * its retractions, corrections and assessments) and lays the batch being built over it, so a claim or
 * correction earlier in this input counts before it is committed.
 */
export class ClaimStates {
  readonly #store: EventStore;
  readonly #runId: string;
  /** The batch being built: each claim's events, in line order. */
  #batch = new Map<string, { event: NewEvent; line: number }[]>();
  /** The line of each correction this run took, by event id (the oldest forgotten past REMEMBERED_LINES). */
  readonly #lines = new Map<string, number>();

  constructor(store: EventStore, runId: string) {
    this.#store = store;
    this.#runId = runId;
  }

  /** A record joined the batch: its claim or correction events count from now on. */
  accepted(line: number, events: readonly NewEvent[]): void {
    for (const event of events) {
      if (event.type !== 'ClaimRecorded' && event.type !== 'ClaimCorrected') continue;
      const { claimId } = event.data as { claimId: string };
      let list = this.#batch.get(claimId);
      if (list === undefined) {
        list = [];
        this.#batch.set(claimId, list);
      }
      list.push({ event, line });
      if (event.type === 'ClaimCorrected' && !this.#lines.has(event.id)) {
        this.#lines.set(event.id, line);
        if (this.#lines.size > REMEMBERED_LINES) this.#lines.delete(this.#lines.keys().next().value!);
      }
    }
  }

  /** The batch was committed: what it held is read from the store from now on. */
  committed(): void {
    this.#batch = new Map();
  }

  /** The claim as it now stands, or null when it is neither stored nor in the batch being built. */
  state(claimId: string): Promise<ClaimState | null> {
    return this.#stateOver(claimId, this.#batch.get(claimId) ?? [], null);
  }

  /**
   * The claim's events the batch being built holds so far, when they include its ClaimRecorded:
   * the claim is then found whatever the store holds, and stateOnceCommitted tells, once the batch
   * is committed, what state() tells now, at the cost of no read when the batch started its stream.
   */
  pending(claimId: string): PendingClaim | null {
    const events = this.#batch.get(claimId);
    if (events === undefined || !events.some(({ event }) => event.type === 'ClaimRecorded')) return null;
    return { claimId, events: [...events] };
  }

  /**
   * What state() told when `pending` was taken, asked once the batch is committed: the store's
   * history then, the events this batch appended left out, with the pending events laid over it. A
   * stream this batch started (`commit.created`) held nothing before, so it is not read.
   */
  stateOnceCommitted(pending: PendingClaim, commit: CommittedBatch): Promise<ClaimState | null> {
    const { claimId, events } = pending;
    if (commit.created.has(claimStream(claimId))) return this.#stateOver(claimId, events, 'none');
    return this.#stateOver(claimId, events, commit.appended);
  }

  /**
   * The store's history of the claim (none when `stored` is 'none'; without the events in `stored`
   * when it is a set), then `layered` over it.
   */
  async #stateOver(
    claimId: string,
    layered: readonly { event: NewEvent; line: number }[],
    stored: ReadonlySet<string> | 'none' | null,
  ): Promise<ClaimState | null> {
    const built = new StateBuilder();
    const seen = new Set<string>();
    if (stored !== 'none') {
      for await (const event of this.#store.readStream(claimStream(claimId))) {
        if (stored?.has(event.id)) continue;
        seen.add(event.id);
        const thisRun = event.metadata.ingestRunId === this.#runId;
        const line = thisRun ? (this.#lines.get(event.id) ?? null) : null;
        built.apply(decodeStored(event), event.id, { position: event.position, line, thisRun });
      }
    }
    for (const { event, line } of layered) {
      // An event both stored and offered again (a re-run) happened once.
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      const decoded = decodeEvent(event.type, event.version, event.data, { trusted: true });
      built.apply(decoded, event.id, { position: null, line, thisRun: true });
    }
    return built.result();
  }
}

class StateBuilder {
  #fields: Record<string, unknown> | null = null;
  #recorded: Recorded | null = null;
  #missionId = '';
  readonly #lastSet = new Map<string, ClaimChange>();
  readonly #corrections = new Map<string, ClaimChange>();

  apply(event: DomainEvent, eventId: string, place: Place): void {
    if (event.type === 'ClaimRecorded') {
      if (this.#fields !== null) return;
      this.#recorded = { eventId, data: event.data, place };
      this.#fields = { ...event.data };
      this.#missionId = event.data.missionId;
      return;
    }
    if (event.type !== 'ClaimCorrected' || this.#fields === null) return;
    const { changes, reason, correctedBy } = event.data;
    if (changes.missionId !== undefined) this.#missionId = changes.missionId;
    const change: ClaimChange = {
      eventId,
      changes,
      reason,
      correctedBy,
      content: canonicalJson(composed(event.data)),
      place,
    };
    this.#corrections.set(eventId, change);
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      this.#fields[field] = value;
      this.#lastSet.set(field, change);
    }
  }

  result(): ClaimState | null {
    if (this.#fields === null || this.#recorded === null) return null;
    return {
      recorded: this.#recorded,
      fields: this.#fields,
      missionId: this.#missionId,
      lastSet: this.#lastSet,
      corrections: this.#corrections,
    };
  }
}
