// The Bloom filter of id keys (sqlite-key-filter.ts): a key added is always "maybe", however far the
// filter has grown past its first layer; a key never added is "maybe" rarely, for random keys and for
// the clustered keys of time-ordered UUIDs alike.
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyFilter } from './sqlite-key-filter.js';

const randomKey = () => randomInt(0, 2 ** 48 - 1);
// A v7 UUID's first 48 bits are its time in ms: keys a few ms apart, all alike in their high bits.
const v7Start = Date.UTC(2026, 11, 5);

describe('key filter', () => {
  it.each([
    ['random keys', (_i: number) => randomKey()],
    ['time-ordered keys', (i: number) => v7Start + i * 3],
    ['small keys', (i: number) => i],
  ])('holds every key added, through several layers (%s)', (_name, keyOf) => {
    const filter = new KeyFilter();
    const keys = Array.from({ length: 150_000 }, (_, i) => keyOf(i));
    for (const key of keys) filter.add(key);
    expect(filter.size).toBe(keys.length);
    expect(filter.layers).toBeGreaterThan(1);
    expect(keys.filter((key) => !filter.mayHold(key))).toEqual([]);
  });

  it.each([
    ['random keys', () => randomKey(), () => randomKey()],
    ['time-ordered keys', (i: number) => v7Start + i * 2, (i: number) => v7Start + i * 2 + 1],
  ])('rarely answers "maybe" for a key never added (%s)', (_name, added, other) => {
    const filter = new KeyFilter(100_000);
    for (let i = 0; i < 100_000; i++) filter.add(added(i));
    let maybe = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mayHold(other(i))) maybe++;
    // About 0.24% with 16 bits and 4 probes a key; a filter that says "maybe" to all would give 100%.
    expect(maybe).toBeLessThan(1000);
  });

  it('sizes its first layer for the keys expected', () => {
    const filter = new KeyFilter(1_000_000);
    for (let i = 0; i < 1_000_000; i++) filter.add(i * 7919);
    expect(filter.layers).toBe(1);
  });
});
