// How far kb rebuild has come. Before, it wrote its lines (`rebuilding: N of M events`) on stderr
// whatever stderr was, never a bar, and never the time left: a terminal now gets the bar the other
// long commands draw, with the time left, and no lines; a pipe keeps the lines a script may read,
// each with the time left once there is an estimate; under --json a pipe gets nothing.
import { describe, expect, it } from 'vitest';
import { fakeTerminal } from '../testing/fake-terminal.js';
import { rebuildProgress } from './rebuild-progress.js';

const TOTAL = 100_000;
const RANGE = 5_000;

/** Ranges of 5,000 events committed every `ms`, the clock moved by hand; what was written on the way. */
function rebuildOf(progress: ReturnType<typeof rebuildProgress>, clock: { now: number }, ms: number) {
  for (let held = RANGE; held <= TOTAL; held += RANGE) {
    clock.now += ms;
    progress.held(held);
  }
  progress.finish();
}

describe('kb rebuild, its progress', () => {
  it('on a terminal is a bar with the time left, drawn once it has taken a second, and no lines', () => {
    const term = fakeTerminal(80);
    const lines: string[] = [];
    const progress = rebuildProgress(TOTAL, {
      stream: term.stream,
      line: (l) => lines.push(l),
      now: term.now,
    });
    rebuildOf(progress, term.clock, 250);
    const frames = term.frames();
    expect(lines).toEqual([]);
    // The first range came a quarter of a second in, the bar from the fourth (one second in).
    expect(frames[0]).toBe('rebuild [####................]  20% 20000 of 100000 events');
    // 20,000 events a second: two seconds after its first frame it says how long is left.
    expect(frames).toContain('rebuild [##############......]  70% 70000 of 100000 events, ~2s left');
    expect(frames.at(-1)).toBe('rebuild [####################] 100% 100000 of 100000 events');
  });

  it('on a pipe is a line each tenth of the log, with the time left once there is one', () => {
    const lines: string[] = [];
    const clock = { now: 1_000 };
    const pipe = { isTTY: false, write: () => true };
    const progress = rebuildProgress(TOTAL, {
      stream: pipe,
      line: (l) => lines.push(l),
      now: () => clock.now,
    });
    rebuildOf(progress, clock, 250);
    expect(lines).toEqual([
      'rebuilding: 10000 of 100000 events',
      'rebuilding: 20000 of 100000 events',
      'rebuilding: 30000 of 100000 events',
      'rebuilding: 40000 of 100000 events',
      'rebuilding: 50000 of 100000 events, ~3s left',
      'rebuilding: 60000 of 100000 events, ~2s left',
      'rebuilding: 70000 of 100000 events, ~2s left',
      'rebuilding: 80000 of 100000 events, ~1s left',
      'rebuilding: 90000 of 100000 events, ~1s left',
    ]);
  });

  it('on a pipe under --json is nothing; on a terminal under --json still the bar', () => {
    const lines: string[] = [];
    const clock = { now: 1_000 };
    const pipe = { isTTY: false, write: () => true };
    rebuildOf(
      rebuildProgress(TOTAL, { stream: pipe, line: (l) => lines.push(l), json: true, now: () => clock.now }),
      clock,
      250,
    );
    expect(lines).toEqual([]);
    const term = fakeTerminal(80);
    rebuildOf(
      rebuildProgress(TOTAL, { stream: term.stream, line: (l) => lines.push(l), json: true, now: term.now }),
      term.clock,
      250,
    );
    expect(lines).toEqual([]);
    expect(term.frames().at(-1)).toBe('rebuild [####################] 100% 100000 of 100000 events');
  });
});
