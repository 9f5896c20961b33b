// Letting an AbortSignal end a wait on a read that may never finish (ingest-run.ts: a quiet stdin).

/** What AbortWait.race gives when the signal won. */
export const ABORTED = Symbol('aborted');

/**
 * Waits that end early when `signal` aborts. One listener serves every wait, each settling a promise
 * of its own: racing each read against one long-lived promise instead would leave a reaction on it
 * per read, kept until the end (about 350 bytes a record, measured).
 */
export class AbortWait {
  readonly #signal: AbortSignal;
  #wake: ((aborted: typeof ABORTED) => void) | null = null;
  readonly #onAbort = () => this.#wake?.(ABORTED);

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** What `pending` gives, or ABORTED if the signal aborts first (or already has). */
  race<T>(pending: Promise<T>): Promise<T | typeof ABORTED> {
    if (this.#signal.aborted) return Promise.resolve(ABORTED);
    return new Promise<T | typeof ABORTED>((resolve, reject) => {
      this.#wake = resolve;
      pending.then(resolve, reject);
    }).finally(() => {
      this.#wake = null;
    });
  }

  dispose(): void {
    this.#signal.removeEventListener('abort', this.#onAbort);
  }
}
