import { closestName } from '@kb/domain';
import type { EventStore } from '@kb/store';
import { decodeStored } from '../prepare/stored-event.js';

/**
 * The claim id a retraction or correction most likely meant when the one it names is unknown: one
 * or two slips from an id stored or taken earlier in the run. The stored ids are read once per run,
 * on the first miss, by a scan of the log's ClaimRecorded events (a few seconds on millions of
 * claims): only a line that is already being rejected pays for it. Claims the run commits later are
 * added as their batches land, so the list never goes stale within a run.
 */
export class ClaimSuggestions {
  readonly #store: EventStore;
  #stored: Set<string> | null = null;

  constructor(store: EventStore) {
    this.#store = store;
  }

  /** The closest known id to `unknown`, among the stored ones and `pending` (this batch's). */
  async closest(unknown: string, pending: Iterable<string>): Promise<string | null> {
    const stored = this.#stored ?? (await this.#load());
    return closestName(unknown, chain(pending, stored));
  }

  /** Claims a committed batch recorded: known from now on. A no-op until the first miss loads the list. */
  committed(ids: Iterable<string>): void {
    if (this.#stored === null) return;
    for (const id of ids) this.#stored.add(id);
  }

  async #load(): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const stored of this.#store.readAll({ filter: { eventTypes: ['ClaimRecorded'] } })) {
      const event = decodeStored(stored);
      if (event.type === 'ClaimRecorded') ids.add(event.data.claimId);
    }
    this.#stored = ids;
    return ids;
  }
}

function* chain(first: Iterable<string>, second: Iterable<string>): Generator<string> {
  yield* first;
  yield* second;
}
