import { describe, expect, it } from 'vitest';
import { collect, numbered } from '../contract/contract-context.js';
import { describeEventStoreContract } from '../contract/event-store-contract.js';
import { MemoryEventStore } from './memory-event-store.js';

describeEventStoreContract('memory', async () => ({ store: new MemoryEventStore() }));

describe('memory event store', () => {
  it('never records an event before the one it follows, when its clock steps back', async () => {
    const clock = ['2024-05-02T10:00:00Z', '2024-05-01T10:00:00Z', '2024-05-03T10:00:00Z'];
    const store = new MemoryEventStore({ clock: () => new Date(clock.shift()!) });
    for (const stream of ['a', 'b', 'c']) await store.append(stream, numbered(1));
    expect((await collect(store.readAll())).map((e) => e.recordedAt)).toEqual([
      '2024-05-02T10:00:00.000Z',
      '2024-05-02T10:00:00.000Z',
      '2024-05-03T10:00:00.000Z',
    ]);
  });
});
