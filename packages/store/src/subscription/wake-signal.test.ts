import { describe, expect, it } from 'vitest';
import { TIMED_OUT, within } from '../contract/contract-context.js';
import { WakeSignal } from './wake-signal.js';

describe('WakeSignal', () => {
  it('ends a wait with a timeout after that time, with no fire', async () => {
    const signal = new WakeSignal();
    expect(await within(signal.wait(10), 1_000)).not.toBe(TIMED_OUT);
  });

  it('wakes every waiter at one fire, and each only once', async () => {
    const signal = new WakeSignal();
    const woken: number[] = [];
    const waits = [0, 1, 2].map((n) => signal.wait().then(() => woken.push(n)));
    signal.fire();
    expect(await within(Promise.all(waits), 1_000)).not.toBe(TIMED_OUT);
    expect(woken.sort()).toEqual([0, 1, 2]);
    signal.fire(); // nobody waits any more: harmless
    expect(woken).toHaveLength(3);
  });
});
