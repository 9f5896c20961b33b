import { SQLITE_EVENT_COLUMNS, type SqliteEventRow, storedEventOfRow } from '@kb/store';
import type { Database } from 'better-sqlite3';
import { FROM_STORE, toRecordedEvent } from '../events/recorded-event.js';
import { readingEvent } from '../events/unreadable-event.js';
import { knowledgeProjection } from '../knowledge/knowledge-projection.js';
import type { KnowledgeState } from '../knowledge/knowledge-state.js';
import { LOG_FINDINGS_TABLE } from './log-findings.js';
import { READ_MODEL_TABLES } from './read-model-schema.js';

// Read models edited or damaged outside kb: a page SQLite cannot read, a record that is not JSON, a
// checkpoint moved back behind rows they hold. The log beside them may be intact, and the answer
// does not need them: the same fold, in memory, gives the same one. What this file gives the
// commands: what is wrong, table by table, for their note; and that fold, run synchronously from the
// `events` table, for a query that meets the damage after the command has begun answering.

/** The tables whose rows hold a JSON record, by key column. */
const BODIES = [
  ['rm_missions', 'id'],
  ['rm_actors', 'id'],
  ['rm_sources', 'id'],
  ['rm_reports', 'id'],
] as const;

/** At most this many problems are named; the first ones say where to look. */
const NAMED = 5;

/**
 * quick_check's first row as one line, for the notes: it begins with a heading of its own, and may
 * hold several findings, a line each.
 */
const oneLine = (finding: string) =>
  finding.replace(/^\*\*\* in database main \*\*\*\n/, '').replace(/\s*\n\s*/g, '; ');

/**
 * What is wrong with the stored read models, one line a problem (at most a few): a table SQLite cannot
 * read through (`PRAGMA quick_check` of it), a row whose record is not JSON, or JSON but no record, a
 * checkpoint behind the claims stored. Empty when none of these is found. Reads only; slow on a large store (it reads
 * every table through), so only asked once something failed.
 */
export function readModelDamage(db: Database): string[] {
  const found: string[] = [];
  const present = new Set(
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 3) = 'rm_'")
      .pluck()
      .all() as string[],
  );
  const unreadable = new Set<string>();
  // The findings kept of a log rewritten or cut back too: every read command reads them first.
  for (const table of [...READ_MODEL_TABLES, LOG_FINDINGS_TABLE]) {
    if (!present.has(table)) continue;
    try {
      const result = db.prepare(`PRAGMA quick_check(${table})`).pluck().all() as string[];
      if (result[0] !== 'ok') {
        unreadable.add(table);
        found.push(`${table} is damaged (${oneLine(result[0] ?? '')})`);
      }
    } catch (error) {
      unreadable.add(table);
      found.push(`${table} is damaged (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const check = (table: string, sql: string, say: (key: unknown) => string, also?: string) => {
    const reads = also === undefined ? [table] : [table, also];
    if (reads.some((t) => !present.has(t) || unreadable.has(t)) || found.length >= NAMED) return;
    try {
      const key = db.prepare(sql).pluck().get();
      if (key !== undefined) found.push(say(key));
    } catch (error) {
      found.push(`${table} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  for (const [table, key] of BODIES)
    check(
      table,
      `SELECT ${key} FROM ${table} WHERE NOT json_valid(body) LIMIT 1`,
      (id) => `${table}: the record of ${String(id)} is not JSON`,
    );
  check(
    'rm_claims',
    "SELECT position FROM rm_claims WHERE history <> '' AND NOT json_valid('[' || history || ']') LIMIT 1",
    (position) => `rm_claims: the history of the claim at position ${String(position)} is not JSON`,
  );
  // JSON of another shape: a value where a record was (null, a list, a number).
  for (const [table, key] of BODIES)
    check(
      table,
      `SELECT ${key} FROM ${table} WHERE json_valid(body) AND json_type(body) <> 'object' LIMIT 1`,
      (id) => `${table}: the record of ${String(id)} is JSON but not a record`,
    );
  check(
    'rm_claims',
    `SELECT position FROM rm_claims WHERE history <> '' AND json_valid('[' || history || ']')
       AND EXISTS (SELECT 1 FROM json_each('[' || history || ']') WHERE type <> 'object') LIMIT 1`,
    (position) =>
      `rm_claims: the history of the claim at position ${String(position)} holds an entry that is not a record`,
  );
  check(
    'rm_meta',
    `SELECT m.value FROM rm_meta m WHERE m.key = 'checkpoint'
       AND CAST(m.value AS INTEGER) < (SELECT max(position) FROM rm_claims)`,
    (checkpoint) =>
      `rm_meta: their checkpoint, position ${String(checkpoint)}, is behind claims rm_claims holds, so a catch-up would write them again`,
    'rm_claims',
  );
  return found.slice(0, NAMED);
}

/**
 * The log in `db` folded in memory, read synchronously from its `events` table, as `loadKnowledge`
 * folds it through the port; an event that cannot be read is named (UnreadableEventError).
 */
export function foldLogInMemory(db: Database): KnowledgeState {
  let state = knowledgeProjection.initial();
  const rows = db
    .prepare(`SELECT ${SQLITE_EVENT_COLUMNS} FROM events ORDER BY position`)
    .raw()
    .iterate() as IterableIterator<SqliteEventRow>;
  for (const row of rows) {
    const event = readingEvent(
      { position: row[0], stream: row[2], type: row[4] },
      () => toRecordedEvent(storedEventOfRow(row), FROM_STORE),
      { data: row[6], metadata: row[7] },
    );
    state = knowledgeProjection.evolve(state, event);
  }
  return state;
}
