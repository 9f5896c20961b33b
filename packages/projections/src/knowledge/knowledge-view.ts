import type {
  ActorRecord,
  ClaimRecord,
  KnowledgeState,
  MissionRecord,
  ReportRecord,
  SourceRecord,
} from './knowledge-state.js';
import { matchesSearchText, missionSearchText } from './search-key.js';

/**
 * What queries read. Implemented by the in-memory state and by the SQLite read models, so every
 * query runs on either. Lists come back in a stable order: missions by id, claims by the position
 * their ClaimRecorded was stored at.
 */
export interface KnowledgeView {
  getMission(id: string): MissionRecord | undefined;
  listMissions(): readonly MissionRecord[];
  /** Missions whose id, name, city, country or an alias contains the text, ignoring case and accents. */
  findMissions(text: string): readonly MissionRecord[];
  /** Every claim ever filed under the mission (also before a correction moved it), by position. */
  claimsOfMission(missionId: string): readonly ClaimRecord[];
  getClaim(id: string): ClaimRecord | undefined;
  /** Claims that ever named this claim in `respondsTo`, by position. */
  respondersTo(claimId: string): readonly ClaimRecord[];
  /**
   * Claims that ever named any of these claims in `respondsTo`, each once, by position: respondersTo
   * of a whole mission's claims in one look-up (kb status asks it of every mission). `known` are
   * claims the caller has read already from this view (a mission's own, which most answers are):
   * those among the answers are given back as they are, not read again.
   */
  respondersToAny(claimIds: readonly string[], known?: readonly ClaimRecord[]): readonly ClaimRecord[];
  /**
   * Every claim id some claim ever named in `respondsTo` (as recorded, or as a correction gave it),
   * read in one pass: respondersToAny of an id not in it is empty. For a question that asks
   * respondersToAny of every mission (many-missions.ts); it may hold ids no claim answers any more.
   */
  answeredClaimIds(): ReadonlySet<string>;
  getReport(id: string): ReportRecord | undefined;
  getSource(id: string): SourceRecord | undefined;
  getActor(id: string): ActorRecord | undefined;
  /** Every actor registered in the store (the built-in ones once ingest has registered them), by id. */
  listActors(): readonly ActorRecord[];
  listSources(): readonly SourceRecord[];
  listClaims(): readonly ClaimRecord[];
  /**
   * Every claim id, by position, read as iterated (so a knowledge base of a million claims is not
   * held at once, for suggesting the id a user meant). Read it to the end: the SQLite view holds a
   * statement open meanwhile.
   */
  listClaimIds(): Iterable<string>;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byPosition = (a: ClaimRecord, b: ClaimRecord) => a.recorded.position - b.recorded.position;

/** A view over an in-memory knowledge state (what `loadKnowledge` and the fold produce). */
export function knowledgeView(state: KnowledgeState): KnowledgeView {
  const claimsOf = (ids: Set<string> | undefined): ClaimRecord[] => {
    if (ids === undefined) return [];
    const out: ClaimRecord[] = [];
    for (const id of ids) {
      const claim = state.claims.get(id);
      if (claim !== undefined) out.push(claim);
    }
    return out.sort(byPosition);
  };
  return {
    getMission: (id) => state.missions.get(id),
    listMissions: () => [...state.missions.values()].sort(byId),
    findMissions: (text) =>
      [...state.missions.values()].filter((m) => matchesSearchText(missionSearchText(m), text)).sort(byId),
    claimsOfMission: (missionId) => claimsOf(state.claimsByMission.get(missionId)),
    getClaim: (id) => state.claims.get(id),
    respondersTo: (claimId) => claimsOf(state.respondersByClaim.get(claimId)),
    respondersToAny: (claimIds) => {
      const ids = new Set<string>();
      for (const claimId of claimIds)
        for (const id of state.respondersByClaim.get(claimId) ?? []) ids.add(id);
      return claimsOf(ids);
    },
    answeredClaimIds: () => new Set(state.respondersByClaim.keys()),
    getReport: (id) => state.reports.get(id),
    getSource: (id) => state.sources.get(id),
    getActor: (id) => state.actors.get(id),
    listActors: () => [...state.actors.values()].sort(byId),
    listSources: () => [...state.sources.values()].sort(byId),
    listClaims: () => [...state.claims.values()].sort(byPosition),
    listClaimIds: () => [...state.claims.values()].sort(byPosition).map((c) => c.id),
  };
}
