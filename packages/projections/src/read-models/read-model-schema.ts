import type { Database } from 'better-sqlite3';

// The read models live in the event file beside `events`, every table prefixed `rm_`. Records are
// stored as the JSON of the in-memory records (knowledge-state.ts), keyed so that one mission's
// query reads only that mission's claims: rm_claim_missions is clustered by mission id.

const TABLES = `
CREATE TABLE IF NOT EXISTS rm_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS rm_missions (
  id     TEXT PRIMARY KEY,
  search TEXT NOT NULL,
  body   TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_actors (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_sources (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_reports (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT, WITHOUT ROWID;
-- Keyed by the position of the claim's ClaimRecorded: a rebuild appends at the end of the table
-- instead of scattering large rows over a B-tree ordered by id (ids get a small index of their own).
CREATE TABLE IF NOT EXISTS rm_claims (
  position INTEGER PRIMARY KEY,
  id       TEXT NOT NULL UNIQUE,
  body     TEXT NOT NULL
) STRICT;
-- Every mission a claim was ever filed under, and every claim it ever answered: the query keys,
-- clustered so one mission's claims are one range.
CREATE TABLE IF NOT EXISTS rm_claim_missions (
  mission_id TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (mission_id, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rm_claim_responses (
  target_id TEXT NOT NULL,
  position  INTEGER NOT NULL,
  PRIMARY KEY (target_id, position)
) STRICT, WITHOUT ROWID;
`;

export const READ_MODEL_TABLES = [
  'rm_meta',
  'rm_missions',
  'rm_actors',
  'rm_sources',
  'rm_reports',
  'rm_claims',
  'rm_claim_missions',
  'rm_claim_responses',
] as const;

/** Bump when the table layout changes: tables of another layout are dropped and rebuilt from the log. */
export const READ_MODEL_SCHEMA = 1;

/** Creates the read-model tables when missing; replaces them (empty) when they have another layout. */
export function createReadModelTables(db: Database): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    const schema = db.prepare("SELECT value FROM rm_meta WHERE key = 'schema'").pluck().get() as
      | string
      | undefined;
    if (schema !== undefined && schema !== String(READ_MODEL_SCHEMA)) dropTables(db);
    db.exec(TABLES);
    db.prepare("INSERT OR REPLACE INTO rm_meta (key, value) VALUES ('schema', ?)").run(
      String(READ_MODEL_SCHEMA),
    );
  }).immediate();
}

/** Drops every read-model table (the events are untouched) and creates them empty. */
export function resetReadModelTables(db: Database): void {
  db.transaction(() => {
    dropTables(db);
    db.exec(TABLES);
    db.prepare("INSERT OR REPLACE INTO rm_meta (key, value) VALUES ('schema', ?)").run(
      String(READ_MODEL_SCHEMA),
    );
  }).immediate();
}

function dropTables(db: Database): void {
  for (const table of READ_MODEL_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
}
