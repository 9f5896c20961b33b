// readStream and readAll on the adapter, driven through StandInClient: an in-process stand-in for
// the client's documented behaviour (eventstoredb-client-stand-in.ts), not a server. What is checked
// here is which calls the adapter makes on the client: none for a read of no events, and a cancel
// for a read its caller stopped early.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../port/event-store.js';
import { StandInRead } from './eventstoredb-client-stand-in.js';
import { standInStoreWith as storeWith } from './eventstoredb-stand-in-store.js';

async function drain(read: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of read) out.push(event);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a read of maxCount 0', () => {
  it('readStream returns nothing and makes no read call', async () => {
    const { client, store } = await storeWith(3);
    const before = client.readStreamCalls.length;
    expect(await drain(store.readStream('s', { maxCount: 0 }))).toEqual([]);
    expect(await drain(store.readStream('s', { fromRevision: 1, maxCount: 0 }))).toEqual([]);
    expect(client.readStreamCalls.length).toBe(before);
    // A read of one does call, so the count above is the one the adapter would raise.
    expect(await drain(store.readStream('s', { maxCount: 1 }))).toHaveLength(1);
    expect(client.readStreamCalls.length).toBe(before + 1);
    await store.close();
  });

  it('readAll returns nothing and makes no read call, not even to find where `after` starts', async () => {
    const { client, store } = await storeWith(3);
    const [first] = await drain(store.readAll({ maxCount: 1 }));
    const before = client.readAllCalls.length;
    expect(await drain(store.readAll({ maxCount: 0 }))).toEqual([]);
    expect(await drain(store.readAll({ maxCount: 0, after: first!.position }))).toEqual([]);
    expect(await drain(store.readAll({ maxCount: 0, filter: { eventTypes: ['T'] } }))).toEqual([]);
    expect(client.readAllCalls.length).toBe(before);
    await store.close();
  });
});

describe('a read its caller stops early', () => {
  it('readStream cancels its read call', async () => {
    const { store } = await storeWith(3);
    const cancel = vi.spyOn(StandInRead.prototype, 'cancel');
    for await (const event of store.readStream('s')) {
      expect(event.revision).toBe(0);
      break;
    }
    expect(cancel).toHaveBeenCalledTimes(1);
    await store.close();
  });

  it('readAll cancels its read call', async () => {
    const { store } = await storeWith(3);
    const cancel = vi.spyOn(StandInRead.prototype, 'cancel');
    for await (const event of store.readAll()) {
      expect(event.revision).toBe(0);
      break;
    }
    expect(cancel).toHaveBeenCalledTimes(1);
    await store.close();
  });

  it('a read that ran to its end is not cancelled: the call is over already', async () => {
    const { store } = await storeWith(3);
    const cancel = vi.spyOn(StandInRead.prototype, 'cancel');
    expect(await drain(store.readStream('s'))).toHaveLength(3);
    expect(await drain(store.readAll())).toHaveLength(3);
    expect(cancel).not.toHaveBeenCalled();
    await store.close();
  });
});
