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

  it('takes a signal that came in the last stretch of preparing, delivered turns later, before it stops listening', async () => {
    // A real signal is delivered by the event loop: one that came while the thread was held at the
    // end of the catch-up is taken a turn or two after it. Here it is emitted two turns on.
    const signals = new EventEmitter();
    const exits: number[] = [];
    await stopReadUntilAnswer(
      'timeline',
      async () => {
        setImmediate(() => setImmediate(() => signals.emit('SIGTERM', 'SIGTERM')));
        return 'context';
      },
      { signals, write: () => undefined, exit: (code) => exits.push(code) },
    );
    expect(exits).toEqual([130]);
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
