// Two runners catching up one file at once: each counts as processed only the events it applied
// itself, not those of its chunk the other had applied first. The interleaving is made exact by the
// store one runner reads through, which stops in the middle of its read until the other has run.
import type { EventStore, ReadAllOptions, SqliteEventStore, StoredEvent } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { type RecordedEvent, readRecorded } from '../events/recorded-event.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll } from '../testing/event-factory.js';
import { ProjectionRunner } from './projection-runner.js';
import { fixture, half, openStore, rebuiltDump, useStoreFile } from './projection-runner-testing.js';

useStoreFile();

/** `store`, whose readAll is `readAll` instead (every other member the store's own). */
function readingThrough(
  store: SqliteEventStore,
  readAll: (options: ReadAllOptions | undefined) => AsyncIterable<StoredEvent>,
): EventStore {
  return new Proxy(store, {
    get(target, name) {
      if (name === 'readAll') return readAll;
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('ProjectionRunner beside another runner on the same file', () => {
  it('counts only the events of a chunk it applied, not those the other applied after it read them', async () => {
    const store = openStore();
    await appendAll(store, fixture.slice(0, half));
    await new ProjectionRunner(store, openReadModels(store.database)).catchUp();
    await appendAll(store, fixture.slice(half));
    const rest = fixture.length - half;

    // Runner A, on a connection of its own, reads three events at a time and stops there.
    const other = openStore();
    const a = new ProjectionRunner(
      readingThrough(other, (options) => other.readAll({ ...options, maxCount: 3 })),
      openReadModels(other.database),
      { chunkSize: 3 },
    );
    let byA: number | null = null;
    const chunks: [number, number][] = [];
    // Runner B has read the first event after the checkpoint when A applies the first three.
    const b = new ProjectionRunner(
      readingThrough(store, async function* (options) {
        for await (const event of store.readAll(options)) {
          if (event.position === half + 2 && byA === null) byA = (await a.catchUp()).processed;
          yield event;
        }
      }),
      openReadModels(store.database),
      { chunkSize: 5, onChunk: (checkpoint, processed) => chunks.push([checkpoint, processed]) },
    );
    const byB = await b.catchUp();

    expect(byA).toBe(3);
    // B's first chunk held positions half+1 to half+5, of which A had applied the first three.
    expect(chunks[0]).toEqual([half + 5, 2]);
    expect(byB).toEqual({ processed: rest - 3, checkpoint: fixture.length });
    expect(byB.processed + byA!).toBe(rest);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });

  it('never moves the checkpoint back when the other has applied past the chunk it commits', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const other = openStore();
    const elsewhere = openReadModels(other.database);
    const ahead: RecordedEvent[] = [];
    for await (const stored of other.readAll({ maxCount: 20 })) ahead.push(readRecorded(stored));
    const mine = openReadModels(store.database);
    expect(mine.applyChunk(ahead.slice(0, 1), 1, null)).toBe(true);
    let overtaken = false;
    const runner = new ProjectionRunner(store, mine, {
      chunkSize: 5,
      onChunk: (checkpoint) => {
        // Once this runner is at 6, the other applies as far as 20: this one's next chunk (7 to
        // 11) is all applied already, and its checkpoint must stay at 20, not go back to 11.
        if (checkpoint !== 6 || overtaken) return;
        overtaken = true;
        expect(elsewhere.applyChunk(ahead, 20, 6)).toBe(true);
      },
    });
    const result = await runner.catchUp();
    expect(overtaken).toBe(true);
    expect(result.checkpoint).toBe(fixture.length);
    expect(openReadModels(store.database).status().checkpoint).toBe(fixture.length);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });
});
