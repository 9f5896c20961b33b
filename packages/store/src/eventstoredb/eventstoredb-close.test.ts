// close() while a read is under way, driven through StandInClient: an in-process stand-in for the
// client's documented behaviour (eventstoredb-client-stand-in.ts), not a server. Its dispose() ends
// open reads without an error, as the client's does (dist/Client/index.js dispose cancels each
// call; dist/streams/utils/ReadStream.js ignores the client's own cancellation).
import { describe, expect, it } from 'vitest';
import { StoreClosedError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

const events = (count: number) =>
  Array.from({ length: count }, (_, n) => ({
    id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
    type: 'T',
    version: 1,
    data: { n },
  }));

async function rest(iterator: AsyncIterator<StoredEvent>): Promise<number> {
  let count = 0;
  while (!(await iterator.next()).done) count++;
  return count;
}

async function storeWith(count: number): Promise<{ client: StandInClient; store: EventStoreDbStore }> {
  const client = new StandInClient();
  const store = new EventStoreDbStore(client.asClient());
  await store.append('s', events(count));
  return { client, store };
}

describe('close() during a read', () => {
  it('fails a readAll it cut short with StoreClosedError instead of ending it as if the log ended', async () => {
    const { store } = await storeWith(5);
    const iterator = store.readAll()[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    await store.close();
    await expect(rest(iterator)).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('fails a readStream it cut short with StoreClosedError', async () => {
    const { store } = await storeWith(5);
    const iterator = store.readStream('s')[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    await store.close();
    await expect(rest(iterator)).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('makes verify() fail with StoreClosedError, never report ok over part of the log', async () => {
    const { client, store } = await storeWith(5);
    client.afterDeliver = (delivered) => {
      if (delivered === 2) void store.close();
    };
    await expect(store.verify()).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('leaves a read that ended before close() alone', async () => {
    const { store } = await storeWith(3);
    const all: StoredEvent[] = [];
    for await (const event of store.readAll()) all.push(event);
    expect(all).toHaveLength(3);
    await expect(store.verify()).resolves.toMatchObject({ ok: true, checked: 3 });
    await store.close();
  });
});
