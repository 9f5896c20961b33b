import { describe, expect, it } from 'vitest';
import { collect, numbered, pause, TIMED_OUT, within } from '../contract/contract-context.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import type { StoredEvent } from '../port/event-store.js';
import { type CatchUpSource, CatchUpSubscription } from './catch-up-subscription.js';
import { WakeSignal } from './wake-signal.js';

describe('CatchUpSubscription', () => {
  it('delivers nothing more of a page once closed', async () => {
    const store = new MemoryEventStore();
    await store.append('s-1', numbered(5));
    const subscription = store.subscribe();
    const seen: StoredEvent[] = [];
    // All five are read in one page: the close must end the iteration inside it.
    for await (const event of subscription) {
      seen.push(event);
      await subscription.close();
    }
    expect(seen).toHaveLength(1);
    await store.close();
  });

  it('while waiting, polls every pollMs for events its wake-up does not see', async () => {
    const store = new MemoryEventStore();
    await store.append('s-1', numbered(1));
    const [written] = await collect(store.readAll());
    // A source as another process's writes look: events appear and nothing fires the signal.
    let log: StoredEvent[] = [];
    const source: CatchUpSource = {
      readPage: (after) => {
        const events = log.filter((e) => e.position > after);
        return { events, scannedTo: events.at(-1)?.position ?? after };
      },
      isClosed: () => false,
      signal: new WakeSignal(),
      pollMs: 10,
    };
    const subscription = new CatchUpSubscription(source, undefined);
    try {
      const next = subscription[Symbol.asyncIterator]().next();
      await pause(30); // read the empty log and waiting
      log = [written!];
      const result = await within(next, 1_000);
      expect(result, 'the waiting subscription never polled').not.toBe(TIMED_OUT);
      expect(result).toMatchObject({ done: false, value: { position: written!.position } });
    } finally {
      await subscription.close();
      await store.close();
    }
  });
});
