// A memory of answers worked out from text, for the pure functions that the lines of one input ask
// again and again (a name folded, a place read, a date read): kept up to a limit, then all dropped
// at once and worked out again, so it never grows with the input.

export class BoundedMemo<T> {
  readonly #kept = new Map<string, T>();

  /** Answers are kept for at most `limit` keys at a time. */
  constructor(readonly limit: number) {}

  /** The answer kept for `key`, else `compute(key)`, kept from now on (all are dropped first when full). */
  get(key: string, compute: (key: string) => T): T {
    if (this.#kept.has(key)) return this.#kept.get(key) as T;
    const answer = compute(key);
    if (this.#kept.size >= this.limit) this.#kept.clear();
    this.#kept.set(key, answer);
    return answer;
  }

  /** How many answers are kept now. */
  get size(): number {
    return this.#kept.size;
  }
}
