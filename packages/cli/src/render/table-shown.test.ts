// A table is printed through visible() (output.ts), which writes out what a terminal would not show
// as it is (`\u200b`, `\u001b`): six columns or more where the character took none or one. Each
// cell is measured as it will be shown, so every row's columns start where the heading's do.
import { describe, expect, it } from 'vitest';
import { visible } from '../commands/output.js';
import { renderTable, wrap } from './table.js';

/** Where each column starts, read from the rule of dashes under the headings. */
function columnStarts(rule: string): number[] {
  return [...rule.matchAll(/-+/g)].map((m) => m.index);
}

/** The lines of a printed table whose every cell is filled, each cut at the column starts. */
function cellsOf(printed: string): string[][] {
  const lines = printed.split('\n');
  const starts = columnStarts(lines[1]!);
  return lines.map((line) => starts.map((s, k) => line.slice(s, starts[k + 1]).trimEnd()));
}

const COLUMNS = [{ title: 'name' }, { title: 'claims' }, { title: 'actor' }];

describe('renderTable, printed through visible', () => {
  it('lines up a cell holding characters that are written out', () => {
    const names = [
      'Zabihullah Mu\u200bjahid',
      'Embassy in \u001b[1mDushanbe',
      'The Dip\u00adlomat',
      'Tolo\u202e News\u0085',
      'Khaama Press Agency',
    ];
    const printed = visible(
      renderTable(
        COLUMNS,
        names.map((n, i) => [n, String(i + 1), `a${i}`]),
      ),
    );
    const rows = cellsOf(printed).slice(2);
    expect(rows.map((r) => r.slice(1))).toEqual(names.map((_, i) => [String(i + 1), `a${i}`]));
    expect(rows.map((r) => r[0])).toEqual(names.map(visible));
  });

  it('lines up a cell written out so that it is the widest of its column', () => {
    const printed = visible(
      renderTable(COLUMNS, [
        ['Zabihullah Mujahid', '1', 'x'],
        ['Zabihullah Mu\u0007jah', '2', 'y'],
      ]),
    );
    expect(printed.split('\n')).toEqual([
      'name                    claims  actor',
      '----------------------  ------  -----',
      'Zabihullah Mujahid      1       x',
      'Zabihullah Mu\\u0007jah  2       y',
    ]);
  });

  it('wraps a cell at its width as shown', () => {
    const printed = visible(
      renderTable([{ title: 'q', max: 12 }, { title: 'n' }], [['a\u200bb c\u200bd e', '1']]),
    );
    expect(printed.split('\n').slice(2)).toEqual(['a\\u200bb    1', 'c\\u200bd e']);
  });
});

describe('wrap', () => {
  it('counts a character that is written out at the width it is shown', () => {
    expect(wrap('one tw\u200bo three', 11).map(visible)).toEqual(['one', 'tw\\u200bo', 'three']);
  });
});
