import { describe, expect, it } from 'vitest';
import { collect, numbered, rejectionOf } from '../contract/contract-context.js';
import { describeEventStoreContract } from '../contract/event-store-contract.js';
import type { ReadAllOptions } from '../port/event-store.js';
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

  // Not in the contract: the namespaced view (and so the EventStoreDB run) rewrites a filter into
  // an object with a text prefix before the store it wraps can check it.
  it('refuses a filter that is not an object, or a stream prefix that is not a string', async () => {
    const store = new MemoryEventStore();
    await store.append('s-1', numbered(1));
    const cases: [unknown, string][] = [
      ['x', 'filter must be an object, got the text "x"'],
      [{ streamPrefix: 5 }, 'filter.streamPrefix must be a string, got 5'],
    ];
    for (const [filter, message] of cases) {
      const read = await rejectionOf(collect(store.readAll({ filter } as ReadAllOptions)));
      expect(read).toBeInstanceOf(TypeError);
      expect((read as Error).message).toBe(`readAll: ${message}`);
      expect(() => store.subscribe({ filter } as ReadAllOptions)).toThrow(`subscribe: ${message}`);
    }
  });
});
