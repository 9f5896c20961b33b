import type { StoredEvent } from '@kb/store';
import type { PreparedRecord } from '../prepare/prepared-record.js';

/** Where a stored event a line clashes with was met earlier in this input; null when it was not. */
export type Earlier = { readonly line: number } | { readonly position: number } | null;

/**
 * Claims (and corrections with an id of their own) whose line each of the two generations holds: the
 * run remembers the last 50,000 to 100,000 of them.
 */
const PER_GENERATION = 50_000;

/**
 * The line of this input that first stood for each claim, and each correction with an `id` of its
 * own, that the run stored or found already stored: a later line giving that id other content is
 * refused naming it, whether the two lines shared a batch or not, so the message does not depend on
 * the batch size. Only records keyed by an id the writer chose (a claim's or a correction's) are
 * remembered: any other record's event id hashes its content, so other content is another event.
 *
 * Held in two generations of fixed typed arrays (4 MiB in all: 131,072 slots of two 8-byte numbers each): when the young one is full the
 * old one is dropped. A Map of 100,000 of them grew the ingest bench's peak by 25 MB, its keys and
 * the garbage its churn left.
 */
export class FirstLines {
  readonly #runId: string;
  readonly #perGeneration: number;
  #young: Generation | null = null;
  #old: Generation | null = null;

  constructor(runId: string, perGeneration = PER_GENERATION) {
    this.#runId = runId;
    this.#perGeneration = perGeneration;
  }

  /** A committed batch stored these records, or found them stored. */
  taken(records: readonly PreparedRecord[]): void {
    for (const record of records) {
      // A claim without an id has an id its content derives: other content is another claim.
      if (record.claim === null ? (record.correction?.id ?? null) === null : record.claim.derived) continue;
      for (const { event } of record.own) {
        const key = keyOf(event.id);
        if (this.#lineOf(key) !== undefined) continue;
        this.#young ??= new Generation(this.#perGeneration);
        this.#young.set(key, record.line);
        if (this.#young.size >= this.#perGeneration) {
          const dropped = this.#old;
          this.#old = this.#young;
          this.#young = dropped?.cleared() ?? null;
        }
      }
    }
  }

  /**
   * The stored event a line clashes with, as this input met it: the line that first stood for it,
   * else, when this run stored it (its line forgotten), its log position; null when neither.
   */
  earlier(twin: StoredEvent): Earlier {
    const line = this.#lineOf(keyOf(twin.id));
    if (line !== undefined) return { line };
    return twin.metadata.ingestRunId === this.#runId ? { position: twin.position } : null;
  }

  #lineOf(key: number): number | undefined {
    return this.#young?.get(key) ?? this.#old?.get(key);
  }
}

/** Lines by key in open addressing over typed arrays; key 0 marks an empty slot. */
class Generation {
  readonly #keys: Float64Array;
  readonly #lines: Float64Array;
  readonly #mask: number;
  size = 0;

  constructor(entries: number) {
    // Under 40% full: a probe rarely goes past a slot or two.
    let slots = 16;
    while (slots < entries * 2.5) slots *= 2;
    this.#keys = new Float64Array(slots);
    this.#lines = new Float64Array(slots);
    this.#mask = slots - 1;
  }

  get(key: number): number | undefined {
    for (let i = key & this.#mask; ; i = (i + 1) & this.#mask) {
      const at = this.#keys[i]!;
      if (at === key) return this.#lines[i];
      if (at === 0) return undefined;
    }
  }

  set(key: number, line: number): void {
    let i = key & this.#mask;
    while (this.#keys[i] !== 0) i = (i + 1) & this.#mask;
    this.#keys[i] = key;
    this.#lines[i] = line;
    this.size++;
  }

  cleared(): Generation {
    this.#keys.fill(0);
    this.size = 0;
    return this;
  }
}

/**
 * An event id as a number, never 0: 52 bits of the hash ingest derives it from (deterministicId's
 * UUID shape), or of the id's text for another shape. Two ids meet by chance about once in 10^6
 * runs of 100,000.
 */
function keyOf(id: string): number {
  const hex =
    id.length === 36 && id[8] === '-' && id[13] === '-'
      ? Number.parseInt(`${id.slice(0, 8)}${id.slice(9, 13)}${id[15]}`, 16)
      : Number.NaN;
  return (Number.isNaN(hex) ? textHash(id) : hex) || 1;
}

/** FNV-1a over the text, folded to 52 bits. */
function textHash(text: string): number {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    low = Math.imul(low ^ c, 0x01000193) >>> 0;
    high = Math.imul(high ^ (c + i), 0x01000193) >>> 0;
  }
  return (high & 0xfffff) * 0x100000000 + low;
}
