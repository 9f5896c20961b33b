import { openReadModels, ProjectionRunner, recordLogCut, storedLogCut } from '@kb/projections';
import { SqliteEventStore } from '@kb/store';
import type { ParsedCommand } from '../args/parse-args.js';
import { CliError, logCutNotice, openForWrite, requireKnowledgeBase } from '../context/open-context.js';
import type { Output } from './output.js';

/** Progress lines on stderr: one per tenth of the log at most. */
const PROGRESS_STEPS = 10;

/**
 * `kb rebuild`: drops the embedded store's read models and replays the whole log into them. The
 * queries rebuild on their own when the projection changes; this is for an operator who wants it
 * now (after restoring a file, say). The log itself is never touched.
 */
export async function rebuildCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  if (cmd.global.eventstore) {
    throw new CliError(
      'kb rebuild works on the embedded store: with --eventstore every query folds the log afresh, so there are no read models to rebuild',
    );
  }
  requireKnowledgeBase(cmd.global.store);
  const kb = await openForWrite(cmd.global);
  try {
    const store = kb.store;
    if (!(store instanceof SqliteEventStore)) throw new CliError('this store keeps no read models');
    // A rebuild drops the checkpoint, the one trace a rewritten or cut-back log leaves: kept and said first.
    const cut = storedLogCut(store.database, () => store.headPosition());
    if (cut !== undefined) {
      recordLogCut(store.database, cut);
      out.error(logCutNotice(cmd.global.store, cut, true, 'rebuilding them from the log'));
    }
    const total = store.headPosition();
    const step = Math.max(1, Math.ceil(total / PROGRESS_STEPS));
    let done = 0;
    let reported = 0;
    const start = performance.now();
    const result = await new ProjectionRunner(store, openReadModels(store.database), {
      onChunk: (_checkpoint, applied) => {
        done += applied;
        if (!cmd.global.json && done - reported >= step && done < total) {
          reported = done;
          out.error(`rebuilding: ${done} of ${total} events`);
        }
      },
    }).rebuild();
    const ms = Math.round(performance.now() - start);
    if (cmd.global.json) out.json({ processed: result.processed, checkpoint: result.checkpoint, ms });
    else out.text(`rebuilt the read models from ${result.processed} events in ${ms} ms`);
    return 0;
  } finally {
    await kb.close();
  }
}
