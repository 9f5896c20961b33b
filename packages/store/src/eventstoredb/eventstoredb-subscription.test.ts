// The subscription's own queue, driven through a plain object stream in place of the client's
// subscription (same Readable surface plus unsubscribe); what the server sends is the .int test's job.
import { PassThrough } from 'node:stream';
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { TIMED_OUT, within } from '../contract/contract-context.js';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { EventStoreDbSubscription } from './eventstoredb-subscription.js';

function source(options: { emitClose?: boolean } = {}): {
  stream: PassThrough;
  unsubscribed: () => boolean;
  /** How many times it was asked to unsubscribe. */
  unsubscribes: () => number;
  subscription: AllStreamSubscription;
} {
  const stream = new PassThrough({ objectMode: true, ...options });
  let unsubscribes = 0;
  const subscription = Object.assign(stream, {
    unsubscribe: async () => {
      unsubscribes++;
    },
  }) as unknown as AllStreamSubscription;
  return { stream, unsubscribed: () => unsubscribes > 0, unsubscribes: () => unsubscribes, subscription };
}

function event(position: number): StoredEvent {
  return {
    id: `e${position}`,
    type: position % 2 === 0 ? 'Even' : 'Odd',
    version: 1,
    data: {},
    metadata: {},
    stream: 's',
    revision: position,
    position,
    recordedAt: '2026-01-01T00:00:00.000Z',
    hash: GENESIS_HASH,
    prevHash: GENESIS_HASH,
  };
}

/** The tests push StoredEvents straight through; `accept` plays the filter (odd positions only). */
const acceptOdd = (resolved: AllStreamResolvedEvent): StoredEvent | undefined => {
  const stored = resolved as unknown as StoredEvent;
  return stored.position % 2 === 1 ? stored : undefined;
};

/** Every accepted event as it is. */
const acceptAll = (resolved: AllStreamResolvedEvent): StoredEvent => resolved as unknown as StoredEvent;

/** How `promise` settles, or a failure after `ms`: a test whose wait never ends fails fast, not at the 60 s timeout. */
async function settled<T>(
  promise: Promise<T>,
  ms = 2_000,
): Promise<{ value: T } | { error: unknown } | typeof TIMED_OUT> {
  return within(
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    ms,
  );
}

async function take(subscription: AsyncIterable<StoredEvent>, count: number): Promise<number[]> {
  const positions: number[] = [];
  for await (const delivered of subscription) {
    positions.push(delivered.position);
    if (positions.length === count) break;
  }
  return positions;
}

