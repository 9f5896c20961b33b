// Another connection is writing to the file (an ingest's transaction) when the read models start a
// transaction that reads, then writes: each takes the write lock first, waits for the other writer,
// and goes through. A transaction that read first on the older state would be refused the lock the
// moment it went to write (SQLITE_BUSY, which no wait can mend), and the command would fail.
import { writeLockOnThread } from '@kb/store/testing';
import { describe, expect, it } from 'vitest';
import { readRecorded } from '../events/recorded-event.js';
import { fixture, openStore, path, useStoreFile } from '../runner/projection-runner-testing.js';
import { appendAll } from '../testing/event-factory.js';
import { RebuildClaims } from './rebuild-claims.js';
import { openReadModels } from './sqlite-read-models.js';

useStoreFile();

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
    const writer = await writeLockOnThread(path, { commitAfterMs: 300 });
    expect(models.applyChunk(events, events.at(-1)!.envelope.position, null)).toBe(true);
    await writer.done;
    expect(models.status().checkpoint).toBe(events.at(-1)!.envelope.position);
  });

  it('startRebuild, only if empty, waits for it and starts the rebuild', async () => {
    const { models } = await storeAndModels(10);
    const writer = await writeLockOnThread(path, { commitAfterMs: 300 });
    expect(models.startRebuild(undefined, true)).toBe(true);
    await writer.done;
    expect(models.status().checkpoint).toBeNull();
  });

  it('rebuildRange waits for it and applies the range', async () => {
    const { models, events } = await storeAndModels(10);
    expect(models.startRebuild()).toBe(true);
    const writer = await writeLockOnThread(path, { commitAfterMs: 300 });
    const step = models.rebuildRange(null, 100, new RebuildClaims());
    await writer.done;
    expect(step).toEqual({ last: events.at(-1)!.envelope.position, count: events.length });
    expect(models.status().checkpoint).toBe(events.at(-1)!.envelope.position);
  });
});
