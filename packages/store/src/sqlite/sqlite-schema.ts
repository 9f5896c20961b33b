// The SQLite file layout. One file holds the log (`events`), the chain head (`head`, one row,
// updated in the same transaction as every append, so rows cut off the end are caught by verify)
// and `meta` (the schema version). Read models of other packages may live in the same file.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { StoreUnavailableError } from '../port/errors.js';
import { isDamage } from './sqlite-file-check.js';
import { ID_INDEX_TABLES } from './sqlite-id-index.js';
import { idKey } from './sqlite-id-key.js';

/** Bump when the layout changes, and add a migration from the previous version. */
export const SCHEMA_VERSION = 3;

const META = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;

// position is the rowid: strictly increasing, assigned by the writer from the head inside the
// write transaction (never reused, even if rows at the end were removed). id_key (sqlite-id-key.ts)
// is what sqlite-id-index.ts indexes the ids by; the append transaction checks ids for repeats, so
// the key need not be unique.
const EVENTS_COLUMNS = `
  position    INTEGER PRIMARY KEY,
  id          TEXT NOT NULL,
  id_key      INTEGER NOT NULL,
  stream      TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  data        TEXT NOT NULL,
  metadata    TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL,
  UNIQUE (stream, revision)`;

// indexed_up_to and level1_count belong to the id index (sqlite-id-index.ts): the events up to that
// position have their keys in event_ids_1 or event_ids_2, and event_ids_1 holds level1_count keys.
const TABLES = `
CREATE TABLE IF NOT EXISTS events (${EVENTS_COLUMNS}
) STRICT;

CREATE TABLE IF NOT EXISTS head (
  one           INTEGER PRIMARY KEY CHECK (one = 1),
  count         INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  last_hash     TEXT NOT NULL,
  indexed_up_to INTEGER NOT NULL DEFAULT 0,
  level1_count  INTEGER NOT NULL DEFAULT 0
) STRICT;
${ID_INDEX_TABLES}`;

// Version 1 kept a UNIQUE index on the id text. SQLite cannot drop a column constraint, so the table
// is rebuilt, rows and positions unchanged; hashes never covered the layout, so the chain still holds.
const FROM_V1 = `
CREATE TABLE events_v2 (${EVENTS_COLUMNS}
) STRICT;
INSERT INTO events_v2 (position, id, id_key, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash)
  SELECT position, id, kb_id_key(id), stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash
    FROM events ORDER BY position;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX events_by_id_key ON events (id_key);
`;

// Version 2 indexed id_key on the events table itself. Its keys move, sorted, into the last level of
// the id index, so every event is indexed and the tail starts empty. They are read from that index
// (it holds key and position), not from the table, and only then is it dropped.
const FROM_V2 = `
${ID_INDEX_TABLES}
INSERT INTO event_ids_2 (key, position)
  SELECT id_key, position FROM events INDEXED BY events_by_id_key ORDER BY id_key, position;
DROP INDEX events_by_id_key;
ALTER TABLE head ADD COLUMN indexed_up_to INTEGER NOT NULL DEFAULT 0;
ALTER TABLE head ADD COLUMN level1_count INTEGER NOT NULL DEFAULT 0;
UPDATE head SET indexed_up_to = last_position;
`;

/** The connection settings every process sharing the file uses. */
export function configureConnection(db: Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  // Before WAL, which is written into the file's header: another application's file stays untouched.
  refuseForeignDatabase(db);
  // WAL: readers never block the writer and several processes can share the file.
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a crash of the process; a power cut may lose the last
  // few commits but never corrupts the file or half-writes a transaction. FULL would fsync on
  // every commit, several times slower for an ingest that can simply be re-run (appends are idempotent).
  db.pragma('synchronous = NORMAL');
  // Checkpoint after ~40 MB of WAL rather than the default ~4 MB. Every append rewrites pages all
  // over the id index (ids are random), so a checkpoint of a longer WAL writes each such page back
  // once for many commits; measured on 100k-event ingests, appends got about a third faster.
  // The cost: a longer pause at the commit that checkpoints, and a WAL file of that size on disk.
  db.pragma('wal_autocheckpoint = 10000');
}

/**
 * Creates the tables on a new file, migrates a version 1 or 2 file, and refuses any other version.
 * True when this connection created the tables: decided under the write lock, so of two processes
 * opening a new file at once only one is told it made the store.
 */
