// The store's helper threads (read-ahead, checkpoints) run plain JavaScript with `eval`, loading the
// driver from the path this module resolves, so a worker needs no TypeScript loader.
import { createRequire } from 'node:module';
import { type TransferListItem, Worker } from 'node:worker_threads';

/** better-sqlite3's entry point, for `require` inside a worker. */
export const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Starts `source` on a thread of its own with `workerData` (plus `driver`). The thread never keeps
 * the process alive: the store that started it stops it on close.
 */
export function startSqliteWorker(
  source: string,
  workerData: Record<string, unknown>,
  transferList: readonly TransferListItem[] = [],
): Worker {
  const worker = new Worker(source, {
    eval: true,
    workerData: { ...workerData, driver: DRIVER },
    transferList: [...transferList],
    // Plain JavaScript needs none of the parent's flags: a loader such as tsx, inherited, would be
    // set up in the worker for nothing (about 3 ms of its start).
    execArgv: [],
  });
  worker.unref();
  return worker;
}
