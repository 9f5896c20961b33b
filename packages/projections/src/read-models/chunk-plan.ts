import type { RecordedEvent } from '../events/recorded-event.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import type {
  ActorRecord,
  ClaimRecord,
  ClaimValues,
  KnowledgeState,
  MissionRecord,
  ReportRecord,
  SourceRecord,
  Stamp,
} from '../knowledge/knowledge-state.js';
import { missionSearchText } from '../knowledge/search-key.js';
import { historyText, missionKey } from './claim-row.js';

// Applying a chunk of events to the read models is split in two: planning (this file) folds the
// chunk with `knowledgeProjection.evolve` over the records it touches and lists the rows to write,
// as plain arrays; writing (read-model-writer.ts) runs them. The plan needs no database, so the same
// code serves the catch-up, which loads the touched records from the tables, and the rebuild, which
// keeps the claims it wrote in memory instead (rebuild-claims.ts).

/** The ids of the records a chunk reads or writes, by kind. */
export type TouchedKeys = { [K in 'missions' | 'actors' | 'sources' | 'reports' | 'claims']: Set<string> };

/**
 * What a chunk's fold starts from: those of its touched records that are already stored. A stored
 * claim is known by its position and recorded mission only: the fold never reads a known claim's
 * values, it only appends to its history and indexes.
 */
export interface StoredRecords {
  readonly missions: Iterable<MissionRecord>;
  readonly actors: Iterable<ActorRecord>;
  readonly sources: Iterable<SourceRecord>;
  readonly reports: Iterable<ReportRecord>;
  readonly claims: Iterable<StoredClaim>;
}

export interface StoredClaim {
  readonly id: string;
  readonly position: number;
  readonly missionId: string;
  readonly respondsTo: string | null;
}

/** The rows one chunk writes, each list in the column order of its statement (read-model-writer.ts). */
export interface ChunkWrites {
  readonly missions: [id: string, search: string, body: string][];
  readonly actors: [id: string, body: string][];
  readonly sources: [id: string, body: string][];
  readonly reports: [id: string, body: string][];
  /** Claims first recorded in this chunk: every column of their rm_claims row (claim-row.ts). */
  readonly claims: [
    position: number,
    id: string,
    missionKey: number,
    missionId: string,
    history: string,
    respondsTo: string | null,
  ][];
  /** History this chunk adds to claims stored before it. */
  readonly histories: [position: number, entries: string][];
  /** Missions other than the recorded one that a claim was filed under. */
  readonly claimMissions: [missionId: string, position: number][];
  /** Claims other than the recorded target that a claim was said to answer. */
  readonly responses: [targetId: string, position: number][];
}

/** A chunk's rows, and the state its fold ended in (the records it touched, as they now are). */
export interface ChunkPlan {
  readonly writes: ChunkWrites;
  readonly state: KnowledgeState;
  /** The claims in `state` that were stored before the chunk. */
  readonly known: ReadonlySet<ClaimRecord>;
}

/**
 * The records each event reads or writes, so a chunk loads exactly those before folding. A
 * ClaimRecorded's own id is among them: a second registration of a stored claim must find it and
 * change nothing, as in the in-memory fold the first registration wins.
 */
export function touchedKeys(events: readonly RecordedEvent[]): TouchedKeys {
  const keys: TouchedKeys = {
    missions: new Set(),
    actors: new Set(),
    sources: new Set(),
    reports: new Set(),
    claims: new Set(),
  };
  for (const { event } of events) {
    switch (event.type) {
      case 'MissionRegistered':
        keys.missions.add(event.data.missionId);
        break;
      case 'ActorRegistered':
        keys.actors.add(event.data.actorId);
        break;
      case 'AliasAdded':
        (event.data.subject === 'mission'
          ? keys.missions
          : event.data.subject === 'actor'
            ? keys.actors
            : keys.sources
        ).add(event.data.id);
        break;
      case 'SourceRegistered':
      case 'SourceGraded':
        keys.sources.add(event.data.sourceId);
        break;
      case 'ReportCaptured':
      case 'ReportRevised':
        keys.reports.add(event.data.reportId);
        break;
      case 'ClaimRecorded':
      case 'ClaimRetracted':
      case 'ClaimCorrected':
      case 'ClaimAssessed':
        keys.claims.add(event.data.claimId);
        break;
      default: {
        const never: never = event;
        throw new Error(`read models: unhandled event ${(never as { type: string }).type}`);
      }
    }
  }
  return keys;
}

