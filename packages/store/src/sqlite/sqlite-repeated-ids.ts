// Verify's check that no id is stored twice in the log. Appends skip an id already stored, but they
// find it through the id index: with an index row removed (and put back later), a retry stored the
// event again. The walk keeps each event's id key (48 bits, sqlite-id-key.ts) in a typed array, 8
// bytes an event, sorts a copy once the walk ends, and compares the full ids only for repeated keys.
import type { Database } from 'better-sqlite3';

/** Keys kept before the array first grows: enough for most logs, small for a head that lies. */
const INITIAL = 1 << 16;
const MOST_AT_FIRST = 1 << 22;

/** The id keys of the events walked, in log order. */
export class WalkedIdKeys {
  #keys: Float64Array;
  #length = 0;

  /** `expected`: the head's count, a hint (it may have been altered). */
  constructor(expected: number) {
    this.#keys = new Float64Array(Math.min(Math.max(INITIAL, expected + 1), MOST_AT_FIRST));
  }

  push(key: unknown): void {
    if (this.#length === this.#keys.length) {
      const grown = new Float64Array(this.#keys.length * 2);
      grown.set(this.#keys);
      this.#keys = grown;
    }
    // A key that is not a number (a damaged row) never equals another.
    this.#keys[this.#length++] = typeof key === 'number' ? key : Number.NaN;
  }

  /**
   * The indexes, among the first `n` keys, of those that another of them repeats, in order.
   * Sorting the copy takes about 0.1 s for a million keys.
   */
  repeated(n: number): number[] {
    const count = Math.min(n, this.#length);
    const sorted = this.#keys.slice(0, count).sort();
    const repeated = new Set<number>();
    for (let i = 1; i < count; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]!);
    if (repeated.size === 0) return [];
    const found: number[] = [];
    for (let i = 0; i < count; i++) if (repeated.has(this.#keys[i]!)) found.push(i);
    return found;
  }
}

/** An event whose id an earlier event holds. */
export interface RepeatedId {
  readonly position: number;
  readonly id: string;
  /** The position of the earlier event with that id. */
  readonly earlier: number;
}

/** Among the events at `positions` (whose keys repeat), the first whose full id an earlier one holds. */
export function firstRepeatedId(db: Database, positions: readonly number[]): RepeatedId | null {
  if (positions.length === 0) return null;
  const rows = db
    .prepare(
      'SELECT position, id FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY position',
    )
    .raw(true)
    .all(JSON.stringify(positions)) as [number, unknown][];
  const seen = new Map<string, number>();
  for (const [position, id] of rows) {
    if (typeof id !== 'string') continue;
    const earlier = seen.get(id);
    if (earlier !== undefined) return { position, id, earlier };
    seen.set(id, position);
  }
  return null;
}
