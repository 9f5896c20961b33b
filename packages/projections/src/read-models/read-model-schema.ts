import type { Database } from 'better-sqlite3';

// The read models live in the event file beside `events`, every table prefixed `rm_`. Registry
// records and reports are stored as the JSON of the in-memory records (knowledge-state.ts), claims as
// in claim-row.ts, keyed so that one mission's query reads only that mission's claims.

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
-- A claim is a reference to its ClaimRecorded in the events table, keyed by that event's position
-- (a rebuild appends at the end of the table); queries join the two. Later events append to history
-- (see claim-row.ts). mission_id is the mission the claim was recorded under; it is indexed through
-- mission_key, a 23-bit hash of it (missionKey in claim-row.ts), so one mission's claims are one
-- index range of a small integer index. Queries match mission_id as well, so two missions sharing a
-- key never mix. responds_to is the claim it was recorded answering (null for none).
CREATE TABLE IF NOT EXISTS rm_claims (
  position    INTEGER PRIMARY KEY,
  id          TEXT NOT NULL,
  mission_key INTEGER NOT NULL,
  mission_id  TEXT NOT NULL,
  history     TEXT NOT NULL,
  responds_to TEXT
) STRICT;
-- What corrections added to a claim's recorded mission and target: the other missions a correction
-- filed it under, and the other claims a correction said it answers. The query keys, clustered so
-- each key is one range.
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

