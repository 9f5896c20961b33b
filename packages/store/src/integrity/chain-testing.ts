// Chains and sources for the tests of the chain walk (hash-chain*.test.ts).
import type { StoredEvent } from '../port/event-store.js';
import { chainHash, GENESIS_HASH } from './chain-hash.js';

/**
 * `count` events chained from the genesis hash, spread over `streams` streams (one: `s`; more:
 * `s0`, `s1`… in turn), each recorded at `stamp(i)`.
 */
export function chainOf(
  count: number,
  stamp = (_i: number) => '2024-01-01T00:00:00.000Z',
  streams = 1,
): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < count; i++) {
    const event = {
      id: `e${i}`,
      type: 'T',
      version: 1,
      data: { i },
      metadata: {},
      stream: streams === 1 ? 's' : `s${i % streams}`,
      revision: Math.floor(i / streams),
      position: i + 1,
      recordedAt: stamp(i),
      prevHash,
    };
    prevHash = chainHash(event);
    events.push({ ...event, hash: prevHash });
  }
  return events;
}

/** `events` from a generator, saying in `state` how many were read and whether it was left before its end. */
export function watched<E>(events: readonly E[], state: { closed: boolean; read: number }): Generator<E> {
  return (function* () {
    try {
      for (const event of events) {
        state.read++;
        yield event;
      }
    } finally {
      if (state.read < events.length) state.closed = true;
    }
  })();
}
