// The first Ctrl-C of an ingest ends its bar before saying it is stopping: the bar's frames each end
// on a new line and the next goes back up onto the bar's row (progress.ts), so a frame drawn after
// the line (a batch committed while the run stops) would draw over it.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ProgressSink } from '../render/progress.js';
import { stopOnSignal } from './ingest-stop.js';

describe('kb ingest on Ctrl-C', () => {
  it('ends the bar, then says it is stopping, then aborts the run, and listens no more', () => {
    const said: string[] = [];
    const bar: ProgressSink = {
      update: () => void said.push('frame'),
      finish: () => void said.push('bar ends'),
    };
    const signals = new EventEmitter();
    const stop = stopOnSignal(false, bar, { signals, write: (text) => void said.push(text) });
    stop.signal.addEventListener('abort', () => void said.push('aborted'));
    signals.emit('SIGINT', 'SIGINT');
    expect(said).toEqual([
      'bar ends',
      'kb: SIGINT: stopping: the records read so far are being committed (SIGINT again stops at once)\n',
      'aborted',
    ]);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });
});
