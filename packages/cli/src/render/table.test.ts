import { describe, expect, it } from 'vitest';
import { formatVague } from './dates.js';
import { renderTable, wrap } from './table.js';
import { clippedList, clippedQuote, clippedText, quoted } from './text.js';

/** The first half of a surrogate pair without its second, or a second without its first. */
const LONE_HALF = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('renderTable', () => {
  it('aligns columns under their headings', () => {
    const out = renderTable(
      [{ title: 'id' }, { title: 'status' }],
      [
        ['tj-khorog-consulate', 'contested'],
        ['x', 'unknown'],
      ],
    );
    const lines = out.split('\n');
    expect(lines[0]).toBe('id                   status');
    expect(lines[2]).toBe('tj-khorog-consulate  contested');
    expect(lines[3]).toBe('x                    unknown');
  });

  it('wraps a long cell onto more lines within its column', () => {
    const out = renderTable([{ title: 'q', max: 10 }, { title: 'n' }], [['one two three four', '1']]);
    expect(out.split('\n').slice(2)).toEqual(['one two     1', 'three four']);
  });

  it('aligns columns holding emoji by the two columns each takes on a terminal', () => {
    const out = renderTable(
      [{ title: 'q' }, { title: 'n' }],
      [
        ['😀😀😀', '1'],
        ['abc', '2'],
      ],
    );
    expect(out.split('\n').slice(2)).toEqual(['😀😀😀  1', 'abc     2']);
  });
});

describe('wrap', () => {
  it('cuts a word longer than the width', () => {
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('cuts a long word on characters: never inside an emoji, nor between a letter and its accent', () => {
    // An emoji takes two columns: 45 of them fill 90.
    const lines = wrap('😀'.repeat(200), 90);
    expect(lines).toEqual([
      '😀'.repeat(45),
      '😀'.repeat(45),
      '😀'.repeat(45),
      '😀'.repeat(45),
      '😀'.repeat(20),
    ]);
    for (const line of lines) expect(line).not.toMatch(LONE_HALF);
    // e + combining acute is one character in one column; three of them do not fit in 2.
    expect(wrap('e\u0301e\u0301e\u0301', 2)).toEqual(['e\u0301e\u0301', 'e\u0301']);
    expect(wrap('e\u0301e\u0301e\u0301', 3)).toEqual(['e\u0301e\u0301e\u0301']);
    // Words of emoji are measured in columns when put side by side: 😀😀 😀😀 takes 9.
    expect(wrap('😀😀 😀😀', 9)).toEqual(['😀😀 😀😀']);
    expect(wrap('😀😀 😀😀', 8)).toEqual(['😀😀', '😀😀']);
  });
});

describe('formatVague', () => {
  it('shows a day as written and a vague date with its bounds', () => {
    expect(formatVague({ text: '2023-03-23', earliest: '2023-03-23', latest: '2023-03-23' })).toBe(
      '2023-03-23',
    );
    expect(formatVague({ text: '2022-03', earliest: '2022-03-01', latest: '2022-03-31' })).toBe(
      '2022-03 [2022-03-01..2022-03-31]',
    );
    expect(formatVague({ text: 'earlier', earliest: null, latest: '2023-03-28' })).toBe(
      'earlier […..2023-03-28]',
    );
    expect(formatVague({ text: 'unknown', earliest: null, latest: null })).toBe('unknown');
  });

  it('shows an interval of one day as written, and an uncertain day with the bounds it counts by', () => {
    const day = { earliest: '2023-03-23', latest: '2023-03-23' };
    expect(formatVague({ text: '2023-03-23/2023-03-23', ...day })).toBe('2023-03-23/2023-03-23');
    expect(formatVague({ text: '2023-03-23?', ...day })).toBe('2023-03-23? [2023-03-23..2023-03-23]');
    expect(formatVague({ text: '2023-03-23~', earliest: '2023-03-20', latest: '2023-03-26' })).toBe(
      '2023-03-23~ [2023-03-20..2023-03-26]',
    );
  });
});

describe('quoted', () => {
  it('adds quotation marks only where the quote has none of its own', () => {
    expect(quoted('no delegation')).toBe('“no delegation”');
    expect(quoted('“Formally, it is ours.”')).toBe('“Formally, it is ours.”');
  });
});

describe('clipped quotes and lists', () => {
  it('shows a quote whole up to the limit, and past it says how much is left and where', () => {
    expect(clippedQuote('short', 10, 'kb trace c1 shows it whole')).toBe('“short”');
    expect(clippedQuote('0123456789abc', 10, 'kb trace c1 shows it whole')).toBe(
      '“0123456789…” [3 more characters: kb trace c1 shows it whole]',
    );
    expect(clippedQuote('x'.repeat(5000), 1000, 'see trace')).toMatch(
      /…” \[4,000 more characters: see trace\]$/,
    );
  });

  it('never cuts an emoji in half', () => {
    const text = `${'a'.repeat(9)}😀${'b'.repeat(5)}`; // 15 characters; the emoji is the 10th
    const out = clippedQuote(text, 10, 'w');
    expect(out).toBe(`“${'a'.repeat(9)}😀…” [5 more characters: w]`);
    expect(out).not.toMatch(LONE_HALF);
    expect(clippedQuote(`${'a'.repeat(9)}e\u0301x`, 10, 'w')).toBe(
      `“${'a'.repeat(9)}…” [3 more characters: w]`,
    );
  });

  it('counts characters as code points, as the docs do, not as UTF-16 units', () => {
    // 1,200 characters: 600 letters and 600 emoji.
    expect(clippedQuote('a😀'.repeat(600), 1000, 'w')).toMatch(/…” \[200 more characters: w\]$/);
    expect(clippedQuote('😀'.repeat(20_000), 1000, 'w')).toMatch(/…” \[19,000 more characters: w\]$/);
    expect(clippedQuote('😀'.repeat(1000), 1000, 'w')).toBe(`“${'😀'.repeat(1000)}”`);
    expect(clippedText('😀'.repeat(1001), 1000, 'w')).toBe(`${'😀'.repeat(1000)}… [1 more character: w]`);
  });

  it('lists the first names and counts the rest', () => {
    expect(clippedList(['a', 'b'], 2, '--json')).toBe('a, b');
    expect(clippedList(['a', 'b', 'c', 'd'], 2, '--json lists every one')).toBe(
      'a, b and 2 more (--json lists every one)',
    );
  });
});
