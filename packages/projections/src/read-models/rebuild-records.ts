import type { ActorRecord, MissionRecord, ReportRecord, SourceRecord } from '../knowledge/knowledge-state.js';
import type { ChunkPlan, StoredClaim, StoredRecords, TouchedKeys } from './chunk-plan.js';

/**
 * What a rebuild has written so far, kept in memory so its chunks never read the tables back: the
 * registry records and reports whole (a later event rewrites them whole), the claims as the
 * position and mission the fold needs. With every claim id here, rm_claims needs no index while the
 * rebuild runs (SqliteReadModels.rebuildChunk). A few tens of bytes per claim: 12 MB for 100k.
 */
export class RebuildRecords {
  readonly #missions = new Map<string, MissionRecord>();
  readonly #actors = new Map<string, ActorRecord>();
  readonly #sources = new Map<string, SourceRecord>();
  readonly #reports = new Map<string, ReportRecord>();
  readonly #claims = new Map<string, StoredClaim>();

  /** The touched records stored so far, as `planChunk` takes them. */
  stored(keys: TouchedKeys): StoredRecords {
    return {
      missions: pick(this.#missions, keys.missions),
      actors: pick(this.#actors, keys.actors),
      sources: pick(this.#sources, keys.sources),
      reports: pick(this.#reports, keys.reports),
      claims: pick(this.#claims, keys.claims),
    };
  }

  /** Keeps what a planned chunk wrote, as the tables would after it. */
  absorb(plan: ChunkPlan): void {
    const { state, known } = plan;
    for (const m of state.missions.values()) this.#missions.set(m.id, m);
    for (const a of state.actors.values()) this.#actors.set(a.id, a);
    for (const s of state.sources.values()) this.#sources.set(s.id, s);
    for (const r of state.reports.values()) this.#reports.set(r.id, r);
    for (const c of state.claims.values()) {
      if (!known.has(c)) {
        this.#claims.set(c.id, { id: c.id, position: c.recorded.position, missionId: c.values.missionId });
      }
    }
  }
}

function pick<T>(map: ReadonlyMap<string, T>, keys: ReadonlySet<string>): T[] {
  const out: T[] = [];
  for (const key of keys) {
    const value = map.get(key);
    if (value !== undefined) out.push(value);
  }
  return out;
}
