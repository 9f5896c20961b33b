import type { StoredEvent } from '@kb/store';
import type { PreparedRecord } from '../prepare/prepared-record.js';

/** Where a stored event a line clashes with was met earlier in this input; null when it was not. */
export type Earlier = { readonly line: number } | { readonly position: number } | null;

/**
 * Records each of the two generations of a table holds: a table remembers the last 50,000 to
 * 100,000 of its kind.
 */
const PER_GENERATION = 50_000;

/**
 * The line of this input that first stood for each claim and each correction that the run stored or
 * found already stored: a later line giving its event other content is refused naming that line,
 * whether the two lines shared a batch or not, so the message does not depend on the batch size.
 *
 * Two kinds of record meet so. One keyed by an id the writer chose (a claim's `id`, a correction's
 * own `id`) meets a later line giving that id other content. One keyed by its content meets one too,
 * as its key leaves something out: a claim without an id derives its id from most of its content,
 * not its notes or credibility (docs/claim-records.md, "Claim ids"); a correction without an id
 * counts a credibility left out as 6 (event-keys.ts). Each kind has a table of its own, so a long
 * run of claims without ids never pushes out the lines of claims with one. Other records (raw events
 * that are neither) are keyed by their whole content: other content is another event.
 *
 * A table is two generations of fixed typed arrays (4 MiB in all: 131,072 slots of two 8-byte
 * numbers each), made when its first record comes; when the young one is full the old one is
 * dropped. A Map of 100,000 of them grew the ingest bench's peak by 25 MB, its keys and the garbage
 * its churn left.
 */
export class FirstLines {
  readonly #runId: string;
  readonly #keyed: LineTable;
  readonly #byContent: LineTable;

  constructor(runId: string, perGeneration = PER_GENERATION) {
    this.#runId = runId;
    this.#keyed = new LineTable(perGeneration);
    this.#byContent = new LineTable(perGeneration);
  }

  /** A committed batch stored these records, or found them stored. */
  taken(records: readonly PreparedRecord[]): void {
    for (const record of records) {
      const table = this.#tableOf(record);
      if (table === null) continue;
      for (const { event } of record.own) {
        const key = keyOf(event.id);
        if (this.#lineOf(key) === undefined) table.set(key, record.line);
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

  #tableOf(record: PreparedRecord): LineTable | null {
    if (record.claim !== null) return record.claim.derived === true ? this.#byContent : this.#keyed;
    if (record.correction === undefined) return null;
    return record.correction.id === null ? this.#byContent : this.#keyed;
  }

  #lineOf(key: number): number | undefined {
    return this.#keyed.get(key) ?? this.#byContent.get(key);
  }
}

/** Lines by key, the last `perGeneration` to twice as many set. */
class LineTable {
  readonly #perGeneration: number;
  #young: Generation | null = null;
  #old: Generation | null = null;

  constructor(perGeneration: number) {
    this.#perGeneration = perGeneration;
  }

  get(key: number): number | undefined {
    return this.#young?.get(key) ?? this.#old?.get(key);
  }

  set(key: number, line: number): void {
    this.#young ??= new Generation(this.#perGeneration);
    this.#young.set(key, line);
    if (this.#young.size >= this.#perGeneration) {
      const dropped = this.#old;
      this.#old = this.#young;
      this.#young = dropped?.cleared() ?? null;
    }
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
