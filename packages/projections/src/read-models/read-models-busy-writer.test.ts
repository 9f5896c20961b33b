// Another connection is writing to the file (an ingest's transaction) when the read models start a
// transaction that reads, then writes: each takes the write lock first, waits for the other writer,
// and goes through. A transaction that read first on the older state would be refused the lock the
// moment it went to write (SQLITE_BUSY, which no wait can mend), and the command would fail.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readRecorded } from '../events/recorded-event.js';
import { fixture, openStore, path, useStoreFile } from '../runner/projection-runner-testing.js';
import { appendAll } from '../testing/event-factory.js';
import { RebuildClaims } from './rebuild-claims.js';
import { openReadModels } from './sqlite-read-models.js';

useStoreFile();

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * A thread that opens the file, writes in a transaction of its own, holds it `holdMs`, then commits.
 * Resolves once it holds the write lock; `done` once it has committed.
 */
async function writerHoldingTheLock(file: string, holdMs: number) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.lib);
const db = new Database(workerData.file);
db.exec('BEGIN IMMEDIATE');
db.exec('CREATE TABLE test_other_writer (x INTEGER); INSERT INTO test_other_writer VALUES (1)');
parentPort.postMessage('holding');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
db.exec('COMMIT');
db.close();
parentPort.postMessage('committed');`,
    { eval: true, workerData: { file, lib: BETTER_SQLITE3, holdMs } },
  );
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'committed' && resolve());
    worker.on('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'holding' && resolve());
    worker.on('error', reject);
  });
  return { done, exited: new Promise((resolve) => worker.on('exit', resolve)) };
}

/** The store of the fixture's first `count` events and read models open on it. */
async function storeAndModels(count: number) {
  const store = openStore();
  await appendAll(store, fixture.slice(0, count));
  const events = [];
  for await (const stored of store.readAll()) events.push(readRecorded(stored));
  return { store, models: openReadModels(store.database), events };
}

describe('read models beside another connection holding the write lock', () => {
  it('applyChunk waits for it and applies the chunk', async () => {
    const { models, events } = await storeAndModels(10);
    const writer = await writerHoldingTheLock(path, 300);
    expect(models.applyChunk(events, events.at(-1)!.envelope.position, null)).toBe(true);
    await writer.done;
    expect(models.status().checkpoint).toBe(events.at(-1)!.envelope.position);
    await writer.exited;
  });

  it('startRebuild, only if empty, waits for it and starts the rebuild', async () => {
    const { models } = await storeAndModels(10);
    const writer = await writerHoldingTheLock(path, 300);
    expect(models.startRebuild(undefined, true)).toBe(true);
    await writer.done;
    expect(models.status().checkpoint).toBeNull();
    await writer.exited;
  });

  it('rebuildRange waits for it and applies the range', async () => {
    const { models, events } = await storeAndModels(10);
    expect(models.startRebuild()).toBe(true);
    const writer = await writerHoldingTheLock(path, 300);
    const step = models.rebuildRange(null, 100, new RebuildClaims());
    await writer.done;
    expect(step).toEqual({ last: events.at(-1)!.envelope.position, count: events.length });
    expect(models.status().checkpoint).toBe(events.at(-1)!.envelope.position);
    await writer.exited;
  });
});
