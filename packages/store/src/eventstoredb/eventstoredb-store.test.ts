// The adapter's behaviour that needs no server: configuration, closing, and how a refused
// connection surfaces. Everything that needs a live server is in the .int test (the contract).
import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type { EventStore } from '../port/event-store.js';
import { connectionStringFromEnv, type EventStoreDbStore, openEventStoreDb } from './eventstoredb-store.js';

/** A local port nobody listens on: bound once, then released, so connecting is refused at once. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

const claim = { id: 'c1', type: 'ClaimRecorded', version: 1, data: { quote: 'q' } };

async function drain(events: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('connection string', () => {
  it('comes from EVENTSTORE_CONNECTION_STRING, trimmed, and blank counts as unset', () => {
    expect(connectionStringFromEnv({ EVENTSTORE_CONNECTION_STRING: ' esdb://h:2113?tls=false ' })).toBe(
      'esdb://h:2113?tls=false',
    );
    expect(connectionStringFromEnv({ EVENTSTORE_CONNECTION_STRING: '  ' })).toBeUndefined();
    expect(connectionStringFromEnv({})).toBeUndefined();
  });

  it('is refused when malformed, with the client error as cause', async () => {
    const failure = openEventStoreDb('http://not-an-esdb-url');
    await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failure).rejects.toHaveProperty('cause');
  });
});

describe('with no server listening', () => {
  let url = '';
  let store: EventStoreDbStore;
  beforeAll(async () => {
    url = `esdb://127.0.0.1:${await refusedPort()}?tls=false`;
  });
  afterEach(async () => {
    await store.close();
  });

  it('says batches are not atomic', async () => {
    store = await openEventStoreDb(url);
    expect(store.atomicBatches).toBe(false);
  });

  it('reports appends and reads as StoreUnavailableError with the driver error as cause', async () => {
    store = await openEventStoreDb(url);
    const append = store.append('mission-1', [claim], { expectedRevision: 'no_stream' });
    await expect(append).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(append).rejects.toMatchObject({ cause: { type: 'unavailable' } });
    await expect(drain(store.readStream('mission-1'))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(drain(store.readAll())).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('ends a failed subscription with StoreUnavailableError rather than hanging', async () => {
    store = await openEventStoreDb(url);
    const subscription = store.subscribe({ after: 0, filter: { streamPrefix: 'mission-' } });
    await expect(drain(subscription)).rejects.toBeInstanceOf(StoreUnavailableError);
    await subscription.close();
  });

  it('fails every call after close() with StoreClosedError, when awaited or iterated, and closing twice is harmless', async () => {
    store = await openEventStoreDb(url);
    const subscription = store.subscribe();
    await store.close();
    await store.close();
    const closed: EventStore = store;
    await expect(closed.append('mission-1', [claim])).rejects.toBeInstanceOf(StoreClosedError);
    await expect(closed.appendMany([{ stream: 'mission-1', events: [claim] }])).rejects.toBeInstanceOf(
      StoreClosedError,
    );
    await expect(drain(closed.readStream('mission-1'))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(drain(closed.readAll())).rejects.toBeInstanceOf(StoreClosedError);
    await expect(drain(closed.subscribe())).rejects.toBeInstanceOf(StoreClosedError);
    // close() also ended the open subscription: iterating it finishes at once, empty.
    expect(await drain(subscription)).toEqual([]);
  });
});

describe('with a cluster connection string and no node answering', () => {
  // Discovery gives up with a plain Error, not a CommandError (client dist/Client/discovery.js);
  // one attempt, 10 ms between attempts and a 1 s gossip deadline keep the test fast.
  let url = '';
  let store: EventStoreDbStore;
  beforeAll(async () => {
    const [a, b] = [await refusedPort(), await refusedPort()];
    url = `esdb://127.0.0.1:${a},127.0.0.1:${b}?tls=false&maxDiscoverAttempts=1&discoveryInterval=10&gossipTimeout=1`;
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports reads, appends and verify as StoreUnavailableError, never as a broken chain', async () => {
    store = await openEventStoreDb(url);
    const unavailable = {
      name: 'StoreUnavailableError',
      message: expect.stringMatching(/^EventStoreDB .*Failed to discover after 1 attempts\.$/),
      cause: expect.any(Error),
    };
    await expect(drain(store.readAll())).rejects.toMatchObject(unavailable);
    await expect(drain(store.readStream('mission-1'))).rejects.toMatchObject(unavailable);
    await expect(store.append('mission-1', [claim])).rejects.toMatchObject(unavailable);
    await expect(store.verify()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
