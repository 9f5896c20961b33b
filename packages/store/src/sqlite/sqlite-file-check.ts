// Verify's check of the file around the log (FileCheck in hash-chain.ts): SQLite's own check of the
// log's tables and their indexes, which the chain walk does not read (a damaged page of the
// (stream, revision) index fails every command that looks a stream up, while the walk, which reads
// the table in position order, finds nothing), and the schema objects on the log's tables that kb
// did not make: a trigger on `events` can rewrite every later append before it is hashed.
import type { Database } from 'better-sqlite3';

/** The tables of the log, as the store makes them (sqlite-schema.ts, sqlite-id-index.ts). */
export const LOG_TABLES = ['events', 'head', 'event_ids_1', 'event_ids_2', 'meta'] as const;

/** The indexes SQLite makes for the log tables' UNIQUE and PRIMARY KEY constraints. */
const OWN_INDEXES = new Set(['sqlite_autoindex_events_1', 'sqlite_autoindex_meta_1']);

/** At most this many lines of SQLite's findings are kept, per table. */
const DAMAGE_LINES = 10;

/**
 * `PRAGMA quick_check(table)` over each log table: its pages, and that each of its indexes has
 * one entry per row. Not the full integrity_check, which also compares every index entry with its
 * row. Also run on verify's thread (sqlite-index-check.ts), from the same table list.
 *
 * A check SQLite refuses for damage (a page it cannot read) is a finding about the table, as a line.
 * One that fails otherwise (busy, out of memory, interrupted) found nothing either way: the answer
 * is then `unchecked`, why, and no damage, so verify says it could not check rather than that the
 * file is damaged.
 */
export function quickCheck(db: Database): { damage: string[]; unchecked: string | null } {
  const perTable: string[][] = [];
  for (const table of LOG_TABLES) {
    try {
      perTable.push(
        (db.prepare(`PRAGMA quick_check(${table})`).pluck().all() as string[]).filter((l) => l !== 'ok'),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: unknown } | null)?.code;
      if (isDamage(error)) perTable.push([`${table}: ${message}`]);
      else
        return {
          damage: [],
          unchecked: `SQLite's check of the table ${table} (PRAGMA quick_check) could not run: ${message}${typeof code === 'string' ? ` (${code})` : ''}`,
        };
    }
  }
  return { damage: damageLines(perTable), unchecked: null };
}

/** The SQLite error codes that say the file's pages are damaged or missing, not that it is busy or absent. */
export const DAMAGE_CODE = /^SQLITE_(CORRUPT|NOTADB)/;

/** Whether an SQLite error code says the file's pages are damaged or missing (DAMAGE_CODE). */
export function isDamageCode(code: string): boolean {
  return DAMAGE_CODE.test(code);
}

/** Whether an error is SQLite's saying a page of the file cannot be read (its code, isDamageCode). */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && isDamageCode(code);
}

/** Each table's findings, at most DAMAGE_LINES of them, without SQLite's "in database main" heading. */
export function damageLines(perTable: readonly (readonly string[])[]): string[] {
  return perTable.flatMap((lines) =>
    lines.slice(0, DAMAGE_LINES).map((line) => line.replace(/^\*\*\* in database main \*\*\*\n/, '')),
  );
}

/**
 * Every trigger (kb makes none; one on any table can write to the log when it fires) and every index
 * on a log table but the store's own. Tables and views are left alone: they cannot change what an
 * append stores, and other packages' read models may live in the file (sqlite-schema.ts).
 */
export function foreignObjects(db: Database): string[] {
  const rows = db
    .prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('trigger', 'index')")
    .raw(true)
    .all() as [type: string, name: string, table: string][];
  const own = new Set<string>(LOG_TABLES);
  const foreign: string[] = [];
  for (const [type, name, table] of rows) {
    if (type === 'trigger') foreign.push(`trigger ${name} on ${table}`);
    else if (own.has(table) && !OWN_INDEXES.has(name)) foreign.push(`index ${name} on ${table}`);
  }
  return foreign;
}
