// Following the log: a catch-up subscription, then live events, then close; and the store's close.
import { describe, expect, it } from 'vitest';
import { StoreClosedError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { type ContractContext, collect, nOf, numbered, rejectionOf } from './contract-context.js';

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
  });
}
