import type { Database, Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../events/recorded-event.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import type {
  ActorRecord,
  ClaimRecord,
  KnowledgeState,
  MissionRecord,
  ReportRecord,
  SourceRecord,
} from '../knowledge/knowledge-state.js';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { matchesSearchText, missionSearchText, searchKey } from '../knowledge/search-key.js';
import { createReadModelTables, resetReadModelTables } from './read-model-schema.js';

/** What the read models say about themselves: how far they got and which projection built them. */
export interface ReadModelStatus {
  /** Position of the last event applied; null before any. */
  readonly checkpoint: number | null;
  /** The projection version that built the tables; null on fresh tables. */
  readonly version: number | null;
}

type Keys = { [K in 'missions' | 'actors' | 'sources' | 'reports' | 'claims']: Set<string> };

/** The records an event reads or writes, so a chunk loads exactly those before folding. */
function touched(recorded: RecordedEvent, keys: Keys): void {
  const { event } = recorded;
  switch (event.type) {
    case 'MissionRegistered':
      keys.missions.add(event.data.missionId);
      return;
    case 'ActorRegistered':
      keys.actors.add(event.data.actorId);
      return;
    case 'AliasAdded':
      (event.data.subject === 'mission'
        ? keys.missions
        : event.data.subject === 'actor'
          ? keys.actors
          : keys.sources
      ).add(event.data.id);
      return;
    case 'SourceRegistered':
    case 'SourceGraded':
      keys.sources.add(event.data.sourceId);
      return;
    case 'ReportCaptured':
    case 'ReportRevised':
      keys.reports.add(event.data.reportId);
      return;
    case 'ClaimRecorded':
    case 'ClaimRetracted':
    case 'ClaimCorrected':
    case 'ClaimAssessed':
      keys.claims.add(event.data.claimId);
      return;
    default: {
      const never: never = event;
      throw new Error(`read models: unhandled event ${(never as { type: string }).type}`);
    }
  }
}

const parse = <T>(row: { body: string } | undefined): T | undefined =>
  row === undefined ? undefined : (JSON.parse(row.body) as T);

/**
 * The knowledge read models in SQLite. Each chunk is applied in one transaction: the records its
 * events touch are loaded into a small state, folded with the same `knowledgeProjection.evolve` as
 * the in-memory path, and written back with the checkpoint. A crash leaves the previous chunk's
 * checkpoint and tables together, so a restart neither skips nor reprocesses an event.
 */
export class SqliteReadModels implements KnowledgeView {
  readonly db: Database;
  readonly #s: {
    meta: Statement;
    setMeta: Statement;
    mission: Statement;
    missions: Statement;
    findMissions: Statement;
    actor: Statement;
    source: Statement;
    sources: Statement;
    report: Statement;
    claim: Statement;
    claims: Statement;
    claimsOfMission: Statement;
    respondersTo: Statement;
    load: Record<keyof Keys, Statement>;
    putMission: Statement;
    putActor: Statement;
    putSource: Statement;
    putReport: Statement;
    putClaim: Statement;
    putClaimMission: Statement;
    putResponse: Statement;
  };

  constructor(db: Database) {
    this.db = db;
    createReadModelTables(db);
    const loadFrom = (table: string) =>
      db.prepare(`SELECT id, body FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`);
    this.#s = {
      meta: db.prepare('SELECT value FROM rm_meta WHERE key = ?').pluck(),
      setMeta: db.prepare(
        'INSERT INTO rm_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      mission: db.prepare('SELECT body FROM rm_missions WHERE id = ?'),
      missions: db.prepare('SELECT body FROM rm_missions ORDER BY id'),
      findMissions: db.prepare('SELECT body, search FROM rm_missions WHERE instr(search, ?) > 0 ORDER BY id'),
      actor: db.prepare('SELECT body FROM rm_actors WHERE id = ?'),
      source: db.prepare('SELECT body FROM rm_sources WHERE id = ?'),
      sources: db.prepare('SELECT body FROM rm_sources ORDER BY id'),
      report: db.prepare('SELECT body FROM rm_reports WHERE id = ?'),
      claim: db.prepare('SELECT body FROM rm_claims WHERE id = ?'),
      claims: db.prepare('SELECT body FROM rm_claims ORDER BY position'),
      claimsOfMission: db.prepare(
        'SELECT c.body FROM rm_claim_missions m JOIN rm_claims c ON c.position = m.position WHERE m.mission_id = ? ORDER BY m.position',
      ),
      respondersTo: db.prepare(
        'SELECT c.body FROM rm_claim_responses r JOIN rm_claims c ON c.position = r.position WHERE r.target_id = ? ORDER BY r.position',
      ),
      load: {
        missions: loadFrom('rm_missions'),
        actors: loadFrom('rm_actors'),
        sources: loadFrom('rm_sources'),
        reports: loadFrom('rm_reports'),
        claims: loadFrom('rm_claims'),
      },
      putMission: db.prepare('INSERT OR REPLACE INTO rm_missions (id, search, body) VALUES (?, ?, ?)'),
      putActor: db.prepare('INSERT OR REPLACE INTO rm_actors (id, body) VALUES (?, ?)'),
      putSource: db.prepare('INSERT OR REPLACE INTO rm_sources (id, body) VALUES (?, ?)'),
      putReport: db.prepare('INSERT OR REPLACE INTO rm_reports (id, body) VALUES (?, ?)'),
      putClaim: db.prepare(
        'INSERT INTO rm_claims (position, id, body) VALUES (?, ?, ?) ON CONFLICT (position) DO UPDATE SET body = excluded.body',
      ),
      putClaimMission: db.prepare(
        'INSERT OR IGNORE INTO rm_claim_missions (mission_id, position) VALUES (?, ?)',
      ),
      putResponse: db.prepare('INSERT OR IGNORE INTO rm_claim_responses (target_id, position) VALUES (?, ?)'),
    };
  }

  /** The checkpoint and projection version stored beside the tables. */
  status(): ReadModelStatus {
    const checkpoint = this.#s.meta.get('checkpoint') as string | undefined;
    const version = this.#s.meta.get('version') as string | undefined;
    return {
      checkpoint: checkpoint === undefined ? null : Number(checkpoint),
      version: version === undefined ? null : Number(version),
    };
  }

  /** Drops the tables and starts empty, stamped with the projection version that will fill them. */
  reset(version: number = knowledgeProjection.version): void {
    resetReadModelTables(this.db);
    this.#s.setMeta.run('version', String(version));
  }

  /**
   * Applies a chunk of events and moves the checkpoint to `checkpoint`, all in one transaction.
   * Events at or before the stored checkpoint are skipped, so replaying a chunk twice is harmless.
   */
  applyChunk(events: readonly RecordedEvent[], checkpoint: number): void {
    this.db
      .transaction(() => {
        const stored = this.status();
        const after = stored.checkpoint ?? Number.NEGATIVE_INFINITY;
        const fresh = events.filter((e) => e.envelope.position > after);
        if (stored.version === null) this.#s.setMeta.run('version', String(knowledgeProjection.version));
        if (fresh.length > 0) this.#fold(fresh);
        this.#s.setMeta.run('checkpoint', String(Math.max(checkpoint, stored.checkpoint ?? checkpoint)));
      })
      .immediate();
  }

  #fold(events: readonly RecordedEvent[]): void {
    const keys: Keys = {
      missions: new Set(),
      actors: new Set(),
      sources: new Set(),
      reports: new Set(),
      claims: new Set(),
    };
    for (const e of events) touched(e, keys);
    let state: KnowledgeState = knowledgeProjection.initial();
    const load = <T>(kind: keyof Keys, into: Map<string, T>) => {
      if (keys[kind].size === 0) return;
      const rows = this.#s.load[kind].all(JSON.stringify([...keys[kind]])) as { id: string; body: string }[];
      for (const row of rows) into.set(row.id, JSON.parse(row.body) as T);
    };
    load('missions', state.missions);
    load('actors', state.actors);
    load('sources', state.sources);
    load('reports', state.reports);
    load('claims', state.claims);
    for (const e of events) state = knowledgeProjection.evolve(state, e);

    const s = this.#s;
    for (const m of state.missions.values()) s.putMission.run(m.id, missionSearchText(m), JSON.stringify(m));
    for (const a of state.actors.values()) s.putActor.run(a.id, JSON.stringify(a));
    for (const src of state.sources.values()) s.putSource.run(src.id, JSON.stringify(src));
    for (const r of state.reports.values()) s.putReport.run(r.id, JSON.stringify(r));
    for (const c of state.claims.values()) s.putClaim.run(c.recorded.position, c.id, JSON.stringify(c));
    // The index maps of this small state hold exactly the entries added by this chunk's events,
    // each about a claim the state holds (evolve only indexes claims it has).
    const index = (put: Statement, entries: Map<string, Set<string>>) => {
      for (const [key, ids] of entries) {
        for (const id of ids) {
          const claim = state.claims.get(id);
          if (claim !== undefined) put.run(key, claim.recorded.position);
        }
      }
    };
    index(s.putClaimMission, state.claimsByMission);
    index(s.putResponse, state.respondersByClaim);
  }

  getMission(id: string): MissionRecord | undefined {
    return parse<MissionRecord>(this.#s.mission.get(id) as { body: string } | undefined);
  }
  listMissions(): MissionRecord[] {
    return (this.#s.missions.all() as { body: string }[]).map((r) => JSON.parse(r.body) as MissionRecord);
  }
  findMissions(text: string): MissionRecord[] {
    const key = searchKey(text);
    if (key === '') return [];
    return (this.#s.findMissions.all(key) as { body: string; search: string }[])
      .filter((r) => matchesSearchText(r.search, text))
      .map((r) => JSON.parse(r.body) as MissionRecord);
  }
  claimsOfMission(missionId: string): ClaimRecord[] {
    return (this.#s.claimsOfMission.all(missionId) as { body: string }[]).map(
      (r) => JSON.parse(r.body) as ClaimRecord,
    );
  }
  getClaim(id: string): ClaimRecord | undefined {
    return parse<ClaimRecord>(this.#s.claim.get(id) as { body: string } | undefined);
  }
  respondersTo(claimId: string): ClaimRecord[] {
    return (this.#s.respondersTo.all(claimId) as { body: string }[]).map(
      (r) => JSON.parse(r.body) as ClaimRecord,
    );
  }
  getReport(id: string): ReportRecord | undefined {
    return parse<ReportRecord>(this.#s.report.get(id) as { body: string } | undefined);
  }
  getSource(id: string): SourceRecord | undefined {
    return parse<SourceRecord>(this.#s.source.get(id) as { body: string } | undefined);
  }
  getActor(id: string): ActorRecord | undefined {
    return parse<ActorRecord>(this.#s.actor.get(id) as { body: string } | undefined);
  }
  listSources(): SourceRecord[] {
    return (this.#s.sources.all() as { body: string }[]).map((r) => JSON.parse(r.body) as SourceRecord);
  }
  listClaims(): ClaimRecord[] {
    return (this.#s.claims.all() as { body: string }[]).map((r) => JSON.parse(r.body) as ClaimRecord);
  }
}

/** Opens (creating when missing) the read models in a database, usually the event store's own file. */
export function openReadModels(db: Database): SqliteReadModels {
  return new SqliteReadModels(db);
}
