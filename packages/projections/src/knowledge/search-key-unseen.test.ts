// A mission name stored before ingest refused characters no reader sees (a soft hyphen, a zero-width
// space, a NUL) folds to the name it looks like, so searching its whole word finds it; what still
// parts words (a space, a tab, a line break, a Persian joiner between letters) parts them as before.
import { describe, expect, it } from 'vitest';
import { matchesSearchText, missionSearchText, searchKey } from './search-key.js';

describe('searchKey of a name holding characters no reader sees', () => {
  it('drops them instead of parting the word', () => {
    for (const name of [
      'Dush\u00adanbe',
      'Dush\u200banbe',
      '\ufeffDushanbe',
      'Dusha\u2060nbe',
      '\u202eDushanbe\u202c',
      'Dush\u0000anbe',
      'Dush\u001banbe',
    ])
      expect(searchKey(name), JSON.stringify(name)).toBe('dushanbe');
  });

  it('keeps a space, a tab, a line break and a joiner between Persian letters as word breaks', () => {
    expect(searchKey('Embassy\tin\r\nDushanbe')).toBe('embassy in dushanbe');
    expect(searchKey('ذبیح‌الله')).toBe('ذبیح الله');
  });

  it('finds a mission so stored by the whole word', () => {
    const text = missionSearchText({
      id: 'xx-capital-embassy',
      name: 'Embassy in Dush\u00adanbe',
      city: 'Dush\u200banbe',
      country: 'Tajikistan',
      aliases: [{ alias: 'Tajik\u200b capital embassy' }],
    });
    expect(matchesSearchText(text, 'Dushanbe')).toBe(true);
    expect(matchesSearchText(text, 'in dushanbe')).toBe(true);
    expect(matchesSearchText(text, 'tajik capital')).toBe(true);
  });
});
