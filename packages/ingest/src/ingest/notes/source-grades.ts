import { sourceStream } from '@kb/domain';
import type { EventStore, NewEvent } from '@kb/store';
import { decodeStored } from '../prepare/stored-event.js';

/**
 * Each outlet's current grade as this run sees it: the store's (its registration, then its latest
 * SourceGraded), overtaken by the regrades the run itself writes. Read from the store once per
 * outlet, and only when a record gives a grade: a record's grade registers a new outlet, it never
 * regrades a known one, and the run says so rather than dropping it silently.
 */
export class SourceGrades {
  readonly #store: EventStore;
  readonly #grades = new Map<string, string | null>();
  /** Registrations this run offered for outlets not yet looked up: they stand if the store has none. */
  readonly #offered = new Map<string, string>();

  constructor(store: EventStore) {
    this.#store = store;
  }

  /** The outlet's grade, or null when neither the store nor this run has registered it. */
  async current(sourceId: string): Promise<string | null> {
    const known = this.#grades.get(sourceId);
    if (known !== undefined) return known;
    let grade: string | null = null;
    for await (const stored of this.#store.readStream(sourceStream(sourceId))) {
      const event = decodeStored(stored);
      if (event.type === 'SourceRegistered' || event.type === 'SourceGraded') grade = event.data.reliability;
    }
    grade ??= this.#offered.get(sourceId) ?? null;
    this.#grades.set(sourceId, grade);
    return grade;
  }

  /** An event this run is writing: a regrade moves the outlet's grade; a registration may set it. */
  written(event: NewEvent): void {
    if (event.type !== 'SourceRegistered' && event.type !== 'SourceGraded') return;
    const { sourceId, reliability } = event.data as { sourceId: string; reliability: string };
    if (event.type === 'SourceGraded') this.#grades.set(sourceId, reliability);
    // The store keeps the first registration of an outlet: this one counts only if there was none.
    else if (this.#grades.get(sourceId) === null) this.#grades.set(sourceId, reliability);
    else if (!this.#grades.has(sourceId) && !this.#offered.has(sourceId))
      this.#offered.set(sourceId, reliability);
  }
}
