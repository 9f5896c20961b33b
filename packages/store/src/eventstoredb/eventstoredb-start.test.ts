// readAll and subscribe after any whole number, driven through StandInClient: an in-process
// stand-in for the client's documented behaviour (see eventstoredb-client-stand-in.ts), not a
// server. Positions there are byte offsets, and a read from a number that is not the start of an
// event record fails (newer servers) or yields nothing (some older ones), as on EventStoreDB.
import { START, UnavailableError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

const event = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  type: 'T',
  version: 1,
  data: { n },
});

async function drain(events: AsyncIterable<StoredEvent>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of events) out.push((e.data as { n: number }).n);
  return out;
}

/** A stand-in log: a system event first (as on every server), then four events of ours in two streams. */
async function setUp(invalidPosition: 'error' | 'nothing' = 'error') {
  const client = new StandInClient();
  client.invalidPosition = invalidPosition;
  client.record('$$$scavenges', '$metadata', 'sys-1', {}, {});
  const store = new EventStoreDbStore(client.asClient());
  await store.append('a', [event(0), event(1)]);
  await store.append('b', [event(2)]);
  await store.append('a', [event(3)]);
  const all: StoredEvent[] = [];
  for await (const e of store.readAll()) all.push(e);
  return { client, store, all };
}

describe.each(['error', 'nothing'] as const)(
  'after a number that is not an event position (server: %s)',
  (mode) => {
    it('readAll returns exactly the events past it', async () => {
      const { store, all } = await setUp(mode);
      expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((x, y) => x - y));
      for (let k = 0; k < all.length; k++) {
        expect(await drain(store.readAll({ after: all[k]!.position - 1 })), `event ${k}`).toEqual(
          [0, 1, 2, 3].slice(k),
        );
        // Inside the event's own record: not a position the server accepts either.
        expect(await drain(store.readAll({ after: all[k]!.position + 1 }))).toEqual(
          [0, 1, 2, 3].slice(k + 1),
        );
      }
      expect(await drain(store.readAll({ after: 0 }))).toEqual([0, 1, 2, 3]);
      expect(await drain(store.readAll({ after: all[1]!.position - 1, maxCount: 2 }))).toEqual([1, 2]);
      expect(await drain(store.readAll({ after: Number.MAX_SAFE_INTEGER }))).toEqual([]);
      await store.close();
    });

    it('subscribe catches up on exactly the events past it, then follows new ones', async () => {
      const { store, all } = await setUp(mode);
      const subscription = store.subscribe({ after: all[2]!.position - 1 });
      const seen: unknown[] = [];
      for await (const e of subscription) {
        seen.push((e.data as { n: number }).n);
        if (seen.length === 2) await store.append('c', [event(4)]);
        if (seen.length === 3) await subscription.close();
      }
      expect(seen).toEqual([2, 3, 4]);
      await store.close();
    });

    it('subscribe past the last event misses nothing appended later', async () => {
      const { store, all } = await setUp(mode);
      const subscription = store.subscribe({ after: all[3]!.position + 1 });
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await store.append('c', [event(4)]);
      expect(((await next).value as StoredEvent).data).toEqual({ n: 4 });
      await subscription.close();
      await store.close();
    });
  },
);

describe('where reads start', () => {
  it('at the exact event for an exact `after`, at the last event past the end: not from START', async () => {
    const { client, store, all } = await setUp();
    client.readAllCalls.length = 0;
    expect(await drain(store.readAll({ after: all[1]!.position }))).toEqual([2, 3]);
    const read = client.readAllCalls.at(-1)!;
    expect(read.fromPosition).toEqual({
      commit: BigInt(all[1]!.position),
      prepare: BigInt(all[1]!.position),
    });
    client.readAllCalls.length = 0;
    expect(await drain(store.readAll({ after: all[3]!.position + 5 }))).toEqual([]);
    expect(client.readAllCalls.at(-1)!.fromPosition).not.toBe(START);
    await store.close();
  });

  it('a server that cannot be reached during the probe is StoreUnavailableError, not a silent read from START', async () => {
    const { client, store, all } = await setUp();
    // The probe from a position fails as a dropped connection does; the backwards read of the last event works.
    client.failReadAll = (fromPosition) =>
      typeof fromPosition === 'object'
        ? new UnavailableError(undefined, '14 UNAVAILABLE: connection reset')
        : undefined;
    client.readAllCalls.length = 0;
    await expect(drain(store.readAll({ after: all[1]!.position - 1 }))).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(client.readAllCalls.some((call) => call.fromPosition === START)).toBe(false);
    await store.close();
  });
});
