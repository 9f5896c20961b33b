// close() while a read is under way, driven through StandInClient: an in-process stand-in for the
// client's documented behaviour (eventstoredb-client-stand-in.ts), not a server. Its dispose() ends
// open reads without an error, as the client's does (dist/Client/index.js dispose cancels each
// call; dist/streams/utils/ReadStream.js ignores the client's own cancellation).

import { UnknownError } from '@eventstore/db-client';
import { describe, expect, it, vi } from 'vitest';
import { TIMED_OUT, within } from '../contract/contract-context.js';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { standInEvents as events, standInStoreWith as storeWith } from './eventstoredb-stand-in-store.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

async function rest(iterator: AsyncIterator<StoredEvent>): Promise<number> {
  let count = 0;
  while (!(await iterator.next()).done) count++;
  return count;
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

/** A gate an append waits at inside the stand-in's server, as a slow round trip would. */
function gate(): { reached: Promise<void>; open: () => void; hold: () => Promise<void> } {
  let reach: () => void = () => {};
  let open: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    reached,
    open,
    hold: () => {
      reach();
      return opened;
    },
  };
}

/**
 * Waits until `append` is held at the gate. An append that settles first (it failed on its read,
 * say) fails the test at once with what happened, and one that never gets there fails after 5 s,
 * rather than the test waiting for vitest's 60 s timeout.
 */
async function heldAt(at: { reached: Promise<void> }, append: Promise<unknown>): Promise<void> {
  const settledFirst = append.then(
    (result) => {
      throw new Error(`the append settled before its write was held: ${JSON.stringify(result)}`);
    },
    (error: unknown) => {
      throw new Error(`the append failed before its write was held: ${String(error)}`, { cause: error });
    },
  );
  const outcome = await within(Promise.race([at.reached, settledFirst]), 5_000);
  if (outcome === TIMED_OUT) throw new Error('the append did not reach its write within 5 s');
}

describe('close() with a live subscription', () => {
  it('ends it quietly, though disposing the client ends its call as a server ending it would', async () => {
    const { store } = await storeWith(2);
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    await store.close();
    // The one event left in its queue is dropped too: close() ends iteration, it does not fail it.
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe('close() during an append', () => {
  it('waits for a write in flight, so the caller hears what the server did', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    const slow = gate();
    client.beforeAppend = slow.hold;
    const append = store.append('s', events(1));
    await heldAt(slow, append);
    let closed = false;
    const closing = store.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    slow.open();
    await expect(append).resolves.toMatchObject({ nextRevision: 0, appended: 1 });
    await closing;
    expect(client.log).toHaveLength(1);
  });

  it('sends no write once close() was called, even for an append already past its read', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await store.append('s', events(1));
    const writes = vi.spyOn(client, 'appendToStream');
    // close() is called while the append reads the stream, before it writes.
    client.afterDeliver = () => {
      client.afterDeliver = undefined;
      void store.close();
    };
    await expect(store.append('s', events(2))).rejects.toBeInstanceOf(StoreClosedError);
    expect(writes).not.toHaveBeenCalled();
    expect(client.log).toHaveLength(1);
  });

  it('past closeTimeoutMs, cancels the write and says it may or may not have been stored', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient(), { closeTimeoutMs: 20 });
    const stuck = gate();
    client.beforeAppend = stuck.hold;
    const append = store.append('s', events(1));
    const failure = append.then(
      () => undefined,
      (error: unknown) => error,
    );
    await heldAt(stuck, append);
    await store.close();
    expect(await failure).toBeInstanceOf(StoreUnavailableError);
    expect(((await failure) as Error).message).toMatch(/may or may not have been stored/);
    expect(((await failure) as Error).cause).toBeInstanceOf(UnknownError);
    // The server had it: it lands after all, which is why the error cannot say it did not.
    stuck.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(client.log).toHaveLength(1);
  });
});
