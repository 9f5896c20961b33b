// Another connection holding a store file's write lock, on a thread of its own, as another process's
// long write transaction (an ingest's batch, a rebuild's step) would: for the tests of what waits
// for it and what must not.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/** A write transaction held on a thread: `release` ends it (once); `done` resolves when it has ended. */
export interface HeldWriteLock {
  release(): Promise<void>;
  readonly done: Promise<void>;
}

/**
 * Opens `file` on a thread, begins a write transaction there (BEGIN IMMEDIATE) and writes a table
 * of its own into it; resolves once the lock is held. Ended by `release`, which rolls it back, or,
 * with `commitAfterMs`, by the thread itself that long after, committing: a connection that read
 * the file before then reads an older state than the one it must write on. A thread blocked
 * meanwhile waiting for the lock cannot call `release`, hence the timed end.
 */
export async function writeLockOnThread(
  file: string,
  options: { readonly commitAfterMs?: number } = {},
): Promise<HeldWriteLock> {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.lib);
const db = new Database(workerData.file);
db.exec('BEGIN IMMEDIATE');
db.exec('CREATE TABLE test_other_writer (x INTEGER); INSERT INTO test_other_writer VALUES (1)');
parentPort.postMessage('holding');
const timed = workerData.commitAfterMs !== undefined;
Atomics.wait(workerData.signal, 0, 0, timed ? workerData.commitAfterMs : undefined);
db.exec(timed ? 'COMMIT' : 'ROLLBACK');
db.close();`,
    { eval: true, workerData: { file, lib: BETTER_SQLITE3, signal, commitAfterMs: options.commitAfterMs } },
  );
  const done = new Promise<void>((resolve, reject) => {
    worker.on('exit', () => resolve());
    worker.on('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'holding' && resolve());
    worker.on('error', reject);
  });
  return {
    done,
    release: async () => {
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
      await done;
    },
  };
}
