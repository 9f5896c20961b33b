// stopReadUntilAnswer with stand-ins for the process: kb mission's and kb timeline's listeners are
// there while the store opens and catches up, and gone before the answer, whether the opening gave a
// context or failed (mission-timeline-interrupt.test.ts runs the real kb).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopReadUntilAnswer } from './read-stop.js';

const listening = (signals: EventEmitter) =>
  signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM');

describe('stopReadUntilAnswer', () => {
  it('stops as a read command while preparing, and no longer listens once it has prepared', async () => {
    const signals = new EventEmitter();
    const written: string[] = [];
    const exits: number[] = [];
    let during = 0;
    const prepared = await stopReadUntilAnswer(
      'mission',
      async () => {
        during = listening(signals);
        signals.emit('SIGINT', 'SIGINT');
        return 'context';
      },
      { signals, write: (text) => written.push(text), exit: (code) => exits.push(code) },
    );
    expect(during).toBe(2);
    expect(exits).toEqual([130]);
    expect(written.at(-1)).toMatch(/^kb: SIGINT: kb mission interrupted[;.] /);
    expect(prepared).toBe('context');
    expect(listening(signals)).toBe(0);
  });

  it('no longer listens when preparing failed', async () => {
    const signals = new EventEmitter();
    await expect(
      stopReadUntilAnswer('timeline', () => Promise.reject(new Error('no such store')), { signals }),
    ).rejects.toThrow('no such store');
    expect(listening(signals)).toBe(0);
  });
});
