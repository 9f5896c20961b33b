/**
 * The entity streams (missions, actors, sources, reports) known to be stored, so their registration
 * is offered at most once while remembered. Bounded by two generations: when the young one fills,
 * the old one is dropped. A forgotten entity is offered again, which the store skips as already
 * present (registration event ids derive from the entity), so forgetting costs time, never a duplicate.
 */
export class KnownStreams {
  #young = new Set<string>();
  #old = new Set<string>();

  constructor(readonly capacity = 200_000) {}

  has(stream: string): boolean {
    if (this.#young.has(stream)) return true;
    if (!this.#old.has(stream)) return false;
    this.add(stream);
    return true;
  }

  add(stream: string): void {
    this.#young.add(stream);
    if (this.#young.size >= this.capacity / 2) {
      this.#old = this.#young;
      this.#young = new Set();
    }
  }
}
