// Every kb command opens the store for writing, the ones that only read too. Opening a file already
// at this schema version must not take the write lock: with another process inside a long write
// transaction (an ingest's large batch, a rebuild's step), `kb status` waited for it and then failed
// "database is locked", though it had nothing to write.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-open-beside-writer-');
afterAll(() => folder.remove());

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * A thread holding the write lock of `file` in an open transaction until `release` is called; it
 * then rolls back. Resolves once the lock is held.
 */
async function holdWriteLock(file: string): Promise<{ release(): Promise<void> }> {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.lib);
const db = new Database(workerData.file);
db.exec('BEGIN IMMEDIATE');
db.exec('CREATE TABLE test_other_writer (x INTEGER)');
parentPort.postMessage('holding');
Atomics.wait(workerData.signal, 0, 0);
db.exec('ROLLBACK');
db.close();`,
    { eval: true, workerData: { file, lib: BETTER_SQLITE3, signal } },
  );
  const exited = new Promise((resolve) => worker.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'holding' && resolve());
    worker.on('error', reject);
  });
  return {
    release: async () => {
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
      await exited;
    },
  };
}

describe('opening a store while another connection holds the write lock', () => {
  it('opens a file of this version without waiting for the lock, and reads it', async () => {
    const path = folder.fresh('current');
    const writer = openSqliteStore({ path });
    await writer.append('s-1', [newEvent('a'), newEvent('b')]);
    await writer.close();
    const other = await holdWriteLock(path);
    try {
      // No wait allowed: an open that asked for the lock would fail at once.
      const reader = openSqliteStore({ path, busyTimeoutMs: 0 });
      try {
        expect((await collect(reader.readAll())).map((e) => e.data)).toEqual(['a', 'b']);
      } finally {
        await reader.close();
      }
    } finally {
      await other.release();
    }
  });
});
