// verifyChain takes its events from an array or any source read synchronously, which it walks with
// verifyLinks' loop (walkLinks), or from an asynchronous one (a store's readAll), stepped as each
// event arrives. Either gives verifyChainSync's report, on an intact chain, an altered event, a
// broken link and a head the log falls short of, and a source left at a break is closed, as a
// for-await would close it (for a store, its read).
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../port/event-store.js';
import { GENESIS_HASH } from './chain-hash.js';
import { chainOf, watched } from './chain-testing.js';
import { type ChainHead, verifyChain, verifyChainSync } from './hash-chain.js';

const intact = chainOf(6, undefined, 2);
const altered = intact.map((e) => (e.position === 3 ? { ...e, data: { i: 99 } } : e));
const unlinked = intact.map((e) => (e.position === 4 ? { ...e, prevHash: GENESIS_HASH } : e));
const longer: ChainHead = { count: 7, lastHash: 'f'.repeat(64), lastPosition: 7 };

const chains: [name: string, events: StoredEvent[], head: ChainHead | undefined][] = [
  ['an intact chain', intact, undefined],
  ['an altered event', altered, undefined],
  ['a broken link', unlinked, undefined],
  ['a head the log falls short of', intact, longer],
];

/** `events` from a generator, sync or async, saying in `state` whether it was closed before its end. */
function watchedAs(events: readonly StoredEvent[], state: { closed: boolean; read: number }, async: boolean) {
  async function* later() {
    yield* watched(events, state);
  }
  return async ? later() : watched(events, state);
}

describe('verifyChain on each kind of source', () => {
  it.each(chains)(
    '%s: the report verifyChainSync gives, from an array and from generators',
    async (_, events, head) => {
      const expected = verifyChainSync(events, head);
      expect(await verifyChain(events, head)).toEqual(expected);
      for (const async of [false, true]) {
        const state = { closed: false, read: 0 };
        expect(await verifyChain(watchedAs(events, state, async), head)).toEqual(expected);
      }
    },
  );

  it.each([false, true])('closes a source left at a break (asynchronous: %s)', async (async) => {
    const state = { closed: false, read: 0 };
    const report = await verifyChain(watchedAs(altered, state, async));
    expect(report.firstBreak?.position).toBe(3);
    expect(state).toEqual({ closed: true, read: 3 });
  });
});
