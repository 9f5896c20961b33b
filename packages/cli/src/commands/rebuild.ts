import {
  LOG_FINDINGS_TABLE,
  openReadModels,
  ProjectionRunner,
  readModelDamage,
  storedLogCut,
} from '@kb/projections';
import { SqliteEventStore } from '@kb/store';
import type { Database } from 'better-sqlite3';
import type { ParsedCommand } from '../args/parse-args.js';
import { keepLogCut, logCutNotice } from '../context/log-cut-notices.js';
import { CliError, openForWrite } from '../context/open-context.js';
import { requireKnowledgeBase } from '../context/store-presence.js';
import { readModelsUnusable } from '../context/unusable-read-models.js';
import { shellWord } from '../render/command-line.js';
import { rebuildProgress } from '../render/rebuild-progress.js';
import type { Output } from './output.js';
import { signalsTaken, stopOnSignalSaying } from './read-stop.js';

/**
 * `kb rebuild`: drops the embedded store's read models and replays the whole log into them. The
 * queries rebuild on their own when the projection changes; this is for an operator who wants it
 * now (after restoring a file, say). The log itself is never touched. `--eventstore` is refused
 * beside it as a usage mistake (embeddedOnly in option-rules.ts).
 */
export async function rebuildCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  requireKnowledgeBase(cmd.global.store);
  const kb = await openForWrite(cmd.global);
  try {
    const store = kb.store;
    if (!(store instanceof SqliteEventStore)) throw new CliError('this store keeps no read models');
    // Only damage in the read models' own tables keeps them from being dropped, and then nothing
    // was changed. Anything else (the log's own pages, a fault) may come after they were reset.
    const refusal = (error: unknown): unknown =>
      !readModelsUnusable(error) || readModelDamage(store.database).length === 0
        ? error
        : new CliError(cannotRebuild(cmd.global.store, store.database, error), 1, { cause: error });
    // A rebuild drops the checkpoint, the one trace a rewritten or cut-back log leaves: kept and said
    // first. Read from the read models' own rm_meta, which may be what is damaged.
    let cut: ReturnType<typeof storedLogCut>;
    try {
      cut = storedLogCut(store.database, () => store.headPosition());
    } catch (error) {
      throw refusal(error);
    }
    if (cut !== undefined) {
      out.error(logCutNotice(cmd.global.store, cut, true, 'rebuilding them from the log'));
      if (typeof cut.heldAt !== 'number')
        keepLogCut(store.database, cmd.global.store, cut, (line) => out.error(line));
    }
    const total = store.headPosition();
    const progress = rebuildProgress(total, { line: (line) => out.error(line), json: cmd.global.json });
    // Ctrl-C or SIGTERM is taken between ranges (the runner gives the event loop a turn after each),
    // never inside one: what the line says was kept is what is committed.
    let held: number | null = null;
    let finished = false;
    const stopping = stopOnSignalSaying((name) => interruptedRebuildLine(name, held, total, finished));
    try {
      const start = performance.now();
      const rebuild = new ProjectionRunner(store, openReadModels(store.database), {
        onChunk: (checkpoint) => {
          held = checkpoint;
          progress.held(checkpoint);
        },
      });
      let result: Awaited<ReturnType<typeof rebuild.rebuild>>;
      try {
        result = await rebuild.rebuild();
      } catch (error) {
        throw refusal(error);
      } finally {
        progress.finish();
      }
      finished = true;
      const ms = Math.round(performance.now() - start);
      if (cmd.global.json) await out.json(rebuiltJson(result, ms));
      else out.text(rebuiltLine(result, ms));
      // A signal that came in the last stretch (the claim indexes built in one statement) waits for a
      // turn of the event loop: given one here, it is answered as any other rather than lost.
      await signalsTaken();
    } finally {
      stopping();
    }
    return 0;
  } finally {
    await kb.close();
  }
}

/**
 * What kb rebuild stopped by `name` says was kept: the log untouched, and the read models holding
 * the log up to `held` (the last range committed, with its checkpoint) of the `total` events it
 * began with, from which the next command that reads them goes on the rebuild's way (rm_claims'
 * indexes built once after its last range); kb rebuild itself starts again from the first.
 * `finished`: the signal came once the rebuild was done, as its line was written.
 */
