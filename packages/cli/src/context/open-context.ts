import { existsSync } from 'node:fs';
import { type KnowledgeBase, openKnowledgeBase } from '@kb/ingest';
import {
  type KnowledgeView,
  knowledgeView,
  loadKnowledge,
  missingReadModelTables,
  openReadModels,
  otherLayoutWords,
  ProjectionRunner,
  readLogFindings,
  readModelDamage,
  readModelsToRebuild,
  type SqliteReadModels,
  storedLogCut,
} from '@kb/projections';
import { SqliteEventStore, StoreUnavailableError } from '@kb/store';
import { type GlobalOptions, UsageError } from '../args/parse-args.js';
import { noteReadModelsCommitted } from '../commands/read-stop.js';
import { type ProgressSink, progressBar, SILENT } from '../render/progress.js';
import { CliError } from './cli-error.js';
import { keepLogCut, keptFindingsNotice, logCutNotice } from './log-cut-notices.js';
import {
  namingOriginal,
  type PrivateCopy,
  privateCopy,
  refusedWriting,
  sqliteErrorIn,
  writeProtection,
} from './private-copy.js';
import { requireKnowledgeBase } from './store-presence.js';
import {
  type Answering,
  answeringOf,
  fallingBackView,
  readModelsUnusable,
  unusableNotice,
} from './unusable-read-models.js';
import { WRITE_PROTECTED } from './write-protection.js';

export { CliError } from './cli-error.js';

export interface ReadContext extends Answering {
  readonly kb: KnowledgeBase;
  /** The view a single query may ask; a command's whole question goes through answer or answerEach. */
  readonly view: KnowledgeView;
  /** Events the read models applied to catch up with the log before answering. */
  readonly caughtUp: number;
  close(): Promise<void>;
}

/** A catch-up over fewer log positions than this takes about a second or less: no bar for it. */
const PROGRESS_FROM = 50_000;

/** The progress a read command shows while its read models catch up `positions` positions of log. */
export function terminalProgress(positions: number): ProgressSink {
  return positions >= PROGRESS_FROM ? progressBar(process.stderr, 'read models') : SILENT;
}

/** How the EventStoreDB adapter's refusal of a malformed connection string begins. */
const INVALID_CONNECTION_STRING = 'invalid EventStoreDB connection string';

/** Opens the store for writing (creating the embedded file if needed). */
export async function openForWrite(global: GlobalOptions): Promise<KnowledgeBase> {
  if (global.eventstore) {
    try {
      return await openKnowledgeBase({ eventstore: global.eventstore });
    } catch (error) {
      // A connection string that is not one is a bad option value, as any other (exit 2).
      if (error instanceof StoreUnavailableError && error.message.startsWith(INVALID_CONNECTION_STRING))
        throw new UsageError(`--eventstore: ${error.message}`, { cause: error });
      throw error;
    }
  }
  try {
    // A mode that lets nobody write is a refusal even to root, who SQLite would let write.
    const protectedBy = writeProtection(global.store);
    if (protectedBy !== undefined) throw protectedBy;
    return await openKnowledgeBase({ store: global.store });
  } catch (error) {
    // A new file is refused so only where its folder is write-protected (writeProtection).
    const protectedMode = (error as { code?: unknown }).code === WRITE_PROTECTED;
    if (!protectedMode && (!existsSync(global.store) || !refusedWriting(error))) throw error;
    throw notWritable(global.store, error as Error);
  }
}

/** The refusal of a store that cannot be written here, saying why (`error`). */
export function notWritable(store: string, error: Error, more = ''): CliError {
  return new CliError(
    `${store} cannot be written here: the file or its folder is write-protected (${error.message})${more}`,
    1,
    { cause: error },
  );
}

export interface ReadOptions {
  /** The progress shown while the read models catch up this many log positions. */
  readonly progressFor?: (positions: number) => ProgressSink;
  /** Where a line for the user goes (reading a private copy, rebuilding the read models); default stderr. */
  readonly notice?: (line: string) => void;
}

/**
 * Opens the store for reading and brings the read models up to the head of the log. On the embedded
 * store the read models live in the same SQLite file and only new events are applied; on
 * EventStoreDB the log is folded in memory. Catching up a long stretch of the log (after a large
 * ingest, or a rebuild when the projection changed) shows a progress bar on a terminal. A file that
 * may not be written (write-protected evidence) is read through a private copy (private-copy.ts).
 */
