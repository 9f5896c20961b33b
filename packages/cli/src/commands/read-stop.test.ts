// stopReadOnSignal with stand-ins for the process: what a read command stopped by a signal says and
// does, a catch-up's kept chunks included (read-interrupt.test.ts runs the real kb).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../render/progress.js';
import { interruptedReadLine, noteReadModelsCommitted, stopReadOnSignal } from './read-stop.js';

describe('a read command stopped by a signal', () => {
  it('ends the bar on its own line first, then says so on one line and exits 130, once', () => {
    const signals = new EventEmitter();
    const written: string[] = [];
    const exits: number[] = [];
    const clock = { now: 0 };
    const stream = { isTTY: true, columns: 80, write: (chunk: string) => written.push(chunk) > 0 };
    const bar = progressBar(stream, 'verify', () => clock.now);
    bar.update(1, 10, 'first');
    // Too soon after the first frame: kept, and drawn when the bar is ended.
    bar.update(5, 10, 'fifth');
    const dispose = stopReadOnSignal('verify', {
      signals,
      write: (text) => written.push(text),
      exit: (code) => exits.push(code),
    });
    signals.emit('SIGINT', 'SIGINT');
    signals.emit('SIGINT', 'SIGINT');
    dispose();
    expect(exits).toEqual([130]);
    expect(written.at(-2)?.endsWith('fifth\u001b[K\n')).toBe(true);
    expect(written.at(-1)).toBe('kb: SIGINT: kb verify interrupted; it only reads, so nothing was changed\n');
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('says what a catch-up of the read models kept', () => {
    expect(interruptedReadLine('SIGTERM', 'status', 4000)).toBe(
      'kb: SIGTERM: kb status interrupted. The log was not changed; the read models, which it was bringing up to date, keep the events applied so far (up to position 4000, each chunk committed with its checkpoint), and the next command goes on from there',
    );
    const signals = new EventEmitter();
    const written: string[] = [];
    noteReadModelsCommitted(2000);
    stopReadOnSignal('sources', { signals, write: (text) => written.push(text), exit: () => {} });
    signals.emit('SIGTERM', 'SIGTERM');
    expect(written).toEqual([`${interruptedReadLine('SIGTERM', 'sources', 2000)}\n`]);
  });
});
