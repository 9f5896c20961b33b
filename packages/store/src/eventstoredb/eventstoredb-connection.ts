// The adapter's client and where it stands in its life: open; closed (close() called: no new call,
// and no append sends a write from then on, while appends already under way finish); disposed (the
// client's calls cancelled). close() ends open subscriptions, waits for appends in flight up to
// `closeTimeoutMs`, then disposes the client. Reads and appends ask it whether they may go on.
import type { EventStoreDBClient } from '@eventstore/db-client';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type { AppendResult } from '../port/event-store.js';
import { mapEsdbError } from './eventstoredb-mapping.js';
import { assertWritableServer } from './eventstoredb-server-version.js';
import type { EventStoreDbSubscription } from './eventstoredb-subscription.js';

export class EventStoreDbConnection {
  readonly client: EventStoreDBClient;
  readonly #closeTimeoutMs: number;
  readonly #subscriptions = new Set<EventStoreDbSubscription>();
  /** Appends under way, which close() lets finish before it disposes the client. */
  readonly #appending = new Set<Promise<AppendResult>>();
  /** Set when close() is called: no new call, and no append sends a write from then on. */
  #closed = false;
  /** Set when close() disposes the client, which cancels every open call. */
  #disposed = false;
  #closing: Promise<void> | undefined;
  /** Settles once the server's version was found to be one the adapter writes to. */
  #writable: Promise<void> | undefined;

  constructor(client: EventStoreDBClient, closeTimeoutMs: number) {
    this.client = client;
    this.#closeTimeoutMs = closeTimeoutMs;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  assertNotDisposed(): void {
    if (this.#disposed) throw new StoreClosedError();
  }

  /**
   * Resolves once the server is known to be one the adapter can write to (eventstoredb-server-version.ts),
   * asked once per connection; a refusal or a failure to ask is asked again on the next write.
   */
  writable(): Promise<void> {
    this.#writable ??= assertWritableServer(this.client).catch((error: unknown) => {
      this.#writable = undefined;
      throw mapEsdbError(error);
    });
    return this.#writable;
  }

  /** Waits for `appending`, an append just started, which close() waits for in turn. */
  async whileAppending(appending: Promise<AppendResult>): Promise<AppendResult> {
    this.#appending.add(appending);
    try {
      return await appending;
    } finally {
      this.#appending.delete(appending);
    }
  }

  /** A subscription close() ends; it is forgotten once it closes itself. */
  track(subscription: EventStoreDbSubscription): void {
    this.#subscriptions.add(subscription);
  }

  forget(subscription: EventStoreDbSubscription): void {
    this.#subscriptions.delete(subscription);
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
    await this.client.dispose();
  }

  /** An append whose write close() cancelled after waiting for it: what the server did is not known. */
  cutByClose(stream: string, cause: unknown): StoreUnavailableError {
    return new StoreUnavailableError(
      `EventStoreDB: close() stopped waiting after ${this.#closeTimeoutMs} ms and cancelled the append to "${stream}" while the server had it; it may or may not have been stored: read the stream to see`,
      { cause },
    );
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
