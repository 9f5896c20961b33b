import { reportStream } from '@kb/domain';
import type { EventStore } from '@kb/store';

/** Reports remembered, per kind of fact; past it the oldest are forgotten (and looked up again). */
const REMEMBERED_REPORTS = 200_000;

/**
 * Whether a claim given an `id` may have a twin stored, or earlier in this input, under the id its
 * content derives: the same record sent without an `id` (docs/claim-records.md, claim ids). Such a
 * twin shares its report, as the report is part of that content, so only a report the store held
 * before this run, or one under which this run took a claim without an `id`, can have one. That is
 * asked of the store once per report (when the run first asks of it), not once per claim: an input
 * of new reports, whose every claim has an `id`, looks up no claim for this.
 */
export class DerivedTwins {
  readonly #store: EventStore;
  /** Whether each report the run asked of was stored before the run (before this run stored it). */
  #storedBefore = new Map<string, boolean>();
  /** Reports under which this run took a claim without an id. */
  readonly #withDerived = new Set<string>();
  /** Set once #withDerived overflowed: every report may hold a twin from then on. */
  #overflowed = false;

  constructor(store: EventStore) {
    this.#store = store;
  }

  /** A claim without an `id` joined the batch under `reportId`. */
  derivedUnder(reportId: string): void {
    if (this.#overflowed) return;
    this.#withDerived.add(reportId);
    if (this.#withDerived.size > REMEMBERED_REPORTS) {
      this.#overflowed = true;
      this.#withDerived.clear();
    }
  }

  /** Whether a claim under `reportId` may have a twin under its derived id: false only when it cannot. */
  async mayHold(reportId: string): Promise<boolean> {
    if (this.#overflowed || this.#withDerived.has(reportId)) return true;
    let before = this.#storedBefore.get(reportId);
    if (before === undefined) {
      // Asked the first time a line of the run names the report, before its batch commits: stored
      // now means stored before the run, unless this run committed it earlier and forgot the answer,
      // when "stored" only costs a lookup per claim.
      before = false;
      for await (const _ of this.#store.readStream(reportStream(reportId), { maxCount: 1 })) before = true;
      if (this.#storedBefore.size >= REMEMBERED_REPORTS) this.#storedBefore = new Map();
      this.#storedBefore.set(reportId, before);
    }
    return before;
  }
}
