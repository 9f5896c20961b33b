import { describe, expect, it } from 'vitest';
import { describeEventStoreContract } from '../contract/event-store-contract.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import { EventIdConflictError, WrongExpectedRevisionError } from '../port/errors.js';
import type { EventStore, NewEvent, StoredEvent } from '../port/event-store.js';
import { namespacedStore } from './namespaced-store.js';

const claim = (id: string, quote = id): NewEvent => ({
  id,
  type: 'ClaimRecorded',
  version: 1,
  data: { quote },
});

async function drain(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

// The EventStoreDB suite runs the contract through this view, on a server of its own. Here it runs
// over the memory store, so the view itself is held to the contract where no server is.
describeEventStoreContract(
  'namespaced memory',
  async () => ({
    store: namespacedStore(new MemoryEventStore(), 'ns-1-'),
  }),
  { chain: 'per-stream' },
);

describe('namespacedStore', () => {
  it('gives each prefix its own view of one store, with stream names as the caller wrote them', async () => {
    const inner = new MemoryEventStore();
    const first = namespacedStore(inner, 'run1-');
    const second = namespacedStore(inner, 'run2-');
    await first.append('mission-1', [claim('a')], { expectedRevision: 'no_stream' });
    await second.append('mission-1', [claim('b')], { expectedRevision: 'no_stream' });

    expect((await drain(first.readAll())).map((e) => [e.stream, e.id])).toEqual([['mission-1', 'a']]);
    expect((await drain(second.readStream('mission-1'))).map((e) => e.id)).toEqual(['b']);
    expect((await drain(inner.readAll())).map((e) => e.stream)).toEqual(['run1-mission-1', 'run2-mission-1']);
    const filtered = await drain(first.readAll({ filter: { streamPrefix: 'report-' } }));
    expect(filtered).toEqual([]);
  });

  it('names the caller’s stream in conflicts', async () => {
    const store = namespacedStore(new MemoryEventStore(), 'ns-');
    await store.append('mission-1', [claim('a')]);
    const wrong = store.append('mission-1', [claim('b')], { expectedRevision: 'no_stream' });
    await expect(wrong).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(wrong).rejects.toMatchObject({ stream: 'mission-1', expected: 'no_stream', actual: 0 });
    const clash = store.appendMany([{ stream: 'mission-1', events: [claim('a', 'edited')] }]);
    await expect(clash).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(clash).rejects.toMatchObject({ stream: 'mission-1', eventId: 'a' });
  });

  it('refuses an empty or non-text stream name in appendMany before the prefix makes it a real one', async () => {
    const inner = new MemoryEventStore();
    const store = namespacedStore(inner, 'ns-');
    const empty = store.appendMany([{ stream: '', events: [claim('a')] }]);
    await expect(empty).rejects.toBeInstanceOf(TypeError);
    await expect(empty).rejects.toThrow(
      'appendMany: writes[0]: stream must be a non-empty string, got the text ""',
    );
    const number = store.appendMany([
      { stream: 'mission-1', events: [claim('b')] },
      { stream: 7 as never, events: [claim('c')] },
    ]);
    await expect(number).rejects.toThrow('appendMany: writes[1]: stream must be a non-empty string, got 7');
    // Nothing reached the inner store: not "ns-" nor "ns-7", nor the valid write before the wrong one.
    expect(await drain(inner.readAll())).toEqual([]);
  });

  it('refuses a stream name that is not text in readStream, rather than reading the prefixed "ns-5"', async () => {
    const inner = new MemoryEventStore();
    await inner.append('ns-5', [claim('a')]);
    const store = namespacedStore(inner, 'ns-');
    const read = (async () => drain(store.readStream(5 as never)))();
    await expect(read).rejects.toBeInstanceOf(TypeError);
    await expect(read).rejects.toThrow('readStream: stream must be a string, got 5');
    // The empty name is text, and reads as a stream with no events, as on the memory store.
    expect(await drain(store.readStream(''))).toEqual([]);
    expect(await drain(inner.readStream(''))).toEqual([]);
  });

  it('says batches are atomic exactly when the store under it does', () => {
    // Only the flag is read when the view is made; EventStoreDB's store is the one that says false.
    const notAtomic = { atomicBatches: false } as EventStore;
    expect(namespacedStore(notAtomic, 'ns-').atomicBatches).toBe(false);
    expect(namespacedStore(new MemoryEventStore(), 'ns-').atomicBatches).toBe(true);
  });

  it('subscribes to its own streams only', async () => {
    const inner = new MemoryEventStore();
    const store = namespacedStore(inner, 'ns-');
    await inner.append('other-1', [claim('x')]);
    await store.append('mission-1', [claim('a')]);
    const subscription = store.subscribe();
    const seen: string[] = [];
    for await (const event of subscription) {
      seen.push(`${event.stream}/${event.id}`);
      if (seen.length === 1) await store.append('mission-2', [claim('b')]);
      if (seen.length === 2) break;
    }
    await subscription.close();
    expect(seen).toEqual(['mission-1/a', 'mission-2/b']);
  });
});