export function interruptedRebuildLine(
  name: string,
  held: number | null,
  total: number,
  finished: boolean,
): string {
  const stopped = `kb: ${name}: kb rebuild interrupted`;
  if (finished)
    return `${stopped} as it ended; the rebuild had finished: the read models hold the log's ${held ?? 0} events`;
  const again = 'or kb rebuild starts again from the first event';
  if (held === null)
    return `${stopped}. The log was not changed; the read models were emptied and hold none of its ${total} events yet: the next command that reads them rebuilds them, ${again}`;
  return (
    `${stopped}. The log was not changed; the read models hold its first ${held} of ${total} events ` +
    `(each range committed with its checkpoint): the next command that reads them goes on from there, ${again}`
  );
}

/**
 * The read models' checkpoint after a rebuild: the log position they hold up to, which counts the
 * events they hold. A log with no events leaves the runner none (null); that is position 0, before
 * the first event, as every catch-up reads it, and as the text's "from 0 events" says.
 */
function heldPosition(result: { readonly checkpoint: number | null }): number {
  return result.checkpoint ?? 0;
}

/** What a rebuild says it did, for --json: the same numbers as its text line. */
export function rebuiltJson(
  result: { readonly processed: number; readonly checkpoint: number | null },
  ms: number,
): { processed: number; checkpoint: number; ms: number } {
  return { processed: result.processed, checkpoint: heldPosition(result), ms };
}

/**
 * What a rebuild says it did: the events the read models now hold (the log's positions run from 1
 * without a gap, so the checkpoint counts them), whoever applied them. Another process at work on
 * the same read models (a kb rebuild, a command catching up) may have applied some, when this run
 * applied fewer than that; said, as the run's own count would read as the log's size.
 */
export function rebuiltLine(
  result: { readonly processed: number; readonly checkpoint: number | null },
  ms: number,
): string {
  const held = heldPosition(result);
  const shared =
    result.processed < held
      ? ` (${result.processed} of them applied by this run; another process working on the read models meanwhile applied the rest)`
      : '';
  return `rebuilt the read models from ${held} events in ${ms} ms${shared}`;
}

/** The log's own tables, checked when the read models beside them turn out damaged. */
const LOG_TABLES = ['events', 'head', 'meta', 'event_ids_1', 'event_ids_2'];

/**
 * Why the read models could not be rebuilt in place (SQLite cannot drop a table whose pages it
 * cannot read), whether the log beside them reads through, and what to do.
 */
function cannotRebuild(path: string, db: Database, error: unknown): string {
  const damage = readModelDamage(db);
  const what = damage.length > 0 ? damage.join('; ') : error instanceof Error ? error.message : String(error);
  const logDamage = LOG_TABLES.flatMap((table) => {
    try {
      const result = db.prepare(`PRAGMA quick_check(${table})`).pluck().all() as string[];
      return result[0] === 'ok' ? [] : [`${table}: ${result[0]}`];
    } catch (e) {
      // A table this store's version does not have is no damage.
      const message = e instanceof Error ? e.message : String(e);
      return /no such table/.test(message) ? [] : [`${table}: ${message}`];
    }
  });
  const log =
    logDamage.length === 0
      ? `The log's own tables read through (PRAGMA quick_check of ${LOG_TABLES.join(', ')}); kb verify checks its chain, and the read commands answer from it folded in memory meanwhile.`
      : `The log's own tables are damaged too (${logDamage.join('; ')}): kb verify says from which event on.`;
  const file = shellWord(path);
  return (
    `the read models in ${path} cannot be rebuilt in place: ${what}, and SQLite cannot drop a table whose pages it cannot read, so nothing was changed. ${log} ` +
    `To have read models again, copy the log (and the findings kept beside it) into a new file and rebuild there, e.g. with the sqlite3 shell: sqlite3 ${file} ".dump ${[...LOG_TABLES, LOG_FINDINGS_TABLE].join(' ')}" | sqlite3 NEW.sqlite, then kb verify --store NEW.sqlite (the chain shows whether the copy lost anything) and kb rebuild --store NEW.sqlite.`
  );
}
