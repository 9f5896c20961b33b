import type { StoredEvent } from '@kb/store';
import type { PreparedRecord } from './prepared-record.js';

/** Where a stored event a line clashes with was met earlier in this input; null when it was not. */
export type Earlier = { readonly line: number } | { readonly position: number } | null;

/** Claims (and corrections with an id of their own) whose line is remembered; the oldest forgotten past it. */
const REMEMBERED = 100_000;

/**
 * The line of this input that first stood for each claim, and each correction with an `id` of its
 * own, that the run stored or found already stored: a later line giving that id other content is
 * refused naming it, whether the two lines shared a batch or not, so the message does not depend on
 * the batch size. Only records keyed by an id the writer chose are remembered: any other record's
 * event id hashes its content, so other content is another event.
 */
export class FirstLines {
  readonly #runId: string;
  readonly #capacity: number;
  readonly #lines = new Map<number | string, number>();

  constructor(runId: string, capacity = REMEMBERED) {
    this.#runId = runId;
    this.#capacity = capacity;
  }

  /** A committed batch stored these records, or found them stored. */
  taken(records: readonly PreparedRecord[]): void {
    for (const record of records) {
      if (record.claim === null && (record.correction?.id ?? null) === null) continue;
      for (const { event } of record.own) {
        const key = keyOf(event.id);
        if (this.#lines.has(key)) continue;
        this.#lines.set(key, record.line);
        if (this.#lines.size > this.#capacity) this.#lines.delete(this.#lines.keys().next().value!);
      }
    }
  }

  /**
   * The stored event a line clashes with, as this input met it: the line that first stood for it,
   * else, when this run stored it (its line forgotten), its log position; null when neither.
   */
  earlier(twin: StoredEvent): Earlier {
    const line = this.#lines.get(keyOf(twin.id));
    if (line !== undefined) return { line };
    return twin.metadata.ingestRunId === this.#runId ? { position: twin.position } : null;
  }
}

/**
 * An event id as a number: 52 bits of the hash ingest derives it from (deterministicId's UUID
 * shape), so 100,000 of them take a few MB rather than the 17 MB their strings held (the bench's
 * peak grew so). Two of them meet by chance about once in 10^6 runs of 100,000; an id of another
 * shape is kept as it is.
 */
function keyOf(id: string): number | string {
  if (id.length !== 36 || id[8] !== '-' || id[13] !== '-') return id;
  const key = Number.parseInt(`${id.slice(0, 8)}${id.slice(9, 13)}${id[15]}`, 16);
  return Number.isNaN(key) ? id : key;
}