export async function openForRead(global: GlobalOptions, options: ReadOptions = {}): Promise<ReadContext> {
  if (!global.eventstore) requireKnowledgeBase(global.store);
  const notice = options.notice ?? toStderr;
  let kb: KnowledgeBase;
  let copy: PrivateCopy | undefined;
  try {
    kb = await openForWrite(global);
  } catch (error) {
    if (global.eventstore || !refusedWriting(error)) throw error;
    copy = privateCopy(global.store);
    notice(
      `kb: ${global.store} cannot be written here, so this reads a private copy of it; the file itself is not changed`,
    );
    try {
      kb = await openKnowledgeBase({ store: copy.path });
    } catch (copyError) {
      copy.remove();
      throw namingOriginal(copyError, copy, global.store);
    }
  }
  const close = async () => {
    try {
      try {
        if (kb.store instanceof SqliteEventStore) endSnapshot(kb.store.database);
      } finally {
        // Closed whatever ending the snapshot met: its connection, threads and files go with it.
        await kb.close();
      }
    } finally {
      copy?.remove();
    }
  };
  try {
    if (kb.store instanceof SqliteEventStore) {
      try {
        const { view, caughtUp } = await readModelsView(kb.store, global.store, notice, {
          ...options,
          privateCopy: copy !== undefined,
        });
        return { kb, view, caughtUp, close, answer: view.answer, answerEach: view.answerEach };
      } catch (error) {
        endSnapshot(kb.store.database);
        if (error instanceof ReadModelsResetError) {
          const state = await loadKnowledge(kb.store);
          notice(`kb: ${error.message}; this answers from the log folded in memory instead`);
          return inMemory(kb, knowledgeView(state), close);
        }
        const full = diskRefusedWrites(error);
        const locked = full === undefined ? lockedOut(error) : undefined;
        if (full === undefined && locked === undefined && !readModelsUnusable(error)) throw error;
        // The answer does not need the read models: the same fold, in memory, gives the same one.
        if (full !== undefined)
          notice(
            `kb: the read models in ${global.store} could not be brought up to date (${full}); this answers from the log folded in memory instead, which takes longer. Free some space and the next command updates them.`,
          );
        else if (locked !== undefined)
          notice(
            `kb: the read models in ${global.store} could not be brought up to date: another process held the file's write lock throughout the wait (${locked}); this answers from the log folded in memory instead, which takes longer. The next command updates them.`,
          );
        else {
          // Folded first: a log that cannot be read either fails the command with its own error.
          const state = await loadKnowledge(kb.store);
          notice(unusableNotice(global.store, error, readModelDamage(kb.store.database)));
          return inMemory(kb, knowledgeView(state), close);
        }
      }
    }
    const state = await loadKnowledge(kb.store);
    return inMemory(kb, knowledgeView(state), close);
  } catch (error) {
    await close();
    throw error;
  }
}

/** A context answering from the log folded in memory. */
function inMemory(kb: KnowledgeBase, view: KnowledgeView, close: () => Promise<void>): ReadContext {
  return { kb, view, caughtUp: 0, close, ...answeringOf(view) };
}

/** How many times a command catches up again when a rebuild elsewhere resets the read models meanwhile. */
const SNAPSHOT_ATTEMPTS = 5;

/** The read models were reset by another process each time this one caught up (kb rebuild after kb rebuild). */
class ReadModelsResetError extends Error {
  override readonly name = 'ReadModelsResetError';
  constructor(readonly path: string) {
    super(
      `the read models in ${path} were reset by another process (kb rebuild) each of the ${SNAPSHOT_ATTEMPTS} times this one caught up`,
    );
  }
}

/** Starts a read transaction whose snapshot lasts until endSnapshot (SQLite takes it at the first read). */
function beginSnapshot(db: SqliteEventStore['database']): void {
  db.exec('BEGIN');
}

/**
 * Ends the read snapshot, if one is open. It wrote nothing, so however it ends is the same; one
 * that met a damaged page may be half ended by SQLite already, and its COMMIT fail.
 */
