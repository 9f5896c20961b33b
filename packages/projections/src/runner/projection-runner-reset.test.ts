// Another connection resets the read models (a `kb rebuild`) while a runner catches up: the runner's
// next chunk no longer follows what is stored, and it must read on from the stored checkpoint, not
// apply the chunk and leave the stretch between out of the read models for good.

import type { SqliteEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { type RecordedEvent, readRecorded } from '../events/recorded-event.js';
import { openReadModels, type SqliteReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll } from '../testing/event-factory.js';
import { ProjectionRunner } from './projection-runner.js';
import { fixture, openStore, rebuiltDump, useStoreFile } from './projection-runner-testing.js';

useStoreFile();

/** The first `count` events of the store's log, as the read models take them. */
async function firstEvents(store: ReturnType<typeof openStore>, count: number) {
  const events = [];
  for await (const stored of store.readAll({ maxCount: count })) events.push(readRecorded(stored));
  return events;
}

/**
 * A runner's onChunk that, the first time the runner has got to `at`, resets the read models on
 * another connection (`elsewhere`) and applies `head` there, as a rebuild that far along would.
 */
function resetElsewhereAt(at: number, elsewhere: SqliteReadModels, head: RecordedEvent[]) {
  const reset = {
    times: 0,
    onChunk: (checkpoint: number) => {
      if (checkpoint !== at || reset.times > 0) return;
      reset.times++;
      elsewhere.startRebuild();
      expect(elsewhere.applyChunk(head, head.at(-1)!.envelope.position, null)).toBe(true);
    },
  };
  return reset;
}

/** The reset happened once, and the read models hold the whole log, as a rebuild would. */
async function expectResetOnceAndCaughtUp(store: SqliteEventStore, reset: { times: number }) {
  expect(reset.times).toBe(1);
  expect(openReadModels(store.database).status().checkpoint).toBe(fixture.length);
  expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
}

/**
 * A store of the fixture's first 20 events, a runner following it (caught up first when `catchUpFirst`),
 * another connection's read models (`elsewhere`) to reset, and `reached`, which waits (bounded) until
 * the stored checkpoint is the one given.
 */
async function followingTwenty(catchUpFirst: boolean) {
  const store = openStore();
  await appendAll(store, fixture.slice(0, 20));
  const other = openStore();
  const elsewhere = openReadModels(other.database);
  const runner = new ProjectionRunner(store, openReadModels(store.database), { chunkSize: 100 });
  if (catchUpFirst) await runner.catchUp();
  const stop = new AbortController();
  const following = runner.follow(stop.signal);
  const models = openReadModels(store.database);
  const reached = async (checkpoint: number) => {
    for (let i = 0; i < 500 && models.status().checkpoint !== checkpoint; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(models.status().checkpoint).toBe(checkpoint);
  };
  return { store, other, elsewhere, models, reached, stop, following };
}

describe('ProjectionRunner beside a connection that resets the read models', () => {
  it('reads on from the stored checkpoint when a rebuild elsewhere is behind its next chunk, skipping nothing', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    // The other connection: a rebuild that reset the tables and has applied only 3 events so far.
    const other = openStore();
    const elsewhere = openReadModels(other.database);
    const head = await firstEvents(other, 3);
    const reset = resetElsewhereAt(10, elsewhere, head);
    await new ProjectionRunner(store, openReadModels(store.database), {
      chunkSize: 5,
      onChunk: reset.onChunk,
    }).catchUp();
    await expectResetOnceAndCaughtUp(store, reset);
  });

  it('refuses a chunk read after a checkpoint the stored read models do not reach', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const models = openReadModels(store.database);
    const events = await firstEvents(store, 15);
    expect(models.applyChunk(events.slice(0, 10), 10, null)).toBe(true);
    models.startRebuild();
    expect(models.applyChunk(events.slice(0, 5), 5, null)).toBe(true);
    expect(models.applyChunk(events.slice(10, 15), 15, 10)).toBe(false);
    expect(models.status().checkpoint).toBe(5);
    // Read after the stored checkpoint, or before it (a replay), it is taken.
    expect(models.applyChunk(events.slice(5, 15), 15, 5)).toBe(true);
    expect(models.status().checkpoint).toBe(15);
  });

  it('keeps its checkpoint where it is when a chunk it has already passed is replayed', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const models = openReadModels(store.database);
    const events = await firstEvents(store, 20);
    expect(models.applyChunk(events, 20, null)).toBe(true);
    // The first 10 again, read from the log's start: taken, changing nothing, the checkpoint not moved back.
    expect(models.applyChunk(events.slice(0, 10), 10, null)).toBe(true);
    expect(models.status().checkpoint).toBe(20);
    await new ProjectionRunner(store, models).catchUp();
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });

  it('reads on from the stored checkpoint, not from its own, when a rebuild elsewhere is behind where it got but past where it began', async () => {
    const store = openStore();
    await appendAll(store, fixture);
    const other = openStore();
    const elsewhere = openReadModels(other.database);
    const head = await firstEvents(other, 8);
    const mine = openReadModels(store.database);
    expect(mine.applyChunk(head.slice(0, 1), 1, null)).toBe(true);
    // Bounded: a runner that kept reading after its own checkpoint would be refused for ever.
    const applyChunk = mine.applyChunk.bind(mine);
    let applied = 0;
    mine.applyChunk = (...args) => {
      if (++applied > 200) throw new Error('more than 200 chunks: the runner keeps being refused');
      return applyChunk(...args);
    };
    // The runner began after 1 and has got to 11; the rebuild elsewhere has got to 8.
    const reset = resetElsewhereAt(11, elsewhere, head);
    await new ProjectionRunner(store, mine, { chunkSize: 5, onChunk: reset.onChunk }).catchUp();
    await expectResetOnceAndCaughtUp(store, reset);
  });

  it('follows on after a reset elsewhere, catching up the stretch it would have skipped', async () => {
    const { store, other, elsewhere, models, reached, stop, following } = await followingTwenty(false);
    // One event more, taken live: the follower is subscribed after its catch-up.
    await reached(20);
    await appendAll(store, fixture.slice(20, 21));
    await reached(21);
    // Reset elsewhere, three events applied there, then more appended: the follower's next chunk
    // (read after 21) no longer follows what is stored.
    elsewhere.startRebuild();
    elsewhere.applyChunk(await firstEvents(other, 3), 3, null);
    await appendAll(store, fixture.slice(21));
    await reached(fixture.length);
    stop.abort();
    await following;
    expect(models.status().checkpoint).toBe(fixture.length);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });

  it('follows on after a reset elsewhere to exactly where it began following, catching up the stretch taken live since', async () => {
    const { store, other, elsewhere, reached, stop, following } = await followingTwenty(true);
    await reached(20);
    // Let the follower subscribe after 20 before anything more is appended.
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Two chunks taken live, 21 and 22: the follower's next chunk is read after 22.
    await appendAll(store, fixture.slice(20, 21));
    await reached(21);
    await appendAll(store, fixture.slice(21, 22));
    await reached(22);
    // Reset elsewhere and rebuilt as far as the follower began (20): 21 and 22 are not in the tables,
    // and a chunk taken for read after 20 would leave them out.
    elsewhere.startRebuild();
    expect(elsewhere.applyChunk(await firstEvents(other, 20), 20, null)).toBe(true);
    await appendAll(store, fixture.slice(22));
    await reached(fixture.length);
    stop.abort();
    await following;
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });
});
