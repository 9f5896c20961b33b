/**
 * The entity streams (missions, actors, sources, reports) known to be stored, so their registration
 * is offered at most once while remembered, each with what of its registration stands for later
 * lines to be compared with (registration-notes.ts; undefined when not known). Bounded by two
 * generations: when the young one fills, the old one is dropped. A forgotten entity is offered again,
 * which the store skips as already present (registration event ids derive from the entity), so
 * forgetting costs time, never a duplicate.
 */
export class KnownStreams {
  #young = new Map<string, unknown>();
  #old = new Map<string, unknown>();

  constructor(readonly capacity = 200_000) {}

  has(stream: string): boolean {
    if (this.#young.has(stream)) return true;
    if (!this.#old.has(stream)) return false;
    this.add(stream, this.#old.get(stream));
    return true;
  }

  /** What of the stream's registration stands, when this run saw it; undefined otherwise. */
  standing(stream: string): unknown {
    return this.#young.get(stream) ?? this.#old.get(stream);
  }

  add(stream: string, standing?: unknown): void {
    if (standing === undefined && this.#young.has(stream)) return;
    this.#young.set(stream, standing ?? this.#old.get(stream));
    if (this.#young.size >= this.capacity / 2) {
      this.#old = this.#young;
      this.#young = new Map();
    }
  }
}