/** A stored claim as the fold sees it: enough to append history and index entries to. */
function knownClaim(claim: StoredClaim): ClaimRecord {
  return {
    id: claim.id,
    reportId: '',
    values: { missionId: claim.missionId, respondsTo: claim.respondsTo } as ClaimValues,
    recorded: { position: claim.position } as Stamp,
    history: [],
  };
}

/**
 * Folds a chunk over the stored records it touches and lists the rows to write. Registry records
 * and reports the chunk touched are written whole; a new claim gets its row; a known claim only the
 * history the chunk added. The index maps of this small state hold exactly the entries the chunk's
 * events added, each about a claim the state holds (evolve only indexes claims it has).
 */
export function planChunk(events: readonly RecordedEvent[], stored: StoredRecords): ChunkPlan {
  let state = knowledgeProjection.initial();
  for (const m of stored.missions) state.missions.set(m.id, m);
  for (const a of stored.actors) state.actors.set(a.id, a);
  for (const s of stored.sources) state.sources.set(s.id, s);
  for (const r of stored.reports) state.reports.set(r.id, r);
  // A stored claim joins the state once the fold reaches its position. In a catch-up every stored
  // claim precedes the chunk; a rebuild's range (log-range-rebuild.ts) stores its own claims before
  // folding the range's other events, and an event ahead of its claim must still find it unknown.
  const known = new Set<ClaimRecord>();
  const pending: ClaimRecord[] = [];
  for (const c of stored.claims) {
    const claim = knownClaim(c);
    known.add(claim);
    pending.push(claim);
  }
  pending.sort((a, b) => a.recorded.position - b.recorded.position);
  let next = 0;
  const admitBefore = (position: number) => {
    for (; next < pending.length; next++) {
      const claim = pending[next] as ClaimRecord;
      if (claim.recorded.position >= position) return;
      // First registration wins, as in evolve.
      if (!state.claims.has(claim.id)) state.claims.set(claim.id, claim);
    }
  };
  for (const e of events) {
    admitBefore(e.envelope.position);
    state = knowledgeProjection.evolve(state, e);
  }
  admitBefore(Number.POSITIVE_INFINITY);

  const writes: ChunkWrites = {
    missions: [],
    actors: [],
    sources: [],
    reports: [],
    claims: [],
    histories: [],
    claimMissions: [],
    responses: [],
  };
  for (const m of state.missions.values())
    writes.missions.push([m.id, missionSearchText(m), JSON.stringify(m)]);
  for (const a of state.actors.values()) writes.actors.push([a.id, JSON.stringify(a)]);
  for (const s of state.sources.values()) writes.sources.push([s.id, JSON.stringify(s)]);
  for (const r of state.reports.values()) writes.reports.push([r.id, JSON.stringify(r)]);
  for (const c of state.claims.values()) {
    const position = c.recorded.position;
    if (known.has(c)) {
      if (c.history.length > 0) writes.histories.push([position, historyText(c.history)]);
    } else {
      const { missionId, respondsTo } = c.values;
      writes.claims.push([
        position,
        c.id,
        missionKey(missionId),
        missionId,
        historyText(c.history),
        respondsTo,
      ]);
    }
  }
  for (const [missionId, ids] of state.claimsByMission) {
    for (const id of ids) {
      const claim = state.claims.get(id);
      if (claim !== undefined && claim.values.missionId !== missionId) {
        writes.claimMissions.push([missionId, claim.recorded.position]);
      }
    }
  }
  for (const [targetId, ids] of state.respondersByClaim) {
    for (const id of ids) {
      const claim = state.claims.get(id);
      if (claim !== undefined && claim.values.respondsTo !== targetId) {
        writes.responses.push([targetId, claim.recorded.position]);
      }
    }
  }
  return { writes, state, known };
}
