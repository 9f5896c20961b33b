import { existsSync } from 'node:fs';
import { type KnowledgeBase, openKnowledgeBase } from '@kb/ingest';
import {
  type KnowledgeView,
  knowledgeView,
  loadKnowledge,
  openReadModels,
  ProjectionRunner,
} from '@kb/projections';
import { SqliteEventStore } from '@kb/store';
import type { GlobalOptions } from '../args/parse-args.js';
import { type ProgressSink, progressBar } from '../render/progress.js';

/** Something the user can fix (a missing store, an unknown mission): printed plainly, exit 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ReadContext {
  readonly kb: KnowledgeBase;
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

const SILENT: ProgressSink = { update() {}, finish() {} };

/** Opens the store for writing (creating the embedded file if needed). */
export async function openForWrite(global: GlobalOptions): Promise<KnowledgeBase> {
  return global.eventstore
    ? openKnowledgeBase({ eventstore: global.eventstore })
    : openKnowledgeBase({ store: global.store });
}

/**
 * Opens the store for reading and brings the read models up to the head of the log. On the embedded
 * store the read models live in the same SQLite file and only new events are applied; on
 * EventStoreDB the log is folded in memory. Catching up a long stretch of the log (after a large
 * ingest, or a rebuild when the projection changed) shows a progress bar on a terminal.
 */
export async function openForRead(
  global: GlobalOptions,
  progressFor: (positions: number) => ProgressSink = terminalProgress,
): Promise<ReadContext> {
  if (!global.eventstore && !existsSync(global.store)) {
    throw new CliError(
      `no knowledge base at ${global.store}: ingest something first (kb ingest FILE, or npm start for the bundled dataset), or name another with --store PATH`,
    );
  }
  const kb = await openForWrite(global);
  try {
    if (kb.store instanceof SqliteEventStore) {
      const models = openReadModels(kb.store.database);
      const from = models.status().checkpoint ?? 0;
      const head = kb.store.headPosition();
      const progress = progressFor(head - from);
      let applied = 0;
      const runner = new ProjectionRunner(kb.store, models, {
        onChunk: (checkpoint, processed) => {
          applied += processed;
          progress.update(checkpoint - from, head - from, `caught up ${applied} events`);
        },
      });
      let processed: number;
      try {
        ({ processed } = await runner.catchUp());
      } finally {
        progress.finish();
      }
      return { kb, view: models, caughtUp: processed, close: () => kb.close() };
    }
    const state = await loadKnowledge(kb.store);
    return { kb, view: knowledgeView(state), caughtUp: 0, close: () => kb.close() };
  } catch (error) {
    await kb.close();
    throw error;
  }
}
