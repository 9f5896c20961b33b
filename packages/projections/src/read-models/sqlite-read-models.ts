import type { Database, Statement } from 'better-sqlite3';
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
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { matchesSearchText, missionSearchText, searchKey } from '../knowledge/search-key.js';
import { type ClaimRow, claimBody, claimOfRow, historyText, missionKey } from './claim-row.js';
import { createReadModelTables, resetReadModelTables } from './read-model-schema.js';

/** What the read models say about themselves: how far they got and which projection built them. */
export interface ReadModelStatus {
  /** Position of the last event applied; null before any. */
  readonly checkpoint: number | null;
  /** The projection version that built the tables; null on fresh tables. */
  readonly version: number | null;
}

type Keys = { [K in 'missions' | 'actors' | 'sources' | 'reports' | 'claims']: Set<string> };

/**
 * The records an event reads or writes, so a chunk loads exactly those before folding. A claim is
 * looked up only for the events that add to its history: a ClaimRecorded is written with INSERT OR
 * IGNORE instead, so the first registration still wins without a lookup per claim.
 */
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
      return;
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
 * A claim already in the tables, as far as a chunk needs it: its position and recorded mission. The
 * fold only appends to a known claim's history and indexes, so its values are never loaded.
 */
function storedClaim(id: string, position: number, missionId: string): ClaimRecord {
  return {
    id,
    reportId: '',
    values: { missionId } as ClaimValues,
    recorded: { position } as Stamp,
    history: [],
  };
}

const CLAIM_COLUMNS = 'position, id, mission_id, quote, notes, body, history';
const C_CLAIM_COLUMNS = 'c.position, c.id, c.mission_id, c.quote, c.notes, c.body, c.history';

