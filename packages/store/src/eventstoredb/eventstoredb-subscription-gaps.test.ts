// The EventStoreDB subscription's behaviour that no other test pinned, found by a mutation pass over
// eventstoredb-subscription.ts. Driven, as in eventstoredb-subscription.test.ts, through a plain
// object stream in place of the client's subscription (same Readable surface plus unsubscribe).
import { PassThrough } from 'node:stream';
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { TIMED_OUT, within } from '../contract/contract-context.js';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { EventStoreDbSubscription } from './eventstoredb-subscription.js';

function source(): { stream: PassThrough; unsubscribes: () => number; subscription: AllStreamSubscription } {
  const stream = new PassThrough({ objectMode: true });
  let unsubscribes = 0;
  const subscription = Object.assign(stream, {
    unsubscribe: async () => {
      unsubscribes++;
    },
  }) as unknown as AllStreamSubscription;
  return { stream, unsubscribes: () => unsubscribes, subscription };
}

function event(position: number): StoredEvent {
  return {
    id: `e${position}`,
    type: 'T',
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

const acceptAll = (resolved: AllStreamResolvedEvent): StoredEvent => resolved as unknown as StoredEvent;

/** The error the first step of iteration fails with, or a failure after 2 s rather than the 60 s timeout. */
async function firstFailure(subscription: AsyncIterable<StoredEvent>): Promise<unknown> {
  const outcome = await within(
    subscription[Symbol.asyncIterator]()
      .next()
      .then(
        () => 'no error',
        (error: unknown) => error,
      ),
    2_000,
  );
  expect(outcome, 'still waiting after 2 s').not.toBe(TIMED_OUT);
  return outcome;
}

describe('EventStoreDbSubscription gaps', () => {
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
