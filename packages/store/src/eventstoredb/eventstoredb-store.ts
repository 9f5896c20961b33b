// The EventStoreDB adapter. Every append reads the stream first (for dedupe, the caller's
// expectation and the previous hash) and then writes with the exact revision it read, so the
// per-stream chain cannot fork and the server's own id-based dedupe is the reliable kind.
// See docs/eventstoredb.md for the guarantees and limits.
import {
  type AppendResult as EsdbAppendResult,
  EventStoreDBClient,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { singleWrite } from '../append/single-write.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { checkReadAllOptions, checkReadStreamOptions, checkWrites } from '../port/checks.js';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../port/event-store.js';
import { planAppend, type StreamState, streamStateOf } from './eventstoredb-append-plan.js';
import { verifyLogPerStream } from './eventstoredb-chain.js';
import { fromRecordedEvent, toEventData } from './eventstoredb-envelope.js';
import {
  mapEsdbError,
  refuseSystemNames,
  toEsdbExpectedRevision,
  toServerFilter,
} from './eventstoredb-mapping.js';
import { backoff, lostEveryRace } from './eventstoredb-retry.js';
import { acceptFrom, resolveStart } from './eventstoredb-start.js';
import { EventStoreDbSubscription, failedSubscription } from './eventstoredb-subscription.js';

// Kept in the port's errors (exported by @kb/store without loading the client); also from here.
export { AppendTooLargeError } from '../port/errors.js';

/** The environment variable that names the server, e.g. `esdb://localhost:2113?tls=false`. */
export const CONNECTION_STRING_ENV = 'EVENTSTORE_CONNECTION_STRING';

/** The connection string from `EVENTSTORE_CONNECTION_STRING`, or undefined when it is unset or blank. */
export function connectionStringFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[CONNECTION_STRING_ENV]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export interface EventStoreDbOptions {
  /** Where `recordedAt` comes from; the server's own `created` time is kept beside it. */
  readonly clock?: () => Date;
  /** How often an append re-reads and retries after losing a race to another writer. */
  readonly maxAppendAttempts?: number;
  /**
   * How long close() waits for appends in flight before it disposes the client anyway (default
   * 10,000 ms, the client's default deadline for one call). An append cut off then fails with
   * StoreUnavailableError saying it may or may not have been stored.
   */
  readonly closeTimeoutMs?: number;
}

/**
 * Opens the adapter on `connectionString`, or on `EVENTSTORE_CONNECTION_STRING` when it is omitted.
 * @example const store = await openEventStoreDb('esdb://localhost:2113?tls=false')
 */
export async function openEventStoreDb(
  connectionString?: string,
  options: EventStoreDbOptions = {},
): Promise<EventStoreDbStore> {
  const target = connectionString ?? connectionStringFromEnv();
  if (target === undefined) {
    throw new StoreUnavailableError(
      `no EventStoreDB connection string given and ${CONNECTION_STRING_ENV} is unset`,
    );
  }
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(target);
  } catch (error) {
    throw new StoreUnavailableError(`invalid EventStoreDB connection string "${target}"`, { cause: error });
  }
  return new EventStoreDbStore(client, options);
}

export class EventStoreDbStore implements EventStore {
  /** EventStoreDB has no multi-stream transaction: appendMany writes stream by stream. */
  readonly atomicBatches = false;
  readonly #client: EventStoreDBClient;
  readonly #clock: () => Date;
  readonly #maxAppendAttempts: number;
  readonly #closeTimeoutMs: number;
  readonly #subscriptions = new Set<EventStoreDbSubscription>();
  /** Appends under way, which close() lets finish before it disposes the client. */
  readonly #appending = new Set<Promise<AppendResult>>();
  /** Set when close() is called: no new call, and no append sends a write from then on. */
  #closed = false;
  /** Set when close() disposes the client, which cancels every open call. */
  #disposed = false;
  #closing: Promise<void> | undefined;

  constructor(client: EventStoreDBClient, options: EventStoreDbOptions = {}) {
    this.#client = client;
    this.#clock = options.clock ?? (() => new Date());
    this.#maxAppendAttempts = options.maxAppendAttempts ?? 5;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const write = singleWrite(stream, events, options);
    checkWrites([write], 'append');
    refuseSystemNames([write], 'append');
    return this.#append(stream, events, options);
  }

