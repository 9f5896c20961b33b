import type { ChunkPlan } from './chunk-plan.js';

/**
 * The claims a rebuild has written so far, by id, kept in memory so its ranges never look a claim id
 * up in rm_claims, whose indexes are built once at the end. Each is held as its row's position (a
 * claim the fold needs is then read by position, the table's key), under 100 bytes a claim; the
 * runner stops keeping them past a limit (RunnerOptions.rebuildClaimsInMemory) and goes on through
 * the indexed tables.
 */
export class RebuildClaims {
  readonly #positions = new Map<string, number>();

  get size(): number {
    return this.#positions.size;
  }

  /** Keeps a claim written at `position`; false, keeping nothing, when the id was written before. */
  add(id: string, position: number): boolean {
    if (this.#positions.has(id)) return false;
    this.#positions.set(id, position);
    return true;
  }

  /** The positions of those of `ids` this rebuild has written. */
  positions(ids: ReadonlySet<string>): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const position = this.#positions.get(id);
      if (position !== undefined) out.push(position);
    }
    return out;
  }

  /** Keeps the claims a committed range's fold recorded. */
  absorb(plan: ChunkPlan): void {
    for (const c of plan.state.claims.values()) {
      if (!plan.known.has(c)) this.#positions.set(c.id, c.recorded.position);
    }
  }
}
