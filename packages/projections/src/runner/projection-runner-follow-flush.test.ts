// follow() returns only once every event its subscription handed over is applied: events still
// waiting in its buffer when the signal aborts are committed before it returns, however quickly the
// subscription closes (here at once, before the buffer's scheduled flush could run).
import type { EventStore, SqliteEventStore, Subscription } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll } from '../testing/event-factory.js';
import { ProjectionRunner } from './projection-runner.js';
import { fixture, half, openStore, rebuiltDump, useStoreFile } from './projection-runner-testing.js';

useStoreFile();

/**
 * The store, saying when it is first subscribed to, whose subscriptions abort `controller` as they are about to hand over their `abortAt`-th
 * event and whose close resolves at once (the real one is closed beside it).
 */
function abortingStore(store: SqliteEventStore, controller: AbortController, abortAt: number) {
  const closing: Promise<void>[] = [];
  let onSubscribe = () => {};
  const subscribed = new Promise<void>((resolve) => {
    onSubscribe = resolve;
  });
  const subscribe = (options?: Parameters<EventStore['subscribe']>[0]): Subscription => {
    const real = store.subscribe(options);
    onSubscribe();
    const events = real[Symbol.asyncIterator]();
    let handed = 0;
    let closed = false;
    return {
      [Symbol.asyncIterator]: () => ({
        async next() {
          if (closed) return { done: true, value: undefined };
          const next = await events.next();
          if (next.done) return next;
          handed += 1;
          if (handed === abortAt) controller.abort();
          return next;
        },
      }),
      close() {
        closed = true;
        closing.push(real.close());
        return Promise.resolve();
      },
    };
  };
  const wrapped = new Proxy(store, {
    get(target, key) {
      if (key === 'subscribe') return subscribe;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapped, subscribed, closed: () => Promise.all(closing) };
}

describe('ProjectionRunner.follow, aborted with events in its buffer', () => {
  it('commits them before it returns', async () => {
    const store = openStore();
    await appendAll(store, fixture.slice(0, half));
    const models = openReadModels(store.database);
    const controller = new AbortController();
    const live = fixture.slice(half, half + 3);
    const aborting = abortingStore(store, controller, live.length);
    // Chunks far larger than what comes: only a flush puts the live events in the read models.
    const following = new ProjectionRunner(aborting.store, models, { chunkSize: 1000 }).follow(
      controller.signal,
    );
    // Appended once it follows, so that its catch-up has read none of them.
    await aborting.subscribed;
    await appendAll(store, live);
    const result = await following;
    await aborting.closed();

    let last = 0;
    for await (const e of store.readAll()) last = e.position;
    expect(result.checkpoint).toBe(last);
    expect(result.processed).toBe(half + live.length);
    expect(dumpReadModels(store.database)).toEqual(await rebuiltDump(store));
  });
});