/**
 * The knowledge read models in SQLite. Each chunk is applied in one transaction: the records its
 * events touch are loaded into a small state, folded with the same `knowledgeProjection.evolve` as
 * the in-memory path, and written back with the checkpoint. New claims are inserted once; known
 * ones only get history appended (claim-row.ts). A crash leaves the previous chunk's checkpoint and
 * tables together, so a restart neither skips nor reprocesses an event.
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
    load: Record<Exclude<keyof Keys, 'claims'>, Statement>;
    loadClaims: Statement;
    putMission: Statement;
    putActor: Statement;
    putSource: Statement;
    putReport: Statement;
    putClaim: Statement;
    appendHistory: Statement;
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
      claim: db.prepare(`SELECT ${CLAIM_COLUMNS} FROM rm_claims WHERE id = ?`),
      claims: db.prepare(`SELECT ${CLAIM_COLUMNS} FROM rm_claims ORDER BY position`),
      // The claims recorded under the mission, then those a correction moved there (never the same
      // claim twice: rm_claim_missions holds no claim's recorded mission).
      claimsOfMission: db.prepare(
        `SELECT ${CLAIM_COLUMNS} FROM rm_claims WHERE mission_key = @key AND mission_id = @mission
         UNION ALL
         SELECT ${C_CLAIM_COLUMNS}
           FROM rm_claim_missions m JOIN rm_claims c ON c.position = m.position WHERE m.mission_id = @mission
         ORDER BY position`,
      ),
      respondersTo: db.prepare(
        `SELECT ${C_CLAIM_COLUMNS} FROM rm_claim_responses r JOIN rm_claims c ON c.position = r.position WHERE r.target_id = ? ORDER BY r.position`,
      ),
      load: {
        missions: loadFrom('rm_missions'),
        actors: loadFrom('rm_actors'),
        sources: loadFrom('rm_sources'),
        reports: loadFrom('rm_reports'),
      },
      loadClaims: db.prepare(
        'SELECT id, position, mission_id FROM rm_claims WHERE id IN (SELECT value FROM json_each(?))',
      ),
      putMission: db.prepare('INSERT OR REPLACE INTO rm_missions (id, search, body) VALUES (?, ?, ?)'),
      putActor: db.prepare('INSERT OR REPLACE INTO rm_actors (id, body) VALUES (?, ?)'),
      putSource: db.prepare('INSERT OR REPLACE INTO rm_sources (id, body) VALUES (?, ?)'),
      putReport: db.prepare('INSERT OR REPLACE INTO rm_reports (id, body) VALUES (?, ?)'),
      // Ignored when the id is already stored: a later duplicate registration changes nothing.
      putClaim: db.prepare(
        'INSERT OR IGNORE INTO rm_claims (position, id, mission_key, mission_id, quote, notes, body, history) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      appendHistory: db.prepare(
        "UPDATE rm_claims SET history = CASE history WHEN '' THEN @entries ELSE history || ',' || @entries END WHERE position = @position",
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
    const load = <T>(kind: Exclude<keyof Keys, 'claims'>, into: Map<string, T>) => {
      if (keys[kind].size === 0) return;
      const rows = this.#s.load[kind].all(JSON.stringify([...keys[kind]])) as { id: string; body: string }[];
      for (const row of rows) into.set(row.id, JSON.parse(row.body) as T);
    };
    load('missions', state.missions);
    load('actors', state.actors);
    load('sources', state.sources);
    load('reports', state.reports);
    const stored = new Set<ClaimRecord>();
    if (keys.claims.size > 0) {
      const rows = this.#s.loadClaims.all(JSON.stringify([...keys.claims])) as {
        id: string;
        position: number;
        mission_id: string;
      }[];
      for (const row of rows) {
        const claim = storedClaim(row.id, row.position, row.mission_id);
        stored.add(claim);
        state.claims.set(row.id, claim);
      }
    }
    for (const e of events) state = knowledgeProjection.evolve(state, e);

    const s = this.#s;
    for (const m of state.missions.values()) s.putMission.run(m.id, missionSearchText(m), JSON.stringify(m));
    for (const a of state.actors.values()) s.putActor.run(a.id, JSON.stringify(a));
    for (const src of state.sources.values()) s.putSource.run(src.id, JSON.stringify(src));
    for (const r of state.reports.values()) s.putReport.run(r.id, JSON.stringify(r));
    // The claims whose rows this chunk wrote or appended to; a duplicate registration is not one.
    const written = new Map<string, ClaimRecord>();
    for (const c of state.claims.values()) {
      const position = c.recorded.position;
      if (stored.has(c)) {
        if (c.history.length > 0) s.appendHistory.run({ entries: historyText(c.history), position });
        written.set(c.id, c);
      } else if (
        s.putClaim.run(
          position,
          c.id,
          missionKey(c.values.missionId),
          c.values.missionId,
          c.values.quote,
          c.values.notes,
          claimBody(c),
          historyText(c.history),
        ).changes > 0
      ) {
        written.set(c.id, c);
      }
    }
    // The index maps of this small state hold exactly the entries added by this chunk's events,
    // each about a claim the state holds (evolve only indexes claims it has).
    for (const [missionId, ids] of state.claimsByMission) {
      for (const id of ids) {
        const claim = written.get(id);
        if (claim !== undefined && claim.values.missionId !== missionId) {
          s.putClaimMission.run(missionId, claim.recorded.position);
        }
      }
    }
    for (const [targetId, ids] of state.respondersByClaim) {
      for (const id of ids) {
        const claim = written.get(id);
        if (claim !== undefined) s.putResponse.run(targetId, claim.recorded.position);
      }
    }
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
    return (
      this.#s.claimsOfMission.all({ key: missionKey(missionId), mission: missionId }) as ClaimRow[]
    ).map(claimOfRow);
  }
  getClaim(id: string): ClaimRecord | undefined {
    const row = this.#s.claim.get(id) as ClaimRow | undefined;
    return row === undefined ? undefined : claimOfRow(row);
  }
  respondersTo(claimId: string): ClaimRecord[] {
    return (this.#s.respondersTo.all(claimId) as ClaimRow[]).map(claimOfRow);
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
    return (this.#s.claims.all() as ClaimRow[]).map(claimOfRow);
  }
}

/** Opens (creating when missing) the read models in a database, usually the event store's own file. */
export function openReadModels(db: Database): SqliteReadModels {
  return new SqliteReadModels(db);
}
