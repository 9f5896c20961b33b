import { StoreClosedError } from '../port/errors.js';
import type { StoredEvent, Subscription } from '../port/event-store.js';
import type { WakeSignal } from './wake-signal.js';

/** One read of the log after a checkpoint. */
export interface LogPage {
  readonly events: readonly StoredEvent[];
  /**
   * The last position the read looked at, matched or not, so a filtered follower does not scan the
   * same unmatched events again on every poll. At least the position of the last event returned.
   */
  readonly scannedTo: number;
}

export interface CatchUpSource {
  /** Events after `after` that pass the subscription's filter, at most `limit` of them. */
  readPage(after: number, limit: number): LogPage;
  /** True once the store is closed: the subscription then ends. */
  isClosed(): boolean;
  readonly signal: WakeSignal;
  /** How often to look for writes the signal cannot see (other processes); omit when there are none. */
  readonly pollMs?: number;
}

const PAGE_SIZE = 1000;

/**
 * A catch-up subscription over a store that can be read by position: pages through everything after
 * the checkpoint, then waits for a wake-up (a local commit) or the next poll, and reads again.
 * Ends cleanly on close() or when the store closes; iterating one of an already closed store throws.
 */
export class CatchUpSubscription implements Subscription {
  #closed = false;
  readonly #source: CatchUpSource;
  #checkpoint: number;

  constructor(source: CatchUpSource, after: number | undefined) {
    this.#source = source;
    this.#checkpoint = after ?? 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#source.signal.fire();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    const source = this.#source;
    if (source.isClosed()) throw new StoreClosedError();
    while (!this.#done()) {
      const page = source.readPage(this.#checkpoint, PAGE_SIZE);
      for (const event of page.events) {
        if (this.#done()) return;
        this.#checkpoint = event.position;
        yield event;
      }
      this.#checkpoint = Math.max(this.#checkpoint, page.scannedTo);
      if (page.events.length === 0 && !this.#done()) await source.signal.wait(source.pollMs);
    }
  }

  #done(): boolean {
    return this.#closed || this.#source.isClosed();
  }
}
