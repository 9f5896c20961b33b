import {
  describeLogFinding,
  LOG_FINDINGS_TABLE,
  type LogFinding,
  openReadModels,
  otherLayoutWords,
  ProjectionRunner,
  READ_MODEL_TABLES,
  readLogFindings,
  readModelDamage,
  readModelsToRebuild,
} from '@kb/projections';
import { openSqliteStore, type SqliteEventStore } from '@kb/store';
import type { Database } from 'better-sqlite3';
import { privateCopy } from '../context/private-copy.js';
import { readModelsUnusable } from '../context/unusable-read-models.js';
import { type ProgressSink, SILENT } from '../render/progress.js';
import { pauseDue } from './read-stop.js';

// `kb verify --read-models`: the chain proves the log, but the other commands answer from the read
// models beside it (rm_* tables), which anyone who can edit the file can edit too: a claim row
// deleted turns a contested mission undisputed, and the log still verifies. So, on a private copy
// (the evidence is never written), the stored read models are brought up to the end of the log as
// any command would, kept aside, rebuilt from the log alone, and compared with the rebuild row for
// row. A catch-up and a rebuild write the same rows (a property test holds them to the same answers,
// and verify-read-models.test.ts to the same rows on a store caught up across three ingests), so a
// row that differs was changed outside the projection.

/** What the check found, and the findings kept in the file (log-findings.ts). */
export type ReadModelCheck = ReadModelComparison & {
  /** What commands found before: the log no longer holding an event the read models had applied. */
  readonly findings: readonly LogFinding[];
};

/** What comparing the read models with a rebuild found. */
export type ReadModelComparison =
  | { readonly state: 'none' }
  | { readonly state: 'stale'; readonly reason: string }
  | { readonly state: 'failed'; readonly reason: string }
  | {
      readonly state: 'checked';
      readonly rows: number;
      readonly tables: readonly TableDifference[];
      /** Events of the log they had not applied yet (a command killed while catching them up). */
      readonly behind: number;
    };

/** A read-model table whose rows differ from a rebuild: how many each way, and the first key. */
export interface TableDifference {
  readonly table: string;
  /** Rows stored that a rebuild does not write (altered or added). */
  readonly unexpected: number;
  /** Rows a rebuild writes that are not stored (altered or deleted). */
  readonly missing: number;
  /** The key of the first such row: its first column's name and value ("position 11"). */
  readonly first: string;
}

const TABLES = READ_MODEL_TABLES.filter((table) => table !== 'rm_meta');

/**
 * `progress` counts the events the check applies, its catch-up's and its rebuild's together, up to
 * their sum; finished before this returns.
 */
export async function checkReadModels(
  path: string,
  progress: ProgressSink = SILENT,
): Promise<ReadModelCheck> {
  try {
    return await checkCopy(path, progress);
  } finally {
    progress.finish();
  }
}

async function checkCopy(path: string, progress: ProgressSink): Promise<ReadModelCheck> {
  const copy = privateCopy(path);
  try {
    const store = openSqliteStore({ path: copy.path });
    try {
      // Read before anything runs: a catch-up or rebuild of the copy keeps them, but said as stored.
      const findings = readLogFindings(store.database);
      try {
        return { ...(await compare(store, progress)), findings };
      } catch (error) {
        // A page SQLite cannot read, a record that is not JSON: named, in the one shape the check has.
        const damage = readModelsUnusable(error) ? readModelDamage(store.database) : [];
        const reason =
          damage.length > 0 ? damage.join('; ') : error instanceof Error ? error.message : String(error);
        return { state: 'failed', reason, findings };
      }
    } finally {
      await store.close();
    }
  } finally {
    copy.remove();
  }
}