describe('EventStoreDbSubscription', () => {
  it('delivers accepted events in order, both buffered ones and ones that arrive while waiting', async () => {
    const { stream, subscription: raw } = source();
    const subscription = new EventStoreDbSubscription(raw, acceptOdd, () => {});
    for (const position of [1, 2, 3]) stream.write(event(position));
    const pending = take(subscription, 3);
    setImmediate(() => stream.write(event(5)));
    expect(await pending).toEqual([1, 3, 5]);
    await subscription.close();
  });

  it('ends a waiting iteration on close(), unsubscribes, and tells the store once', async () => {
    const { subscription: raw, unsubscribed } = source();
    let told = 0;
    const subscription = new EventStoreDbSubscription(raw, acceptOdd, () => told++);
    const pending = take(subscription, 1);
    await subscription.close();
    await subscription.close();
    expect(await pending).toEqual([]);
    expect(unsubscribed()).toBe(true);
    expect(told).toBe(1);
  });

  it('hands a source error to the reader after what was already buffered', async () => {
    const { stream, subscription: raw } = source();
    const subscription = new EventStoreDbSubscription(raw, acceptOdd, () => {});
    stream.write(event(1));
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy(new Error('socket hang up'));
    const iterator = subscription[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: event(1) });
    await expect(iterator.next()).rejects.toThrow('socket hang up');
    await subscription.close();
  });

  it('fails the reader with StoreUnavailableError when the source ends or closes without our close()', async () => {
    for (const stop of [(s: PassThrough) => s.end(), (s: PassThrough) => s.destroy()]) {
      const { stream, subscription: raw } = source();
      const subscription = new EventStoreDbSubscription(raw, acceptOdd, () => {});
      stream.write(event(1));
      const iterator = subscription[Symbol.asyncIterator]();
      expect(await iterator.next()).toEqual({ done: false, value: event(1) });
      stop(stream);
      // Without a failure the iteration would wait for ever; a second is plenty here.
      const hung = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000));
      await expect(Promise.race([iterator.next(), hung])).rejects.toBeInstanceOf(StoreUnavailableError);
      await subscription.close();
    }
  });

  it("fails the reader when the source only ends ('end' and no 'close'), rather than leaving it waiting", async () => {
    // A Readable that does not emit 'close' after 'end' (emitClose: false): only the 'end' listener can see it.
    const { stream, subscription: raw } = source({ emitClose: false });
    let closeEmitted = false;
    stream.on('close', () => {
      closeEmitted = true;
    });
    const subscription = new EventStoreDbSubscription(raw, acceptOdd, () => {});
    stream.write(event(1));
    const seen: number[] = [];
    const iterating = (async () => {
      for await (const delivered of subscription) {
        seen.push(delivered.position);
        if (seen.length === 1) stream.end();
      }
    })();
    const outcome = await settled(iterating);
    expect(seen).toEqual([1]);
    expect(outcome, 'still waiting after 2 s: the failure never reached the reader').not.toBe(TIMED_OUT);
    expect(outcome).toMatchObject({ error: expect.any(StoreUnavailableError) });
    expect((outcome as { error: Error }).error.message).toBe(
      'EventStoreDB ended the subscription to $all (end of stream)',
    );
    expect(closeEmitted).toBe(false);
    await subscription.close();
  });

  it('pauses its source once 512 events wait unread, and resumes it as the reader catches up', async () => {
    const { stream, subscription: raw } = source();
    const subscription = new EventStoreDbSubscription(raw, acceptAll, () => {});
    for (let position = 1; position <= 600; position++) stream.write(event(position));
    await new Promise((resolve) => setImmediate(resolve));
    // The documented memory bound: the source stops flowing rather than the queue taking the whole log.
    expect(stream.isPaused()).toBe(true);
    const outcome = await settled(take(subscription, 600));
    expect(outcome, 'still waiting after 2 s: not all 600 events reached the reader').not.toBe(TIMED_OUT);
    const positions = (outcome as { value: number[] }).value;
    expect(positions).toEqual(Array.from({ length: 600 }, (_, n) => n + 1));
    expect(stream.isPaused()).toBe(false);
    await subscription.close();
  });

  it('ends iteration quietly when our own close() destroys the source', async () => {
    const { subscription: raw } = source();
    const subscription = new EventStoreDbSubscription(raw, acceptOdd, () => {});
    const pending = take(subscription, 1);
    await subscription.close();
    expect(await pending).toEqual([]);
  });

  it('fails the reader when an event cannot be mapped', async () => {
    const { stream, subscription: raw } = source();
    const failing = (): StoredEvent => {
      throw new StoreUnavailableError('metadata.version: expected an integer');
    };
    const subscription = new EventStoreDbSubscription(raw, failing, () => {});
    stream.write(event(1));
    const outcome = await settled(take(subscription, 1));
    expect(outcome, 'still waiting after 2 s: the failure never reached the reader').not.toBe(TIMED_OUT);
    expect(outcome).toMatchObject({ error: expect.any(StoreUnavailableError) });
    await subscription.close();
  });

  it('after an event it cannot map, delivers what came before it, then the error, and nothing after it', async () => {
    const { stream, subscription: raw, unsubscribed } = source();
    const failOnTwo = (resolved: AllStreamResolvedEvent): StoredEvent => {
      const stored = resolved as unknown as StoredEvent;
      if (stored.position === 2)
        throw new StoreUnavailableError('event 2: metadata.version: expected an integer');
      return stored;
    };
    const subscription = new EventStoreDbSubscription(raw, failOnTwo, () => {});
    for (const position of [1, 2, 3, 4]) stream.write(event(position));
    await new Promise((resolve) => setImmediate(resolve));
    const seen: number[] = [];
    const outcome = await settled(
      (async () => {
        for await (const delivered of subscription) seen.push(delivered.position);
      })(),
    );
    // A reader saving its position after each event must not get past 2 without being told of it.
    expect(seen).toEqual([1]);
    expect(outcome, 'still waiting after 2 s: the failure never reached the reader').not.toBe(TIMED_OUT);
    expect(outcome).toMatchObject({ error: expect.any(StoreUnavailableError) });
    expect(unsubscribed()).toBe(true);
    expect(stream.destroyed).toBe(true);
    await subscription.close();
  });

  it("closed before its source arrives, still listens for the source's errors, so a late one cannot crash the process", async () => {
    const { stream, subscription: raw } = source();
    let arrive: (started: AllStreamSubscription) => void = () => {};
    const later = new Promise<AllStreamSubscription>((resolve) => {
      arrive = resolve;
    });
    const subscription = new EventStoreDbSubscription(later, acceptOdd, () => {});
    const closing = subscription.close();
    arrive(raw);
    await closing;
    // The client's subscription emits the failure of its call after it was handed out; an 'error'
    // with no listener is thrown by emit() (and, from the client, is an uncaught exception).
    expect(() => stream.emit('error', new Error('14 UNAVAILABLE: connection refused'))).not.toThrow();
    expect(await take(subscription, 1)).toEqual([]);
  });
});