function endSnapshot(db: SqliteEventStore['database']): void {
  if (!db.open || !db.inTransaction) return;
  try {
    db.exec('COMMIT');
  } catch {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/** The read models in the store's own file, brought up to the head of the log. */
async function readModelsView(
  store: SqliteEventStore,
  path: string,
  notice: (line: string) => void,
  options: ReadOptions & { readonly privateCopy: boolean },
): Promise<{ view: KnowledgeView & Answering; caughtUp: number }> {
  // Both asked before opening them: opening drops tables of another layout, checkpoint and all.
  const stale = readModelsToRebuild(store.database);
  const cut = storedLogCut(store.database, () => store.headPosition());
  const rebuilding = `rebuilding them from the log (${store.headPosition()} positions) before answering`;
  if (cut === undefined) {
    // A finding an earlier command kept outlives the rebuild it led to: every answer from this file
    // comes from a log found changed once, so each command says so, not only the first.
    const kept = keptFindingsNotice(path, readLogFindings(store.database));
    if (kept !== null) notice(kept);
  }
  if (cut !== undefined) {
    // The one trace a rewritten or cut-back log leaves in the file, about to be rebuilt away: said
    // loudly, and kept (not in a private copy, which goes, nor is the evidence written). A checkpoint
    // edited, its event still in the log elsewhere, is no change to the log.
    const keep = !(typeof cut.heldAt === 'number') && !options.privateCopy;
    notice(logCutNotice(path, cut, !options.privateCopy, rebuilding));
    if (keep) keepLogCut(store.database, path, cut, notice);
  } else if (stale === 'missing') {
    const missing = missingReadModelTables(store.database);
    const tables = missing.length === 1 ? `the table ${missing[0]}` : `the tables ${missing.join(', ')}`;
    notice(
      `kb: the read models in ${path} lack ${tables} (dropped since they were built), so they cannot answer as they are; ${rebuilding}`,
    );
  } else if (stale === 'unrecorded') {
    notice(
      `kb: the read models in ${path} do not record their table layout (rm_meta holds no schema row: removed since they were built), so they cannot answer as they are; ${rebuilding}`,
    );
  } else if (stale !== undefined) {
    const why =
      stale === 'layout' ? `in ${otherLayoutWords(store.database)}` : 'by another version of the projection';
    notice(`kb: the read models in ${path} were built ${why}; ${rebuilding}`);
  }
  const models = openReadModels(store.database);
  const progressFor = options.progressFor ?? terminalProgress;
  // The log's head before each catch-up, which the read models then reach (a catch-up reads on to
  // the log's end); events appended since may be missing, as they would be from any answer.
  let head = store.headPosition();
  // A catch-up of the file itself (not of a private copy, which goes) is what a Ctrl-C keeps.
  const committed = options.privateCopy ? undefined : noteReadModelsCommitted;
  let caughtUp = await catchUp(store, models, progressFor, stale !== undefined, cut !== undefined, committed);
  const version = models.status().version;
  // The answer is read from one snapshot of the file, held until the command closes: a kb rebuild in
  // another process empties the tables and fills them again chunk by chunk, and a command reading
  // across that answered from tables half filled (missions unknown, accounts missing). The snapshot
  // must hold the read models at least as far as the head the catch-up began from: taken after a
  // rebuild elsewhere reset them, at any moment since the catch-up, it catches up again first.
  for (let attempt = 1; ; attempt++) {
    beginSnapshot(store.database);
    const held = models.status();
    if (held.version === version && (held.checkpoint ?? 0) >= head) break;
    endSnapshot(store.database);
    if (attempt === SNAPSHOT_ATTEMPTS) throw new ReadModelsResetError(path);
    head = store.headPosition();
    caughtUp += await catchUp(store, models, progressFor, false, false, committed);
  }
  // A query that meets damage the catch-up did not (a page of a table it did not touch) answers from
  // the log folded in memory instead.
  return { view: fallingBackView(models, store.database, path, notice), caughtUp };
}

/**
 * SQLite's message when a write failed for want of room: a full disk (SQLITE_FULL), or a write
 * the system refused past a size limit or quota (SQLITE_IOERR_WRITE); undefined for any other error.
 */
function diskRefusedWrites(error: unknown): string | undefined {
  return sqliteErrorIn(error, (code) => code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE')?.message;
}

/**
 * SQLite's message when the read models' writes waited the whole busy timeout for the write lock
 * another process held (a long ingest batch, say); undefined for any other error.
 */
function lockedOut(error: unknown): string | undefined {
  return sqliteErrorIn(error, (code) => code === 'SQLITE_BUSY')?.message;
}

const toStderr = (line: string) => void process.stderr.write(`${line}\n`);

/**
 * Brings the read models up to the log's head, reporting progress; returns the events applied. A
 * rebuild (`fromZero`: stale read models, which the catch-up rebuilds; `rebuild`: read models the
 * log no longer holds the checkpoint of, which a catch-up refuses) starts at position 0 whatever
 * checkpoint they hold.
 */
async function catchUp(
  store: SqliteEventStore,
  models: SqliteReadModels,
  progressFor: (positions: number) => ProgressSink,
  fromZero: boolean,
  rebuild: boolean,
  committed?: (checkpoint: number) => void,
): Promise<number> {
  const from = fromZero || rebuild ? 0 : (models.status().checkpoint ?? 0);
  const head = store.headPosition();
  const progress = progressFor(head - from);
  let applied = 0;
  const runner = new ProjectionRunner(store, models, {
    onChunk: (checkpoint, processed) => {
      applied += processed;
      committed?.(checkpoint);
      progress.update(checkpoint - from, head - from, `caught up ${applied} events`);
    },
  });
  try {
    return (await (rebuild ? runner.rebuild() : runner.catchUp())).processed;
  } finally {
    progress.finish();
  }
}
