// How a mission is found by text: the folded query may occur anywhere in one of its folded names (id,
// name, city, country, alias), not only at the start, and never across two of them.
import { describe, expect, it } from 'vitest';
import { matchesSearchText, missionSearchText, searchKey } from './search-key.js';

const islamabad = missionSearchText({
  id: 'pk-islamabad-embassy',
  name: 'Embassy in Islamabad',
  city: 'Islamabad',
  country: 'Pakistan',
  aliases: [{ alias: 'Afghan Embassy, Islamabad' }],
});

describe('matchesSearchText', () => {
  it('finds text in the middle of an id or a name, folded, as well as at its start', () => {
    expect(matchesSearchText(islamabad, 'Islamabad embassy')).toBe(true);
    expect(matchesSearchText(islamabad, 'in Islamabad')).toBe(true);
    expect(matchesSearchText(islamabad, 'ÍSLAMABAD-EMBASSY')).toBe(true);
    expect(matchesSearchText(islamabad, 'embassy islamabad')).toBe(true);
    expect(matchesSearchText(islamabad, 'pk-islamabad')).toBe(true);
    expect(matchesSearchText(islamabad, 'kista')).toBe(true);
  });

  it('finds nothing across two names, nothing absent, and nothing for an empty query', () => {
    expect(matchesSearchText(islamabad, 'islamabad pakistan')).toBe(false);
    expect(matchesSearchText(islamabad, 'Kabul')).toBe(false);
    expect(matchesSearchText(islamabad, ' -- ')).toBe(false);
  });

  it('folds accents, case and punctuation alike on both sides', () => {
    expect(searchKey('Khorugh (Хоруғ)')).toBe(searchKey('khorugh (хоруғ)'));
    expect(searchKey('  İstanbul—Consulate ')).toBe('istanbul consulate');
  });
});