/** The error the first step of iteration fails with; a failure after 2 s rather than the 60 s timeout. */
async function firstFailure(subscription: AsyncIterable<StoredEvent>): Promise<unknown> {
  const outcome = await settled(subscription[Symbol.asyncIterator]().next());
  expect(outcome, 'still waiting after 2 s').not.toBe(TIMED_OUT);
  expect(outcome, 'no error').toHaveProperty('error');
  return (outcome as { error: unknown }).error;
}

// Found by a mutation pass over eventstoredb-subscription.ts: failures of the source, and stopping it.
describe('EventStoreDbSubscription: a failing source, and stopping it', () => {
  it("fails the reader with StoreUnavailableError when the source emits an error, the client's error as cause", async () => {
    const { stream, subscription: raw } = source();
    const subscription = new EventStoreDbSubscription(raw, acceptAll, () => {});
    const failing = firstFailure(subscription);
    const cause = new Error('14 UNAVAILABLE: connection dropped');
    stream.emit('error', cause);
    const error = await failing;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/^EventStoreDB /);
    expect((error as Error).cause).toBe(cause);
    await subscription.close();
  });

  it('fails the reader with StoreUnavailableError when the source could not be started', async () => {
    const cause = new Error('14 UNAVAILABLE: connection refused');
    const subscription = new EventStoreDbSubscription(Promise.reject(cause), acceptAll, () => {});
    const error = await firstFailure(subscription);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).cause).toBe(cause);
    await subscription.close();
  });

  it('closed before its source arrives, stops that source once it does: unsubscribed and destroyed', async () => {
    const { stream, subscription: raw, unsubscribes } = source();
    let arrive: (started: AllStreamSubscription) => void = () => {};
    const later = new Promise<AllStreamSubscription>((resolve) => {
      arrive = resolve;
    });
    const subscription = new EventStoreDbSubscription(later, acceptAll, () => {});
    const closing = subscription.close();
    arrive(raw);
    await closing;
    expect(unsubscribes()).toBe(1);
    expect(stream.destroyed).toBe(true);
  });

  it('stops its source once, when an unmappable event stopped it before close()', async () => {
    const { stream, subscription: raw, unsubscribes } = source();
    const refuseAll = (): StoredEvent => {
      throw new StoreUnavailableError('event 1: metadata.version: expected an integer');
    };
    const subscription = new EventStoreDbSubscription(raw, refuseAll, () => {});
    stream.write(event(1));
    expect(await firstFailure(subscription)).toBeInstanceOf(StoreUnavailableError);
    await subscription.close();
    expect(unsubscribes()).toBe(1);
  });
});