export function applySchema(db: Database): boolean {
  db.function('kb_id_key', { deterministic: true }, (id: unknown) => idKey(String(id)));
  // A file of this version is left as it is, and the write lock not taken: every command opens the
  // store for writing, and one that only reads would otherwise wait for another process's write
  // transaction (an ingest's batch, a rebuild's step) and fail, "database is locked", beside a long one.
  if (storedVersion(db) === String(SCHEMA_VERSION)) return false;
  // IMMEDIATE so two processes opening a new or old file at once do not both create or migrate it.
  return db
    .transaction((): boolean => {
      refuseForeignDatabase(db); // again, under the write lock: another process may have written since
      db.exec(META);
      const version = readVersion(db);
      if (version === undefined) {
        db.exec(TABLES);
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
          'schema_version',
          String(SCHEMA_VERSION),
        );
        db.prepare(
          'INSERT OR IGNORE INTO head (one, count, last_position, last_hash) VALUES (1, 0, 0, ?)',
        ).run(GENESIS_HASH);
        return true;
      }
      if (version === '1' || version === '2') {
        if (version === '1') db.exec(FROM_V1);
        db.exec(FROM_V2);
        db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(String(SCHEMA_VERSION), 'schema_version');
      } else if (version !== String(SCHEMA_VERSION)) {
        throw new StoreUnavailableError(
          `the event file has schema version ${version}; this code reads version ${SCHEMA_VERSION} (and migrates versions 1 and 2)`,
        );
      }
      return false;
    })
    .immediate();
}

/**
 * A new store is only made in an empty database: a SQLite file holding tables but no schema version
 * belongs to something else (another application's data, a copy of the wrong file), and writing an
 * event log into it would mix the two.
 */
export function refuseForeignDatabase(db: Database): void {
  if (storedVersion(db) !== undefined) return;
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  if (tables.length === 0) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, and ${tables.length - 5} more` : '');
  throw new StoreUnavailableError(
    `the file is a SQLite database but not a knowledge-base event file (no schema version; it holds the tables ${shown}); ` +
      `nothing was written to it. Name a new file, or one kb made.${walNote(db.name)}`,
  );
}

/**
 * For a read-only connection: the file must already hold this code's schema; nothing is created or
 * migrated. A file from the older layout is named as such, so the user knows one writable open fixes it.
 */
export function checkReadableSchema(db: Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  db.function('kb_id_key', { deterministic: true }, (id: unknown) => idKey(String(id)));
  const version = storedVersion(db);
  if (version === undefined)
    throw new StoreUnavailableError(
      `the file is not a knowledge-base event file (no schema version)${walNote(db.name).replace(/^ /, '. ')}`,
    );
  if (version !== String(SCHEMA_VERSION)) {
    throw new StoreUnavailableError(
      `the event file has schema version ${version}; this code reads version ${SCHEMA_VERSION}${
        version === '1' || version === '2' ? ' (open it once for writing, e.g. kb status, to migrate it)' : ''
      }`,
    );
  }
}

/**
 * The schema version, or undefined when there is no `meta` table or one of another shape. A `meta`
 * on a page SQLite cannot read is kb's file damaged, not another application's: refused as such.
 */
function storedVersion(db: Database): string | undefined {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (hasMeta === undefined) return undefined;
  try {
    return readVersion(db);
  } catch (error) {
    if (isDamage(error))
      throw new StoreUnavailableError(
        `the file is damaged: SQLite cannot read its schema version, in the table meta (${(error as Error).message}); nothing was written to it`,
      );
    return undefined;
  }
}

function readVersion(db: Database): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as
    | { value: string }
    | undefined;
  return row?.value;
}

/**
 * Beside a refusal, when a write-ahead log lies beside the file: SQLite reads a database through
 * whatever -wal lies beside it, checked only against itself (its salts and checksums), so a -wal
 * copied from another database makes a store read as that database. Empty when there is none.
 */
export function walNote(path: string): string {
  const wal = `${path}-wal`;
  if ((statSync(wal, { throwIfNoEntry: false })?.size ?? 0) === 0) return '';
  return (
    ` A write-ahead log, ${basename(wal)}, lies beside it, and SQLite reads the file through it: if that log` +
    " is not this file's own (copied from another database), move it away, untouched, and run kb again."
  );
}
