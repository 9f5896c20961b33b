/**
 * A one-to-many nudge: a store fires it after each commit (and on close) so its subscriptions read
 * at once instead of waiting for their next poll.
 */
export class WakeSignal {
  readonly #waiters = new Set<() => void>();

  /** Resolves at the next fire, or after `timeoutMs` when given. */
  wait(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
    });
  }

  fire(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
