// A catch-up gives the event loop a turn after each chunk it commits, as a rebuild does after each
// range, so that a command catching up thousands of events takes Ctrl-C between two chunks rather
// than once the whole catch-up is over (the read commands' signal handling, in the cli package).
import { describe, expect, it } from 'vitest';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { appendAll } from '../testing/event-factory.js';
import { ProjectionRunner } from './projection-runner.js';
import { fixture, half, openStore, useStoreFile } from './projection-runner-testing.js';

useStoreFile();

describe('a catch-up and the event loop', () => {
  it('lets a callback waiting on the event loop run after its first chunk, not after its last', async () => {
    const store = openStore();
    await appendAll(store, fixture.slice(0, half));
    const models = openReadModels(store.database);
    // The first catch-up goes the rebuild's way; the one this test is about goes chunk by chunk.
    await new ProjectionRunner(store, models).catchUp();
    await appendAll(store, fixture.slice(half));

    let committed = 0;
    let committedWhenTurned: number | null = null;
    setImmediate(() => {
      committedWhenTurned = committed;
    });
    const runner = new ProjectionRunner(store, models, {
      chunkSize: 4,
      onChunk: () => {
        committed++;
      },
    });
    const result = await runner.catchUp();
    expect(result.processed).toBe(fixture.length - half);
    expect(committed).toBeGreaterThan(2);
    expect(committedWhenTurned).toBe(1);
  });
});