/** The stored read models caught up, kept aside, and compared with a rebuild from the log. */
async function compare(store: SqliteEventStore, progress: ProgressSink): Promise<ReadModelComparison> {
  const db = store.database;
  const present = readModelTables(db);
  if (present.size === 0) return { state: 'none' };
  // Opening them would put back a missing table empty and carry on from the stored checkpoint,
  // as would a catch-up from a checkpoint past the log: both are said before anything runs.
  const missing = READ_MODEL_TABLES.filter((table) => !present.has(table));
  if (missing.length > 0)
    return {
      state: 'failed',
      reason: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
    };
  const checkpoint = storedCheckpoint(db);
  if (checkpoint !== null && checkpoint > store.headPosition())
    return {
      state: 'failed',
      // The log was cut back, or the checkpoint edited: a hash kept outside the file tells which.
      reason: `their checkpoint, position ${checkpoint}, is past the log's last event, position ${store.headPosition()}: the log was cut back since they applied it, or their checkpoint was edited (kb verify --anchor with a hash kept outside the file tells which)`,
    };
  const stale = readModelsToRebuild(db);
  // Removed by hand, as a table dropped is: opening them would rebuild them, and they would then
  // compare the same as a rebuild, being one.
  if (stale === 'unrecorded')
    return {
      state: 'failed',
      reason:
        'rm_meta holds no schema row, which records their table layout: it was removed since they were built, and the next command that reads them rebuilds them from the log',
    };
  if (stale !== undefined)
    return {
      state: 'stale',
      reason:
        stale === 'layout'
          ? `they are in ${otherLayoutWords(db)}, so the next command that reads them rebuilds them from the log`
          : 'another projection version built them, so the next command that reads them rebuilds them from the log',
    };
  const head = store.headPosition();
  const behind = head - (storedCheckpoint(db) ?? 0);
  // One count over both runs, so it only goes up: the catch-up's events, then the rebuild's.
  let applied = 0;
  const runner = new ProjectionRunner(store, openReadModels(db), {
    onChunk: (_checkpoint, processed) => {
      applied = Math.min(behind + head, applied + processed);
      const detail =
        applied <= behind
          ? `catching up ${applied} of ${behind} events`
          : `rebuilding to compare: ${applied - behind} of ${head} events`;
      progress.update(applied, behind + head, detail);
    },
  });
  try {
    await runner.catchUp();
  } catch (error) {
    // Rows edited so that the log's later events no longer apply to them.
    return { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  // A turn of the event loop between tables, so Ctrl-C stops the check (read-stop.ts); the
  // rebuild takes its own between chunks.
  for (const table of TABLES) {
    db.exec(`CREATE TEMP TABLE kept_${table} AS SELECT * FROM ${table}`);
    await pauseDue();
  }
  await runner.rebuild();
  const tables: TableDifference[] = [];
  let rows = 0;
  for (const table of TABLES) {
    rows += db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const difference = compareTable(db, table);
    if (difference !== null) tables.push(difference);
    await pauseDue();
  }
  return { state: 'checked', rows, tables, behind };
}

/** The read-model tables the file holds. */
function readModelTables(db: Database): Set<string> {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 3) = 'rm_'")
    .pluck()
    .all() as string[];
  return new Set(names.filter((name) => name !== LOG_FINDINGS_TABLE));
}

/** The position the read models say they have applied, or null when none is stored. */
function storedCheckpoint(db: Database): number | null {
  const value = db.prepare("SELECT value FROM rm_meta WHERE key = 'checkpoint'").pluck().get();
  return value === undefined ? null : Number(value);
}

function compareTable(db: Database, table: string): TableDifference | null {
  const kept = `temp.kept_${table}`;
  const count = (sql: string) => db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get() as number;
  const added = `SELECT * FROM ${kept} EXCEPT SELECT * FROM main.${table}`;
  const lost = `SELECT * FROM main.${table} EXCEPT SELECT * FROM ${kept}`;
  const unexpected = count(added);
  const missing = count(lost);
  if (unexpected === 0 && missing === 0) return null;
  const statement = db.prepare(`SELECT * FROM (${unexpected > 0 ? added : lost}) LIMIT 1`).raw(true);
  const row = statement.get() as unknown[];
  return { table, unexpected, missing, first: `${statement.columns()[0]!.name} ${String(row[0])}` };
}

/** The check in words, for the text output: one line when all is well, one per table otherwise; then the findings. */
export function describeReadModelCheck(check: ReadModelCheck): string {
  const findings = describeLogFindings(check.findings);
  const comparison = describeComparison(check);
  return findings === null ? comparison : `${comparison}\n${findings}`;
}

/**
 * The findings kept in a store file, in words; null for none. For plain \`kb verify\` too, given
 * \`readLogFindings(db)\` on its connection (a read-only one does).
 */
export function describeLogFindings(findings: readonly LogFinding[]): string | null {
  if (findings.length === 0) return null;
  const last = findings.at(-1)!;
  const check =
    last.expectedHash === null
      ? ''
      : ` kb verify --anchor ${last.expectedHash} fails if the log still does not hold that event.`;
  const times = findings.length === 1 ? 'once' : `${findings.length} times`;
  return [
    `Log changed: the file records that a command found the log no longer holding an event the read models had applied (${times}): the log was rewritten or cut back since, which its chain alone cannot show (or, where it holds another event there, the hash the read models kept was edited instead; an anchor kept outside the file tells which).${check}`,
    ...findings.map((finding) => `  ${describeLogFinding(finding)}`),
  ].join('\n');
}

function describeComparison(check: ReadModelComparison): string {
  if (check.state === 'none') return 'Read models: none stored yet, so nothing answers from them.';
  if (check.state === 'stale') return `Read models: not compared: ${check.reason}.`;
  if (check.state === 'failed')
    return `Read models: BROKEN: they cannot be brought up to the log's end as they are (${check.reason}). kb rebuild remakes them from the log.`;
  // Caught up first, on the copy compared: the stored ones stay behind until a command reads them.
  const behind =
    check.behind === 0
      ? ''
      : ` once caught up: they were ${check.behind} ${check.behind === 1 ? 'event' : 'events'} behind the log (the next command that reads them catches them up)`;
  if (check.tables.length === 0)
    return `Read models: the same as a rebuild from the log${behind} (${check.rows} rows in ${TABLES.length} tables).`;
  const lines = check.tables.map(
    (t) =>
      `  ${t.table}: ${t.unexpected} rows stored that a rebuild does not write, ${t.missing} it writes that are not stored (first: ${t.first})`,
  );
  return [
    'Read models: BROKEN: they differ from a rebuild from the log, so the answers of kb status, mission,',
    'timeline, trace and sources do not follow from the log. kb rebuild remakes them from the log.',
    ...lines,
  ].join('\n');
}
