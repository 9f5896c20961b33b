// Ctrl-C ends most commands at once (the default action: kb verify's walk, kb status and kb sources
// run without yielding, so no handler of theirs could run before the work is done). A bar whose
// cursor stays at the end of its frame is then left with the shell's "^C" and prompt glued to it.
// Each frame now ends on a new line, so at any moment the cursor is at the start of an empty line
// below the bar, and the next frame first moves back up onto the bar's own row.
import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

const ESC = '\u001b';

/** A screen of rows as a terminal keeps them, for the few controls a bar writes. */
function screen(output: string): { rows: string[]; row: number; column: number } {
  const rows: string[] = [''];
  let row = 0;
  let column = 0;
  for (let i = 0; i < output.length; i++) {
    const rest = output.slice(i);
    const control = rest.startsWith(ESC) ? /^.\[(\d*)([AK])/.exec(rest) : null;
    if (control !== null) {
      if (control[2] === 'K') rows[row] = rows[row]!.slice(0, column);
      else row = Math.max(0, row - Number(control[1] || 1));
      i += control[0].length - 1;
    } else if (rest[0] === '\r') column = 0;
    else if (rest[0] === '\n') {
      row++;
      column = 0;
      rows[row] ??= '';
    } else {
      rows[row] = rows[row]!.slice(0, column).padEnd(column) + rest[0] + rows[row]!.slice(column + 1);
      column++;
    }
  }
  return { rows, row, column };
}

describe('a bar cut off by a signal', () => {
  it('leaves one whole bar line and the cursor at the start of the line below it, after every frame', () => {
    const written: string[] = [];
    const clock = { now: 0 };
    const stream = { isTTY: true, columns: 80, write: (chunk: string) => written.push(chunk) > 0 };
    const bar = progressBar(stream, 'verify', () => clock.now);
    for (const done of [10_000, 20_000, 30_000]) {
      clock.now += 1_000;
      bar.update(done, 325_103, `${done} of 325103 events`);
      // Killed here: what the terminal shows.
      const shown = screen(written.join(''));
      expect(shown.rows.filter((row) => row !== '')).toEqual([
        expect.stringMatching(new RegExp(`^verify \\[.*\\] +\\d+% ${done} of 325103 events(, ~\\S+ left)?$`)),
      ]);
      expect([shown.row, shown.column]).toEqual([1, 0]);
    }
  });

  it('leaves the answer after a finished bar on the line below it, with no empty line between', () => {
    const written: string[] = [];
    const clock = { now: 0 };
    const stream = { isTTY: true, columns: 80, write: (chunk: string) => written.push(chunk) > 0 };
    const bar = progressBar(stream, 'status', () => clock.now);
    clock.now += 1_000;
    bar.update(1, 2, '1 of 2 missions');
    clock.now += 1_000;
    bar.update(2, 2, '2 of 2 missions');
    bar.finish();
    written.push('Missions: 2\n');
    expect(screen(written.join('')).rows).toEqual([
      'status [####################] 100% 2 of 2 missions',
      'Missions: 2',
      '',
    ]);
  });
});
