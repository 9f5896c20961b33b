// A catch-up subscription to $all as the port's Subscription. The client's subscription is a
// Readable that does not end when it is cancelled, so iterating it directly could hang after
// close(); this keeps its own small queue and ends iteration itself.
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent, Subscription } from '../port/event-store.js';
import { mapEsdbError } from './eventstoredb-mapping.js';

/** Events buffered before the source is paused, so a slow reader does not pull the whole log into memory. */
const HIGH_WATER = 512;

type Waiter = {
  resolve: (result: IteratorResult<StoredEvent>) => void;
  reject: (error: unknown) => void;
};

export class EventStoreDbSubscription implements Subscription {
  #source: AllStreamSubscription | undefined;
  /** Settles once the source is known (or failed to start), so close() can stop it. */
  readonly #started: Promise<void>;
  readonly #accept: (resolved: AllStreamResolvedEvent) => StoredEvent | undefined;
  readonly #onClose: (subscription: EventStoreDbSubscription) => void;
  readonly #buffer: StoredEvent[] = [];
  #waiter: Waiter | undefined;
  #failure: unknown;
  #closed = false;
  /** Set once the source is being stopped (a failure or close()), so it is stopped once. */
  #released: Promise<void> | undefined;

  /**
   * `source` is the client's subscription, or a promise of it when the start must be found first
   * (a rejection fails iteration, mapped); `accept` maps a delivered event and returns undefined
   * for those the filter leaves out.
   */
  constructor(
    source: AllStreamSubscription | Promise<AllStreamSubscription>,
    accept: (resolved: AllStreamResolvedEvent) => StoredEvent | undefined,
    onClose: (subscription: EventStoreDbSubscription) => void,
  ) {
    this.#accept = accept;
    this.#onClose = onClose;
    if (source instanceof Promise) {
      this.#started = source.then(
        (started) => this.#attach(started),
        (error: unknown) => this.#fail(mapEsdbError(error)),
      );
    } else {
      this.#attach(source);
      this.#started = Promise.resolve();
    }
  }

  #attach(source: AllStreamSubscription): void {
    this.#source = source;
    // Always listened for, even when closed while starting: the client's subscription can emit
    // 'error' later (its call failing to start, dist/streams/utils/Subscription.js initialize), and
    // an 'error' nobody listens for crashes the process. #fail ignores it after close().
    source.on('error', (error: Error) => this.#fail(mapEsdbError(error)));
    // Closed while starting: close() stops it once #started settles.
    if (this.#closed) return;
    source.on('data', (resolved: AllStreamResolvedEvent) => this.#deliver(resolved));
    // A live subscription has no end of its own: when the source ends or closes without an error
    // and we did not close it, the server (or the connection) ended it. Iteration fails rather
    // than waiting forever for events that will not come; after an error, #fail keeps that one.
    const ended = (how: string) => () =>
      this.#fail(new StoreUnavailableError(`EventStoreDB ended the subscription to $all (${how})`));
    source.once('end', ended('end of stream'));
    source.once('close', ended('closed'));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    while (true) {
      const next = await this.#next();
      if (next.done) return;
      yield next.value;
    }
  }

  /** Stops the server-side subscription and ends iteration; safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#buffer.length = 0;
    this.#waiter?.resolve({ done: true, value: undefined });
    this.#waiter = undefined;
    this.#onClose(this);
    await this.#started;
    await this.#release();
  }

  /** Stops the server-side subscription and destroys the source, once however often it is asked. */
  #release(): Promise<void> {
    const source = this.#source;
    if (!source) return Promise.resolve();
    this.#released ??= (async () => {
      try {
        await source.unsubscribe();
      } catch {
        // The call failed already (it never started, or the server dropped it): nothing to stop.
      } finally {
        source.destroy();
      }
    })();
    return this.#released;
  }

  #next(): Promise<IteratorResult<StoredEvent>> {
    const event = this.#buffer.shift();
    if (event) {
      if (this.#buffer.length < HIGH_WATER / 2 && this.#source?.isPaused()) this.#source.resume();
      return Promise.resolve({ done: false, value: event });
    }
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  #deliver(resolved: AllStreamResolvedEvent): void {
    // After a failure nothing more is delivered: a reader that saves its position as it goes must
    // never see an event that comes after one it was not given.
    if (this.#closed || this.#failure !== undefined) return;
    let event: StoredEvent | undefined;
    try {
      event = this.#accept(resolved);
    } catch (error) {
      // The events buffered before this one are still handed out, then the error; the source is
      // stopped, as nothing it sends from here on would be delivered.
      this.#fail(error);
      void this.#release();
      return;
    }
    if (!event) return;
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve({ done: false, value: event });
      return;
    }
    this.#buffer.push(event);
    if (this.#buffer.length >= HIGH_WATER) this.#source?.pause();
  }

  #fail(error: unknown): void {
    if (this.#closed || this.#failure !== undefined) return;
    this.#failure = error;
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.reject(error);
    }
  }
}

/** A subscription that could not start: iterating it fails with `error`, closing it does nothing. */
export function failedSubscription(error: Error): Subscription {
  return {
    close: async () => {},
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(error),
    }),
  };
}
