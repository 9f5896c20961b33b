import { describe, expect, it } from 'vitest';
import { formatVague, quoted } from './dates.js';
import { renderTable, wrap } from './table.js';

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
});

describe('wrap', () => {
  it('cuts a word longer than the width', () => {
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
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
});

describe('quoted', () => {
  it('adds quotation marks only where the quote has none of its own', () => {
    expect(quoted('no delegation')).toBe('“no delegation”');
    expect(quoted('“Formally, it is ours.”')).toBe('“Formally, it is ours.”');
  });
});
