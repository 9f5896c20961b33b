import type { ChunkPlan, StoredClaim } from './chunk-plan.js';

/**
 * The claims a rebuild has written so far, kept in memory so its chunks never look a claim up in
 * rm_claims, whose indexes are built once at the end (SqliteReadModels.rebuildChunk). Each is held
 * as the position and mission the fold needs, about 150 bytes a claim; the runner stops keeping
 * them past a limit (RunnerOptions.rebuildClaimsInMemory) and goes on through the indexed tables.
 */
export class RebuildClaims {
  readonly #claims = new Map<string, StoredClaim>();

  get size(): number {
    return this.#claims.size;
  }

  /** Those of `ids` this rebuild has written. */
  stored(ids: ReadonlySet<string>): StoredClaim[] {
    const out: StoredClaim[] = [];
    for (const id of ids) {
      const claim = this.#claims.get(id);
      if (claim !== undefined) out.push(claim);
    }
    return out;
  }

  /** Keeps the claims a committed chunk recorded. */
  absorb(plan: ChunkPlan): void {
    for (const c of plan.state.claims.values()) {
      if (!plan.known.has(c)) {
        this.#claims.set(c.id, { id: c.id, position: c.recorded.position, missionId: c.values.missionId });
      }
    }
  }
}