// rm_claims' indexes, apart from the tables: a rebuild builds them once at the end (a sort) instead
// of row by row, since it keeps every claim id it wrote in memory (rebuild-claims.ts). Few claims
// answer another, so the target index holds only those that do.
const CLAIM_INDEXES = `
CREATE UNIQUE INDEX IF NOT EXISTS rm_claims_by_id ON rm_claims (id);
CREATE INDEX IF NOT EXISTS rm_claims_by_mission ON rm_claims (mission_key);
CREATE INDEX IF NOT EXISTS rm_claims_by_target ON rm_claims (responds_to) WHERE responds_to IS NOT NULL;
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

/**
 * Bump when the table layout, or what a column holds, changes: tables of another layout are dropped
 * and rebuilt from the log. 5: a mission's search text holds its country too. 6: a claim's recorded
 * target is in its rm_claims row; rm_claim_responses holds only the targets corrections gave. 7: a
 * mission's search text drops the characters no reader sees inside a name (search-key.ts) instead of
 * parting words there, and a terminal's escape sequence whole (`ESC[1m`, not only its ESC; a CSI
 * with no final byte at the end of a name, `ESC[31`, to the end). 8: a joiner parts words where
 * ingest's rule (partOfName in @kb/domain) holds it part of the name, beside `ℹ` too. 9: a name
 * holding such a joiner is in a mission's search text twice, the second time with the joiner
 * dropped (joinedSearchKey), so a Persian name typed without its ZWNJ is found. 10: a name with a
 * space between two letters of Arabic, Han, Kana or Hangul script is there once more, closed up
 * (closedUpKey), so "سفارتخانه" finds a mission stored as "سفارت خانه".
 */
export const READ_MODEL_SCHEMA = 10;

/**
 * Creates the read-model tables when missing; replaces them (empty) when they have another layout.
 * Tables already in this layout are kept, and not written to, so a read-only connection can open them.
 */
export function createReadModelTables(db: Database): void {
  // A table missing (dropped by hand) is another layout too: they are all dropped and rebuilt, as
  // the others hold rows that the missing one's would have matched.
  if (
    storedSchema(db) === String(READ_MODEL_SCHEMA) &&
    (db.readonly || missingReadModelTables(db).length === 0)
  ) {
    // Idempotent; puts back anything missing without touching the data. rm_claims' indexes too,
    // unless a rebuild is unfinished: it leaves them out until its end, which the next catch-up
    // reaches its way (unfinishedRebuild).
    if (!db.readonly) db.exec(unfinishedRebuild(db) ? TABLES : TABLES + CLAIM_INDEXES);
    return;
  }
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
    const schema = storedSchema(db);
    if (schema !== String(READ_MODEL_SCHEMA) || missingReadModelTables(db).length > 0) dropTables(db);
    db.exec(TABLES + CLAIM_INDEXES);
    db.prepare("INSERT OR REPLACE INTO rm_meta (key, value) VALUES ('schema', ?)").run(
      String(READ_MODEL_SCHEMA),
    );
  }).immediate();
}

/**
 * Why stored read models cannot answer as they are: built in another table layout, or by another
 * projection, or some of their tables are missing (`missingReadModelTables` names them), or their
 * tables are all there but rm_meta holds no `schema` row, so their layout is not known ('unrecorded':
 * the row removed by hand, as every write of the tables writes it in the same transaction).
 */
export type StaleReason = 'layout' | 'projection' | 'missing' | 'unrecorded';

/**
 * The read-model tables missing from a file that holds some of them (dropped by hand); none when it
 * holds all, or none at all (a store whose read models were never built).
 */
export function missingReadModelTables(db: Database): string[] {
  const present = new Set(
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 3) = 'rm_'")
      .pluck()
      .all() as string[],
  );
  const missing = READ_MODEL_TABLES.filter((table) => !present.has(table));
  return missing.length === READ_MODEL_TABLES.length ? [] : missing;
}

/**
 * Whether the read models stored in `db` will be rebuilt from the log when next opened and caught
 * up: 'layout' when their tables have another layout (READ_MODEL_SCHEMA), 'projection' when another
 * projection version filled them, 'missing' or 'unrecorded' (StaleReason); undefined when they are
 * current or none are stored yet. Reads
 * only, so it can be asked before `openReadModels`, which drops tables of another layout.
 */
export function staleReadModels(db: Database, projectionVersion: number): StaleReason | undefined {
  const schema = storedSchema(db);
  if (schema !== undefined && schema !== String(READ_MODEL_SCHEMA)) return 'layout';
  if (missingReadModelTables(db).length > 0) return 'missing';
  // No row: none built yet (no rm_meta, so no read-model table), or the row removed from rm_meta.
  if (schema === undefined) return hasTable(db, 'rm_meta') ? 'unrecorded' : undefined;
  if (schema !== String(READ_MODEL_SCHEMA)) return 'layout';
  const version = db.prepare("SELECT value FROM rm_meta WHERE key = 'version'").pluck().get() as
    | string
    | undefined;
  return version !== undefined && version !== String(projectionVersion) ? 'projection' : undefined;
}

/**
 * The words for read models in another table layout ('layout'): "an older table layout" when a
 * former kb built them; "a newer table layout (schema 8; this kb writes 7)" when a later kb did,
 * whose rebuild here puts them back in this kb's layout, which the later kb rebuilds again; "another
 * table layout" when the recorded schema is no number.
 */
export function otherLayoutWords(db: Database): string {
  const stored = Number(storedSchema(db));
  if (Number.isInteger(stored) && stored > READ_MODEL_SCHEMA)
    return `a newer table layout (schema ${stored}; this kb writes ${READ_MODEL_SCHEMA}: a later kb built them, and rebuilds them again when it reads them next)`;
  if (Number.isInteger(stored) && stored >= 0) return 'an older table layout';
  return 'another table layout';
}

function storedSchema(db: Database): string | undefined {
  if (!hasTable(db, 'rm_meta')) return undefined;
  return db.prepare("SELECT value FROM rm_meta WHERE key = 'schema'").pluck().get() as string | undefined;
}

function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * The rm_meta row a rebuild writes as it starts and removes as it ends (with rm_claims' indexes, in
 * one transaction): while it stands, the tables hold a rebuild's first ranges, up to the checkpoint,
 * without the indexes, and the next catch-up goes on the rebuild's way rather than the ordinary one.
 */
const REBUILDING = 'rebuilding';

/**
 * Drops every read-model table (the events are untouched) and creates them empty for a rebuild:
 * without rm_claims' indexes, which `finishRebuild` builds when the rows are in, and marked as
 * being rebuilt until then.
 */
export function resetReadModelTables(db: Database): void {
  db.transaction(() => {
    dropTables(db);
    db.exec(TABLES);
    const meta = db.prepare('INSERT OR REPLACE INTO rm_meta (key, value) VALUES (?, ?)');
    meta.run('schema', String(READ_MODEL_SCHEMA));
    meta.run(REBUILDING, '1');
  }).immediate();
}

/** Whether a rebuild began on these read models has not finished (the mark resetReadModelTables writes). */
export function unfinishedRebuild(db: Database): boolean {
  return db.prepare('SELECT 1 FROM rm_meta WHERE key = ?').get(REBUILDING) !== undefined;
}

/**
 * Ends a rebuild: builds rm_claims' indexes where missing and removes its mark, in one transaction.
 * Harmless on read models no rebuild left unfinished.
 */
export function finishRebuild(db: Database): void {
  db.transaction(() => {
    db.exec(CLAIM_INDEXES);
    db.prepare('DELETE FROM rm_meta WHERE key = ?').run(REBUILDING);
  })();
}

/**
 * Drops rm_claims' indexes where present: a rebuild writes its rows without them, and another
 * connection may have built them meanwhile (one that ended this rebuild, overtaking it, or a kb of
 * before the mark opening the read models), which would make the unique one refuse a later
 * registration of a claim id that the rebuild keeps out itself.
 */
export function dropClaimIndexes(db: Database): void {
  db.exec(
    'DROP INDEX IF EXISTS rm_claims_by_id; DROP INDEX IF EXISTS rm_claims_by_mission; DROP INDEX IF EXISTS rm_claims_by_target',
  );
}

function dropTables(db: Database): void {
  for (const table of READ_MODEL_TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
}
