// A byte order mark is white space to a JavaScript regular expression (\s), but no reader sees it as
// a space, and the text output writes it out (`\ufeff`) so a name stored with one by an earlier
// version does not look like the name it is not. wrap parts words at white space a reader sees,
// so the mark stays in the text it wraps, in a table's cell too.
import { describe, expect, it } from 'vitest';
import { renderTable, wrap } from './table.js';
import { visible } from './visible.js';

describe('wrap, with a byte order mark', () => {
  it('keeps it where it stands, not reading it as a space', () => {
    expect(wrap('\ufeffTolo News', 40)).toEqual(['\ufeffTolo News']);
    expect(wrap('Tolo\ufeffNews', 40)).toEqual(['Tolo\ufeffNews']);
    expect(wrap('Tolo \ufeff News', 40)).toEqual(['Tolo \ufeff News']);
  });

  it('leaves it in a table cell, written out by the output', () => {
    const printed = visible(renderTable([{ title: 'outlet' }, { title: 'n' }], [['Tolo\ufeffNews', '1']]));
    expect(printed.split('\n')[2]).toBe('Tolo\\ufeffNews  1');
  });

  it('still parts words at other white space', () => {
    expect(wrap('Tolo\u00a0News\tAgency', 40)).toEqual(['Tolo News Agency']);
  });
});
