// Events another application wrote to the same server (no adapter envelope in their metadata), as
// docs/eventstoredb.md "A server of its own" describes them, driven through StandInClient: an
// in-process stand-in for the client's documented behaviour, not a server.
import { describe, expect, it } from 'vitest';
import { TIMED_OUT, within } from '../contract/contract-context.js';
import { StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

const ours = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  type: 'ClaimRecorded',
  version: 1,
  data: { n },
});

async function setUp(): Promise<EventStoreDbStore> {
  const client = new StandInClient();
  const store = new EventStoreDbStore(client.asClient());
  await store.append('mission-1', [ours(1)]);
  client.record('orders-17', 'OrderPlaced', 'f0000000-0000-4000-8000-000000000001', { total: 3 }, undefined);
  await store.append('mission-1', [ours(2)]);
  return store;
}

async function drain(events: AsyncIterable<StoredEvent>): Promise<number[]> {
  const out: number[] = [];
  for await (const event of events) out.push((event.data as { n: number }).n);
  return out;
}

const notOurs = /^event f0000000-.* in "orders-17": metadata is not the adapter's JSON envelope$/;

describe('an event another application wrote', () => {
  it('stops readAll, verify and an unfiltered subscribe with StoreUnavailableError naming it', async () => {
    const store = await setUp();
    await expect(drain(store.readAll())).rejects.toThrow(notOurs);
    await expect(store.verify()).rejects.toBeInstanceOf(StoreUnavailableError);
    const subscription = store.subscribe();
    const seen: number[] = [];
    // Bounded: a subscription that never hands out its failure would otherwise wait for the 60 s timeout.
    const failure = await within(
      (async () => {
        for await (const event of subscription) seen.push((event.data as { n: number }).n);
      })().then(
        () => undefined,
        (error: unknown) => error,
      ),
      5_000,
    );
    expect(failure, 'the subscription still waiting after 5 s').not.toBe(TIMED_OUT);
    expect(seen).toEqual([1]);
    expect((failure as Error).message).toMatch(notOurs);
    await store.close();
  });

  it('is passed over by a filter it does not match', async () => {
    const store = await setUp();
    expect(await drain(store.readAll({ filter: { streamPrefix: 'mission-' } }))).toEqual([1, 2]);
    expect(await drain(store.readStream('mission-1'))).toEqual([1, 2]);
    await store.close();
  });
});

describe('a server older than 22.6, whose stream reads carry no $all positions', () => {
  it('fails readStream and append with an error naming the event and the server version, not a number overflow', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await store.append('mission-1', [ours(1)]);
    client.streamReadPositions = false;
    const read = drain(store.readStream('mission-1'));
    await expect(read).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(read).rejects.toThrow(
      /^event 00000000-0000-4000-8000-000000000001 in "mission-1" came without its \$all position \(the server sent none: EventStoreDB older than 22\.6/,
    );
    // An append reads the stream it decides on first, so it fails the same way, writing nothing.
    const append = store.append('mission-1', [ours(2)]);
    await expect(append).rejects.toThrow(/in "mission-1" came without its \$all position/);
    expect(client.log).toHaveLength(1);
    // $all reads carry positions on every version.
    expect(await drain(store.readAll())).toEqual([1]);
  });
});
