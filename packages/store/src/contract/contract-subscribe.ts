// Following the log: a catch-up subscription, then live events, then close; and the store's close.
import { describe, expect, it } from 'vitest';
import { StoreClosedError } from '../port/errors.js';
import type { StoredEvent, SubscribeOptions } from '../port/event-store.js';
import {
  type ContractContext,
  collect,
  nOf,
  numbered,
  pause,
  rejectionOf,
  TIMED_OUT,
  within,
} from './contract-context.js';

/**
 * Long enough for any adapter's wake-up or poll (a real server's too), short enough that a missing
 * one fails the test rather than hanging it.
 */
const ARRIVAL_MS = 5_000;

export function subscribeContract(ctx: ContractContext): void {
  describe('subscribe', () => {
    it('catches up from a checkpoint, then delivers events appended later, and ends on close', async () => {
      const store = ctx.store();
      const first = await store.append('sub-a', numbered(1));
      await store.append('sub-a', numbered(3).slice(1));
      const subscription = store.subscribe({ after: first.position });
      const seen: StoredEvent[] = [];
      for await (const event of subscription) {
        seen.push(event);
        if (seen.length === 2)
          await store.append(
            'sub-b',
            numbered(2).map((e, i) => ({ ...e, data: { n: 10 + i } })),
          );
        if (seen.length === 4) await subscription.close();
      }
      expect(seen.map(nOf)).toEqual([1, 2, 10, 11]);
      expect(seen.map((e) => e.stream)).toEqual(['sub-a', 'sub-a', 'sub-b', 'sub-b']);
    });

    it('catches up from a position one below an event, which need not be an event position itself', async () => {
      const store = ctx.store();
      await store.append('sub-gap', numbered(3));
      const all = await collect(store.readAll());
      const subscription = store.subscribe({ after: all[1]!.position - 1 });
      const seen: StoredEvent[] = [];
      for await (const event of subscription) {
        seen.push(event);
        if (seen.length === 2) await subscription.close();
      }
      expect(seen.map(nOf)).toEqual([1, 2]);
    });

    it('from a checkpoint past the last event, delivers exactly the later events past it', async () => {
      const store = ctx.store();
      await store.append('sub-past', numbered(1));
      const [last] = await collect(store.readAll());
      // One past the last event: on dense positions the next event is at it (and is not after it),
      // on byte offsets it is beyond; either way the port promises exactly the events > after.
      const after = last!.position + 1;
      const subscription = store.subscribe({ after });
      await store.append(
        'sub-past',
        numbered(3).map((e, i) => ({ ...e, data: { n: 10 + i } })),
      );
      const expected = (await collect(store.readAll())).filter((e) => e.position > after).map(nOf);
      expect(expected.length).toBeGreaterThan(0);
      const seen: StoredEvent[] = [];
      for await (const event of subscription) {
        seen.push(event);
        if (seen.length === expected.length) await subscription.close();
      }
      expect(seen.map(nOf)).toEqual(expected);
    });

    it('applies its filter to caught-up and live events', async () => {
      const store = ctx.store();
      await store.append('keep-1', numbered(1));
      await store.append('drop-1', numbered(1));
      const subscription = store.subscribe({ filter: { streamPrefix: 'keep-' } });
      const seen: StoredEvent[] = [];
      for await (const event of subscription) {
        seen.push(event);
        if (seen.length === 1) {
          await store.append('drop-2', numbered(1));
          await store.append('keep-2', numbered(1));
        } else {
          await subscription.close();
        }
      }
      expect(seen.map((e) => e.stream)).toEqual(['keep-1', 'keep-2']);
    });

    it('close() ends an iteration that is waiting for new events', async () => {
      const store = ctx.store();
      await store.append('sub-wait', numbered(1));
      const subscription = store.subscribe();
      let caughtUp!: () => void;
      const reachedLive = new Promise<void>((resolve) => {
        caughtUp = resolve;
      });
      const drained = (async () => {
        const seen: StoredEvent[] = [];
        for await (const event of subscription) {
          seen.push(event);
          caughtUp();
        }
        return seen;
      })();
      await reachedLive;
      await subscription.close();
      expect((await drained).map((e) => e.stream)).toEqual(['sub-wait']);
    });

    it('wakes an iteration waiting on an empty store for an event appended later', async () => {
      const store = ctx.store();
      const subscription = store.subscribe();
      try {
        const next = subscription[Symbol.asyncIterator]().next();
        await pause(10); // the iteration has read the empty log and is waiting
        await store.append('sub-late', numbered(1));
        const result = await within(next, ARRIVAL_MS);
        expect(result, `the event did not arrive within ${ARRIVAL_MS} ms`).not.toBe(TIMED_OUT);
        expect(result).toMatchObject({ done: false, value: { stream: 'sub-late' } });
      } finally {
        await subscription.close();
      }
    });

    it('wakes every subscription waiting on the store, not only the first, for one append', async () => {
      const store = ctx.store();
      const subscriptions = [store.subscribe(), store.subscribe()];
      try {
        const nexts = subscriptions.map((s) => s[Symbol.asyncIterator]().next());
        await pause(10);
        await store.append('sub-both', numbered(1));
        for (const [i, next] of nexts.entries()) {
          const result = await within(next, ARRIVAL_MS);
          expect(result, `subscription ${i}: nothing within ${ARRIVAL_MS} ms`).not.toBe(TIMED_OUT);
          expect(result).toMatchObject({ done: false, value: { stream: 'sub-both' } });
        }
      } finally {
        await Promise.all(subscriptions.map((s) => s.close()));
      }
    });

    /**
     * Why a subscription with these options is refused, when called or when first iterated. Bounded:
     * a subscription that took them would wait for events forever.
     */
    const refusal = (options: SubscribeOptions) =>
      rejectionOf(
        (async () => {
          const subscription = ctx.store().subscribe(options);
          try {
            return await within(subscription[Symbol.asyncIterator]().next(), ARRIVAL_MS);
          } finally {
            await subscription.close();
          }
        })(),
      );

    it('refuses a checkpoint that is not a whole number of 0 or more, when called or when iterated', async () => {
      const error = await refusal({ after: -1 });
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toBe('subscribe: after must be a whole number of 0 or more, got -1');
    });

    it('refuses a filter that is not an object, or a stream prefix that is not a string, as readAll does', async () => {
      await ctx.store().append('s-filter', numbered(1));
      const cases: [unknown, string][] = [
        ['x', 'filter must be an object, got the text "x"'],
        [{ streamPrefix: 5 }, 'filter.streamPrefix must be a string, got 5'],
      ];
      for (const [filter, message] of cases) {
        const error = await refusal({ filter } as SubscribeOptions);
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toBe(`subscribe: ${message}`);
      }
    });
  });

  describe('close', () => {
    it('makes every later call fail with StoreClosedError, and closing twice is harmless', async () => {
      const store = ctx.store();
      await store.append('c-one', numbered(1));
      await store.close();
      await store.close();
      const failures = await Promise.all([
        rejectionOf(store.append('c-one', numbered(1))),
        rejectionOf(store.appendMany([{ stream: 'c-two', events: numbered(1) }])),
        rejectionOf(collect(store.readStream('c-one'))),
        rejectionOf(collect(store.readAll())),
        rejectionOf(collect(store.subscribe())),
      ]);
      for (const failure of failures) expect(failure).toBeInstanceOf(StoreClosedError);
    });

    it('fails the rest of a readStream iteration it cuts short with StoreClosedError', async () => {
      const store = ctx.store();
      // More than one page (1000 on SQLite, which also checks before each event it hands out):
      // however an adapter reads ahead, the iteration must not end as if the stream ended where
      // close() cut it.
      await store.append('c-long', numbered(1500));
      const iterator = store.readStream('c-long')[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      await store.close();
      const rest = async () => {
        let delivered = 0;
        while (!(await iterator.next()).done) delivered++;
        return delivered;
      };
      expect(await rejectionOf(rest())).toBeInstanceOf(StoreClosedError);
    });
  });
}
