import { describe, expect, it } from 'vitest';
import { afterDelay, type ProgressSink, progressBar } from './progress.js';

function recording(): ProgressSink & { updates: string[]; finished: number } {
  const sink = {
    updates: [] as string[],
    finished: 0,
    update: (done: number, total: number | null, detail: string) =>
      void sink.updates.push(`${done}/${total} ${detail}`),
    finish: () => void sink.finished++,
  };
  return sink;
}

describe('afterDelay', () => {
  it('passes nothing on before the delay, everything after, and always the finish', () => {
    let clock = 1000;
    const inner = recording();
    const sink = afterDelay(inner, 1000, () => clock);
    sink.update(1, 10, 'early');
    clock = 1999;
    sink.update(2, 10, 'still early');
    clock = 2000;
    sink.update(3, 10, 'on time');
    sink.finish();
    expect(inner.updates).toEqual(['3/10 on time']);
    expect(inner.finished).toBe(1);
  });
});

describe('progressBar', () => {
  it('draws on a terminal only', () => {
    const written: string[] = [];
    const tty = { isTTY: true, columns: 80, write: (chunk: string) => written.push(chunk) > 0 };
    progressBar(tty, 'status').update(5, 10, '5 of 10 missions');
    expect(written.join('')).toContain('status [##########..........]  50% 5 of 10 missions');
    const pipe = { write: (chunk: string) => written.push(chunk) > 0 };
    const before = written.length;
    progressBar(pipe, 'status').update(5, 10, 'x');
    expect(written.length).toBe(before);
  });
});
