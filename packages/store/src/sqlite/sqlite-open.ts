// What the SQLite store is opened with, and the opening of its connection: the file, its schema
// (created or migrated, or only checked when read-only), the prepared statements and the id index.
import { statSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StoreUnavailableError } from '../port/errors.js';
import { type HeldFile, holdFile } from './held-file.js';
import { IdIndex } from './sqlite-id-index.js';
import {
  applySchema,
  checkReadableSchema,
  configureConnection,
  refuseForeignDatabase,
} from './sqlite-schema.js';
import { prepareStatements, type Statements } from './sqlite-statements.js';
import { refuseWalNotOwn } from './sqlite-wal-continues.js';

export interface SqliteStoreOptions {
  /** The database file; `:memory:` works for a single connection. */
  readonly path: string;
  readonly clock?: () => Date;
  /** How long a writer waits for another process's transaction before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** How often subscriptions look for other processes' writes; default 50 ms. */
  readonly pollMs?: number;
  /**
   * Open an existing file without writing to it: no schema creation or migration, appends refused.
   * For `kb verify`, which must not change the evidence it checks.
   */
  readonly readonly?: boolean;
  /**
   * Appended events whose ids are looked up from memory before their keys move, in one bulk write,
   * to the id index's tables (sqlite-id-index.ts); default 8192. Small values exercise the merges.
   */
  readonly idTailLimit?: number;
  /**
   * A readAll without a filter that has at least this many events ahead of it reads them on a worker
   * thread, ahead of the caller (sqlite-read-ahead.ts); default 20,000. `Infinity` turns that off.
   */
  readonly readAheadFrom?: number;
  /**
   * WAL pages (about 4 KB each, as estimated from what appends wrote) after which a worker thread
   * checkpoints the WAL back into the file while appends go on (sqlite-checkpointer.ts); default
   * 4000. `Infinity` leaves every checkpoint to the appending thread (wal_autocheckpoint).
   */
  readonly checkpointPages?: number;
  /**
   * From how many indexed events verify checks the id index on a thread of its own, beside its walk
   * of the chain (sqlite-index-check.ts); default 200,000. `Infinity` keeps it on the caller's.
   */
  readonly indexCheckThreadFrom?: number;
}

export interface OpenedConnection {
  readonly database: Database;
  /** The store file, held while the connection is open (held-file.ts); released after it closes. */
  readonly file: HeldFile | undefined;
  readonly statements: Statements;
  readonly ids: IdIndex;
  /** Whether this connection created the store's tables (applySchema): it made the store. */
  readonly createdTables: boolean;
}

/**
 * Opens the file of `options.path` (read-only when asked, which needs the file to exist), sets the
 * connection up and creates or migrates the schema, or only checks it when read-only. A failure
 * closes the connection and names the file.
 */
export function openConnection(options: SqliteStoreOptions): OpenedConnection {
  const readonly = options.readonly ?? false;
  if (!readonly) refuseForeignThroughWal(options.path);
  // Looked at before the open, which leaves an empty -wal beside a file that has none.
  const walToCheck = readonly && hasWal(options.path);
  let db: Database;
  try {
    db = new BetterSqlite3(options.path, readonly ? { readonly: true, fileMustExist: true } : {});
  } catch (error) {
    throw asStoreError(error, `cannot open the event file ${options.path}`);
  }
  // Held from before the connection's first read, which takes its locks, until after it closes.
  const file = holdFile(options.path);
  try {
    let createdTables = false;
    if (readonly) {
      // First, as for a writable open: a -wal that mixes two stores' pages can make the schema unreadable.
      if (walToCheck) refuseWalNotOwnReadOnly(db, options.path);
      checkReadableSchema(db, options.busyTimeoutMs ?? 5000);
    } else {
      configureConnection(db, options.busyTimeoutMs ?? 5000);
      createdTables = applySchema(db);
    }
    const ids = new IdIndex(db, options.idTailLimit);
    return { database: db, file, statements: prepareStatements(db), ids, createdTables };
  } catch (error) {
    db.close();
    file?.release();
    // The schema's own refusals name what is wrong with the file; this names the file.
    if (error instanceof StoreUnavailableError && error.cause === undefined)
      throw new StoreUnavailableError(`cannot open the event file ${options.path}: ${error.message}`, {
        cause: error,
      });
    throw asStoreError(error, `cannot open the event file ${options.path}`);
  }
}

/**
 * Before a writable connection, when a write-ahead log lies beside the file: whether the file, read
 * through it, is another application's database, asked on a read-only connection. SQLite applies
 * any -wal whose own salts and checksums hold, one copied from another database too, and the last
 * writable connection to close checkpoints it into the file: refused there, a store was overwritten
 * with the other database's pages while kb said nothing was written. A read-only connection never
 * checkpoints, so the file and the log are left as they were. The same look refuses a -wal of
 * another kb store, or of this store's later life beside an older copy of the file: the log read
 * through it must continue the head the file alone holds (sqlite-wal-continues.ts), read first, as
 * a checkpoint only ever copies into the file what the log read later still holds. A probe that
 * cannot open or read the file says nothing: the writable open that follows reports what is wrong.
 */
function refuseForeignThroughWal(path: string): void {
  if (!hasWal(path)) return;
  let probe: Database | undefined;
  // Held across the probe's life, so that its locks and those of any other connection this process
  // has open to the file stay (held-file.ts).
  const file = holdFile(path);
  try {
    probe = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    // First: a -wal that mixes two stores' pages can make the schema itself unreadable.
    refuseWalNotOwn(probe, path);
    refuseForeignDatabase(probe);
  } catch (error) {
    if (error instanceof StoreUnavailableError)
      throw new StoreUnavailableError(`cannot open the event file ${path}: ${error.message}`, {
        cause: error,
      });
  } finally {
    probe?.close();
    file?.release();
  }
}

/**
 * The same look for a read-only open (kb verify, kb log), on its own connection: read-only, it never
 * checkpoints, so nothing is written whatever the -wal is, but read through another store's -wal,
 * or a later one beside an older copy, the log shows the two files' pages as one, as a break or
 * damage in a file that alone is intact. A look that cannot read is left to what follows.
 */
function refuseWalNotOwnReadOnly(db: Database, path: string): void {
  try {
    refuseWalNotOwn(db, path);
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
  }
}

/** Whether a write-ahead log that is not empty lies beside the file at `path`. */
const hasWal = (path: string): boolean => (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0;

/** The port's own errors pass through; driver failures become StoreUnavailableError with the cause. */
export function asStoreError(error: unknown, context: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new StoreUnavailableError(`${context}: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
