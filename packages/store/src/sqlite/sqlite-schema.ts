// The SQLite file layout. One file holds the log (`events`), the chain head (`head`, one row,
// updated in the same transaction as every append, so rows cut off the end are caught by verify)
// and `meta` (the schema version). Read models of other packages may live in the same file.
import type { Database } from 'better-sqlite3';
import { GENESIS_HASH } from '../integrity/hash-chain.js';
import { StoreUnavailableError } from '../port/errors.js';

/** Bump when the layout changes, and add a migration from the previous version. */
export const SCHEMA_VERSION = 1;

const TABLES = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- position is the rowid: strictly increasing, assigned by the writer from the head inside the
-- write transaction (never reused, even if rows at the end were removed).
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  stream      TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  data        TEXT NOT NULL,
  metadata    TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL,
  UNIQUE (stream, revision)
) STRICT;

CREATE TABLE IF NOT EXISTS head (
  one           INTEGER PRIMARY KEY CHECK (one = 1),
  count         INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  last_hash     TEXT NOT NULL
) STRICT;
`;

/** The connection settings every process sharing the file uses. */
export function configureConnection(db: Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  // WAL: readers never block the writer and several processes can share the file.
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a crash of the process; a power cut may lose the last
  // few commits but never corrupts the file or half-writes a transaction. FULL would fsync on
  // every commit, several times slower for an ingest that can simply be re-run (appends are idempotent).
  db.pragma('synchronous = NORMAL');
}

/** Creates the tables on a new file and checks the version of an existing one. */
export function applySchema(db: Database): void {
  // IMMEDIATE so two processes opening a new file at once do not both try to create it.
  db.transaction(() => {
    db.exec(TABLES);
    db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(
      'schema_version',
      String(SCHEMA_VERSION),
    );
    db.prepare('INSERT OR IGNORE INTO head (one, count, last_position, last_hash) VALUES (1, 0, 0, ?)').run(
      GENESIS_HASH,
    );
  }).immediate();
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as
    | { value: string }
    | undefined;
  if (row?.value !== String(SCHEMA_VERSION)) {
    throw new StoreUnavailableError(
      `the event file has schema version ${row?.value ?? 'none'}; this code reads version ${SCHEMA_VERSION}`,
    );
  }
}