  /** `known`: the stream as appendMany just read it, used for the first attempt instead of reading it again. */
  async #append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    known?: StreamState,
  ): Promise<AppendResult> {
    this.#assertOpen();
    const appending = this.#attempts(stream, events, options, known);
    this.#appending.add(appending);
    try {
      return await appending;
    } finally {
      this.#appending.delete(appending);
    }
  }

  async #attempts(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    known: StreamState | undefined,
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    for (let attempt = 1; ; attempt++) {
      // A state gone stale meanwhile is the usual race: the write at its exact revision fails, and
      // the next attempt reads again.
      const state = attempt === 1 && known !== undefined ? known : await this.#readState(stream);
      const plan = planAppend(stream, state, events, expected, this.#clock().toISOString());
      if (plan.kind === 'nothing') {
        return { nextRevision: state.lastRevision, position: state.lastPosition, appended: 0 };
      }
      // The exact revision just read, not the caller's words: the chain was computed on it, and
      // exact expectations are what the server's idempotency check honours reliably.
      const data = plan.events.map(toEventData);
      const expectedRevision = toEsdbExpectedRevision(
        state.lastRevision < 0 ? 'no_stream' : state.lastRevision,
      );
      let written: EsdbAppendResult | undefined;
      let raced: unknown;
      // Checked last thing before the write: the client's dispose() leaves no mark, so a write
      // sent after close() would still reach the server. Once sent, close() waits for it.
      this.#assertOpen();
      try {
        // Only the client call is mapped: errors of our own above keep their class.
        const result = await this.#client.appendToStream(stream, data, { expectedRevision });
        // `success: false` only with `throwOnAppendFailure=false` in the connection string: a lost race reported as data.
        if (result.success) written = result;
        else raced = result;
      } catch (error) {
        if (this.#disposed) throw this.#cutByClose(stream, error);
        if (!(error instanceof WrongExpectedVersionError)) throw mapEsdbError(error, { stream, expected });
        raced = error;
      }
      if (written) {
        const nextRevision = Number(written.nextExpectedRevision);
        let stored: StoredEvent;
        try {
          stored = await this.#readBack(stream, nextRevision);
        } catch (error) {
          if (this.#disposed) throw this.#cutByClose(stream, error);
          throw error;
        }
        if (stored.hash === plan.events.at(-1)!.hash) {
          return { nextRevision, position: stored.position, appended: plan.events.length };
        }
        // At an exact expected revision the server takes a write as a repeat when the same ids
        // are already at the next revisions, comparing ids only, and reports success. So another
        // writer stored these ids between our read and our write, perhaps with other content:
        // decide again on the stream as it is now. The planner then finds the ids stored and
        // writes nothing (same content) or refuses with EventIdConflictError (other content).
        continue;
      }
      // Another writer got in between the read and the write: wait a little, then read again and
      // decide again, which becomes the caller's WrongExpectedRevisionError once their
      // expectation no longer holds.
      if (attempt >= this.#maxAppendAttempts) {
        const now = await this.#readState(stream);
        throw lostEveryRace(stream, expected, now.lastRevision, attempt, raced);
      }
      await backoff(attempt);
    }
  }

  /**
   * Not atomic: streams are written one after another, so a failure leaves the earlier ones written.
   * A conflict is looked for in every stream before the first is written, though.
   */
  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    checkWrites(writes);
    // Every write checked before the first is made: appendMany is not atomic here.
    refuseSystemNames(writes);
    this.#assertOpen();
    // Every stream's decision first, so a conflict that can already be seen (an id stored with
    // other content, an expectation that no longer holds) stores nothing. Only one that another
    // writer makes between this check and a write leaves the earlier streams written. A stream's
    // second write is decided on what its first leaves, so only its first is checked here. What
    // was read for that check is what the first write starts from: each stream is read once.
    const at = this.#clock().toISOString();
    const firstStates = new Map<string, StreamState>();
    for (const write of writes) {
      if (firstStates.has(write.stream)) continue;
      const state = await this.#readState(write.stream);
      planAppend(write.stream, state, write.events, write.expectedRevision ?? 'any', at);
      firstStates.set(write.stream, state);
    }
    const results: AppendResult[] = [];
    for (const write of writes) {
      const options =
        write.expectedRevision === undefined ? {} : { expectedRevision: write.expectedRevision };
      const known = firstStates.get(write.stream);
      firstStates.delete(write.stream);
      results.push(await this.#append(write.stream, write.events, options, known));
    }
    return results;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    checkReadStreamOptions(stream, options);
    yield* this.#readStream(stream, options, false);
  }

  /**
   * `forAppend`: a read an append decides on or checks its write with. It asks for the leader
   * (`requiresLeader`): with nodePreference follower or random, the node the client picked may
   * not have replicated the write yet, and a lagging read would make the append plan on a stale
   * stream (a false race) or miss its own event on the read-back. Plain reads go where the
   * connection string says.
   */
  async *#readStream(
    stream: string,
    options: ReadStreamOptions,
    forAppend: boolean,
  ): AsyncIterable<StoredEvent> {
    // An append's reads go on while close() waits for the append; only the disposed client stops them.
    const assertUsable = forAppend ? () => this.#assertNotDisposed() : () => this.#assertOpen();
    assertUsable();
    const from = options.fromRevision ?? 0;
    if (options.maxCount === 0) return;
    const read = this.#client.readStream(stream, {
      fromRevision: from <= 0 ? START : BigInt(from),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      ...(forAppend ? { requiresLeader: true } : {}),
    });
    let finished = false;
    try {
      for await (const resolved of read) {
        if (resolved.event) yield fromRecordedEvent(resolved.event);
      }
      finished = true;
    } catch (error) {
      finished = true;
      if (error instanceof StreamNotFoundError) return;
      throw mapEsdbError(error, { stream });
    } finally {
      // A reader that stops early leaves the server call open unless it is cancelled.
      if (!finished) await read.cancel();
    }
    // close() disposes the client, which cancels open calls; the client's ReadStream ignores that
    // cancellation (dist/streams/utils/ReadStream.js), so a read cut short by close() ends as if
    // the stream or log ended there. Said, rather than passed off as the whole: verify() would
    // otherwise report ok over part of the log.
    assertUsable();
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    checkReadAllOptions(options);
    this.#assertOpen();
    const { after, filter, maxCount } = options;
    if (maxCount === 0) return;
    // The client's readAll takes no filter, so filtering happens here; a read includes the event
    // at its start, and acceptFrom skips everything at or before `after` (see resolveStart).
    const fromPosition = await resolveStart(this.#client, after);
    this.#assertOpen();
    const read = this.#client.readAll({ fromPosition });
    let delivered = 0;
    let finished = false;
    try {
      for await (const resolved of read) {
        const event = acceptFrom(resolved, after, filter);
        if (!event) continue;
        yield event;
        delivered++;
        if (maxCount !== undefined && delivered >= maxCount) return;
      }
      finished = true;
    } catch (error) {
      finished = true;
      throw mapEsdbError(error);
    } finally {
      if (!finished) await read.cancel();
    }
    this.#assertOpen(); // cut short by close(), as in readStream
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    // A wrong argument is refused at once, as on every adapter. Failures of the store surface when
    // iterating, as with readStream and readAll, never from this call itself.
    checkReadAllOptions(options, 'subscribe');
    if (this.#closed) return failedSubscription(new StoreClosedError());
    const { after, filter } = options;
    // The start is resolved first (a read or two, see resolveStart); the subscription's own queue
    // fails iteration with the mapped error if that or the client call fails.
    const source = resolveStart(this.#client, after).then((fromPosition) =>
      this.#client.subscribeToAll({ fromPosition, filter: toServerFilter(filter) }),
    );
    const subscription = new EventStoreDbSubscription(
      source,
      (resolved) => acceptFrom(resolved, after, filter),
      (closed) => this.#subscriptions.delete(closed),
    );
    this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Checks every stream's hash chain over the whole `$all` log (see verifyLogPerStream). */
  async verify(): Promise<VerifyReport> {
    return verifyLogPerStream(this.readAll());
  }

  /**
   * Refuses new calls at once, ends open subscriptions, lets appends under way finish (up to
   * `closeTimeoutMs`), then disposes the client. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#subscriptions].map((subscription) => subscription.close()));
    // Disposing cancels a write the server may already have committed, and the caller would be
    // told it failed; so appends in flight are given time to finish, within a bound.
    await settledWithin([...this.#appending], this.#closeTimeoutMs);
    this.#disposed = true;
    await this.#client.dispose();
  }

  /** An append whose write close() cancelled after waiting for it: what the server did is not known. */
  #cutByClose(stream: string, cause: unknown): StoreUnavailableError {
    return new StoreUnavailableError(
      `EventStoreDB: close() stopped waiting after ${this.#closeTimeoutMs} ms and cancelled the append to "${stream}" while the server had it; it may or may not have been stored: read the stream to see`,
      { cause },
    );
  }

  async #readState(stream: string): Promise<StreamState> {
    const events: StoredEvent[] = [];
    for await (const event of this.#readStream(stream, {}, true)) events.push(event);
    return streamStateOf(events);
  }

  /**
   * The event at `revision` as reads give it, to check it is the one just planned (its hash) and
   * to report its position. The append result carries a position too, but for a write of several
   * events its halves need not both name the last event, and the port promises the same number
   * that readStream and readAll give.
   */
  async #readBack(stream: string, revision: number): Promise<StoredEvent> {
    for await (const event of this.#readStream(stream, { fromRevision: revision, maxCount: 1 }, true)) {
      return event;
    }
    throw new StoreUnavailableError(
      `EventStoreDB: event ${revision} of "${stream}" could not be read back after the append`,
    );
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #assertNotDisposed(): void {
    if (this.#disposed) throw new StoreClosedError();
  }
}

/** Waits until every one of `work` has settled, or `ms` have passed, whichever comes first. */
async function settledWithin(work: readonly Promise<unknown>[], ms: number): Promise<void> {
  if (work.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([Promise.allSettled(work), timeUp]);
  } finally {
    clearTimeout(timer);
  }
}
