// A terminal gives a Chinese character or an emoji two columns and a combining mark or a joiner
// none, so a table pads, wraps and cuts its cells by those columns (displayWidth), not by code
// points: every row's next column then starts where the heading's does.
import { describe, expect, it } from 'vitest';
import { visible } from '../commands/output.js';
import { displayWidth } from './display-width.js';
import { renderTable, wrap } from './table.js';

/** Names a terminal gives 6, 10, 7, 13 and 9 columns: wide, accented, joined, Persian, plain. */
const NAMES = ['新华社', 'Jose\u0301 Press', '👩\u200d💻 desk', 'خبرگزاری فارس', 'Tolo News'];

/** `text` in graphemes: a piece of a cut ends where one does, never inside a pair or a cluster. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clusters = (text: string) => [...graphemes.segment(text)].map((s) => s.segment);

describe('renderTable measures cells as a terminal shows them', () => {
  const printed = visible(
    renderTable(
      [{ title: 'name' }, { title: 'claims' }, { title: 'actor' }],
      NAMES.map((name, i) => [name, String(i + 1), `a${i}`]),
    ),
  );
  const lines = printed.split('\n');

  it('starts each row’s next column at the same display column as the heading’s', () => {
    // Widest name: خبرگزاری فارس, 8 letters, a space and 4 letters: 13 columns; claims then starts at 15.
    expect(lines[0]).toBe(`name${' '.repeat(11)}claims  actor`);
    const claimsAt = displayWidth(lines[0]!.slice(0, lines[0]!.indexOf('claims')));
    const actorAt = displayWidth(lines[0]!.slice(0, lines[0]!.indexOf('actor')));
    expect([claimsAt, actorAt]).toEqual([15, 23]);
    NAMES.forEach((_, i) => {
      const line = lines[i + 2]!;
      const number = line.indexOf(String(i + 1));
      expect(displayWidth(line.slice(0, number))).toBe(claimsAt);
      expect(displayWidth(line.slice(0, line.indexOf(`a${i}`)))).toBe(actorAt);
    });
  });

  it('pads a Chinese name and an emoji sequence by the columns they take (hand-counted)', () => {
    // 新华社 takes 6 columns: 9 spaces to column 15. 👩‍💻 takes 2, ' desk' 5: 8 spaces.
    expect(lines[2]).toBe(`新华社${' '.repeat(9)}1       a0`);
    expect(lines[3]).toBe(`Jose\u0301 Press${' '.repeat(5)}2       a1`);
    expect(lines[4]).toBe(`👩\u200d💻 desk${' '.repeat(8)}3       a2`);
  });
});

describe('wrap cuts by display columns, never inside a character', () => {
  it('cuts a wide name to an odd width between characters', () => {
    const lines = wrap('新华社通讯', 5);
    expect(lines).toEqual(['新华', '社通', '讯']);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(5);
    expect(wrap('a新华', 3)).toEqual(['a新', '华']);
  });

  it('keeps an emoji joined by ZWJ whole, even in a column narrower than it', () => {
    const worker = '👩\u200d💻';
    expect(wrap(worker.repeat(3), 5)).toEqual([worker.repeat(2), worker]);
    expect(wrap(worker, 1)).toEqual([worker]);
    const pieces = wrap(`${worker}新𠀀e\u0301`, 1);
    expect(pieces.flatMap(clusters)).toEqual(clusters(`${worker}新𠀀e\u0301`));
    for (const piece of pieces) expect(clusters(piece)).toHaveLength(1);
  });

  it('wraps a table cell holding a wide name within its column', () => {
    const out = renderTable([{ title: 'q', max: 5 }, { title: 'n' }], [['新华社', '1']]);
    expect(out.split('\n').slice(2)).toEqual(['新华  1', '社']);
  });
});
