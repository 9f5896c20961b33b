// What a bar leaves on a terminal: every frame fits the row it is drawn on (a frame wider than the
// terminal wraps, and the next frame's carriage return only goes back to the start of the last row,
// so the earlier rows pile up on screen), its numbers are true, and the last count it was given is
// the one left on screen when it finishes.
import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

/** A fake terminal of `columns` columns whose clock the test moves. */
function terminal(columns: number) {
  const written: string[] = [];
  const clock = { now: 1_000 };
  const stream = { isTTY: true, columns, write: (chunk: string) => written.push(chunk) > 0 };
  return { stream, clock, written };
}

/** The frames drawn: each redraw's text, without the carriage return and the erase-to-end. */
function frames(written: readonly string[]): string[] {
  return written
    .join('')
    .split('\r')
    .map((frame) => frame.replaceAll('\u001b[K', '').replaceAll('\u001b[1A', '').replace(/\n$/, ''))
    .filter((frame) => frame !== '');
}

const INGEST = (n: number) => `${n} lines: ${n} added, 0 already present, 0 rejected`;

describe('a progress bar on a narrow terminal', () => {
  for (const columns of [80, 40, 20]) {
    it(`draws every frame within ${columns} columns, less the last one (where a terminal wraps)`, () => {
      const { stream, clock, written } = terminal(columns);
      const bar = progressBar(stream, 'read models', () => clock.now);
      for (const done of [100, 171_100, 299_900, 300_000]) {
        clock.now += 1_000;
        bar.update(done * 650, 300_000 * 650, INGEST(done));
      }
      bar.finish();
      const drawn = frames(written);
      expect(drawn.length).toBe(4);
      for (const frame of drawn) expect(Array.from(frame).length).toBeLessThan(columns);
      // The count is what gets cut last: on 40 columns the line still says how far it got.
      if (columns >= 40) expect(drawn.at(-1)).toContain('300000 lines');
    });
  }

  it('keeps the whole line, graph included, when it fits', () => {
    const { stream, written } = terminal(120);
    progressBar(stream, 'status').update(5, 10, '5 of 10 missions');
    expect(frames(written)).toEqual([
      'status [####################....................]  50% 5 of 10 missions',
    ]);
  });
});

describe('the numbers a bar shows', () => {
  it('says 100% and draws a full graph only when the work is done', () => {
    const { stream, clock, written } = terminal(80);
    const bar = progressBar(stream, 'verify', () => clock.now);
    clock.now += 1_000;
    bar.update(9_996, 10_000, '9996 of 10000 events');
    expect(frames(written).at(-1)).toMatch(/\[#*\.+\] {2}99% 9996 of 10000 events$/);
    clock.now += 1_000;
    bar.update(10_000, 10_000, '10000 of 10000 events');
    expect(frames(written).at(-1)).toMatch(/\[#+\] 100% 10000 of 10000 events$/);
  });

  it('leaves the last count it was given on screen, even one that came too soon to be drawn', () => {
    const { stream, clock, written } = terminal(80);
    const bar = progressBar(stream, 'log', () => clock.now);
    bar.update(1_024, 325_103, 'position 1024 of 325103');
    clock.now += 10;
    bar.update(2_048, 325_103, 'position 2048 of 325103');
    expect(frames(written).at(-1)).toContain('position 1024 of 325103');
    bar.finish();
    expect(frames(written).at(-1)).toContain('position 2048 of 325103');
    expect(written.join('').endsWith('\n')).toBe(true);
  });

  it('draws at most ten frames a second', () => {
    const { stream, clock, written } = terminal(80);
    const bar = progressBar(stream, 'ingest', () => clock.now);
    for (let i = 1; i <= 1_000; i++) {
      clock.now += 1;
      bar.update(i, 2_000, `${i} lines`);
    }
    expect(frames(written).length).toBeLessThanOrEqual(11);
    expect(frames(written).length).toBeGreaterThanOrEqual(9);
  });
});

describe('a terminal that does not say its width', () => {
  // A pseudo-terminal nobody sized (script(1) run without a terminal of its own) reports 0 columns.
  for (const columns of [0, undefined]) {
    it(`takes ${columns} columns as 80`, () => {
      const written: string[] = [];
      const write = (chunk: string) => written.push(chunk) > 0;
      const stream = columns === undefined ? { isTTY: true, write } : { isTTY: true, columns, write };
      progressBar(stream, 'verify').update(5, 10, '5 of 10 events');
      expect(frames(written)).toEqual(['verify [##########..........]  50% 5 of 10 events']);
    });
  }
});
