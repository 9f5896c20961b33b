// The prepared statements of the SQLite read models (sqlite-read-models.ts): the checkpoint and
// version in rm_meta, the queries behind KnowledgeView, and the loads of the records a chunk touches.
import type { Database, Statement } from 'better-sqlite3';
import type { TouchedKeys } from './chunk-plan.js';
import { CLAIM_SELECT } from './claim-row.js';
import { CHECKPOINT_IN_LOG } from './log-cut.js';

// Every claim query joins the row to its ClaimRecorded in the log (claim-row.ts).
const CLAIMS = `SELECT ${CLAIM_SELECT} FROM rm_claims c JOIN events e ON e.position = c.position`;

/** The statements `SqliteReadModels` runs, prepared once per connection. */
export interface ReadModelStatements {
  meta: Statement;
  setMeta: Statement;
  dropCheckpointHash: Statement;
  setCheckpointHash: Statement;
  checkpointInLog: Statement;
  mission: Statement;
  missions: Statement;
  findMissions: Statement;
  actor: Statement;
  actors: Statement;
  source: Statement;
  sources: Statement;
  report: Statement;
  claim: Statement;
  claims: Statement;
  claimIds: Statement;
  claimsOfMission: Statement;
  respondersTo: Statement;
  respondersAsRecorded: Statement;
  respondersByCorrection: Statement;
  claimsAtPositions: Statement;
  answeredClaimIds: Statement;
  load: Record<Exclude<keyof TouchedKeys, 'claims'>, Statement>;
  loadClaims: Statement;
  claimsAt: Statement;
}

/** Prepares the read models' statements on `db`, whose read-model tables must exist. */
export function prepareReadModelStatements(db: Database): ReadModelStatements {
  const loadFrom = (table: string) =>
    db.prepare(`SELECT id, body FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`);
  return {
    meta: db.prepare('SELECT value FROM rm_meta WHERE key = ?').pluck(),
    setMeta: db.prepare(
      'INSERT INTO rm_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    // The hash of the event at the checkpoint, kept with it (log-cut.ts); none when the log has no
    // event there (a chunk applied from elsewhere, in tests).
    dropCheckpointHash: db.prepare("DELETE FROM rm_meta WHERE key = 'checkpoint_hash'"),
    setCheckpointHash: db.prepare(
      "INSERT INTO rm_meta (key, value) SELECT 'checkpoint_hash', hash FROM events WHERE position = ?",
    ),
    // One statement, so the checkpoint and its hash are read from one snapshot.
    checkpointInLog: db.prepare(CHECKPOINT_IN_LOG),
    mission: db.prepare('SELECT body FROM rm_missions WHERE id = ?'),
    missions: db.prepare('SELECT body FROM rm_missions ORDER BY id'),
    findMissions: db.prepare(
      'SELECT body, search FROM rm_missions WHERE instr(search, ?) > 0 OR instr(search, ?) > 0 ORDER BY id',
    ),
    actor: db.prepare('SELECT body FROM rm_actors WHERE id = ?'),
    actors: db.prepare('SELECT body FROM rm_actors ORDER BY id'),
    source: db.prepare('SELECT body FROM rm_sources WHERE id = ?'),
    sources: db.prepare('SELECT body FROM rm_sources ORDER BY id'),
    report: db.prepare('SELECT body FROM rm_reports WHERE id = ?'),
    claim: db.prepare(`${CLAIMS} WHERE c.id = ?`),
    claims: db.prepare(`${CLAIMS} ORDER BY c.position`),
    claimIds: db.prepare('SELECT id FROM rm_claims ORDER BY position').pluck(),
    // The claims recorded under the mission, then those a correction moved there (never the same
    // claim twice: rm_claim_missions holds no claim's recorded mission).
    claimsOfMission: db.prepare(
      `${CLAIMS} WHERE c.mission_key = @key AND c.mission_id = @mission
         UNION ALL
         SELECT ${CLAIM_SELECT} FROM rm_claim_missions m JOIN rm_claims c ON c.position = m.position
           JOIN events e ON e.position = c.position WHERE m.mission_id = @mission
         ORDER BY position`,
    ),
    // The claims recorded answering it, and those a correction said answer it (a claim can be in both).
    respondersTo: db.prepare(
      `${CLAIMS} WHERE c.position IN (
           SELECT position FROM rm_claims WHERE responds_to = @target
           UNION SELECT position FROM rm_claim_responses WHERE target_id = @target)
         ORDER BY c.position`,
    ),
    // The positions of the claims answering any of a JSON array of claim ids: as recorded, and as a
    // correction said (respondersToAny); and the claims at a JSON array of positions.
    respondersAsRecorded: db
      .prepare(
        'SELECT position FROM rm_claims WHERE responds_to IN (SELECT value FROM json_each(?)) AND responds_to IS NOT NULL',
      )
      .pluck(),
    respondersByCorrection: db
      .prepare('SELECT position FROM rm_claim_responses WHERE target_id IN (SELECT value FROM json_each(?))')
      .pluck(),
    claimsAtPositions: db.prepare(
      `${CLAIMS} WHERE c.position IN (SELECT value FROM json_each(?)) ORDER BY c.position`,
    ),
    // Every target, recorded or given by a correction: two index scans (rm_claims_by_target holds
    // only the rows that answer a claim).
    answeredClaimIds: db
      .prepare(
        'SELECT responds_to FROM rm_claims WHERE responds_to IS NOT NULL UNION ALL SELECT target_id FROM rm_claim_responses',
      )
      .pluck(),
    load: {
      missions: loadFrom('rm_missions'),
      actors: loadFrom('rm_actors'),
      sources: loadFrom('rm_sources'),
      reports: loadFrom('rm_reports'),
    },
    loadClaims: db.prepare(
      'SELECT id, position, mission_id, responds_to FROM rm_claims WHERE id IN (SELECT value FROM json_each(?))',
    ),
    claimsAt: db.prepare(
      'SELECT id, position, mission_id, responds_to FROM rm_claims WHERE position IN (SELECT value FROM json_each(?))',
    ),
  };
}
