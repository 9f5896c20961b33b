// A name stored before ingest refused control characters in it may hold a terminal's escape
// sequence; it folds to the name it looks like, the whole sequence dropped (a CSI up to its final
// byte, an OSC up to its terminator), so a mission so named is found and a claimant so written is
// the origin of the plain name. Brackets written as text, with no ESC, stay part of the name.
import { describe, expect, it } from 'vitest';
import { matchesSearchText, missionSearchText, searchKey } from './search-key.js';

describe('searchKey of a name holding an escape sequence', () => {
  it('drops the whole sequence, in its 7-bit and 8-bit forms', () => {
    for (const name of [
      'Embassy in \u001b[1mDushanbe',
      'Embassy in \u001b[1mDushanbe\u001b[0m',
      '\u001b[2K\u001b[1GEmbassy in Dushanbe',
      'Embassy in \u009b1;38;5;196mDushanbe\u009bm',
      '\u001b]8;;https://example.org/\u0007Embassy in Dushanbe\u001b]8;;\u0007',
      'Embassy in \u001b]0;a title\u001b\\Dushanbe',
      'Embassy in \u009d0;a title\u009cDushanbe',
    ])
      expect(searchKey(name), JSON.stringify(name)).toBe('embassy in dushanbe');
  });

  it('finds a mission so named by its plain name, and keeps brackets written as text', () => {
    const text = missionSearchText({
      id: 'xx-escaped-embassy',
      name: 'Embassy in \u001b[1mDushanbe\u001b[0m',
      city: null,
      country: 'Tajikistan',
      aliases: [],
    });
    expect(matchesSearchText(text, 'Embassy in Dushanbe')).toBe(true);
    expect(searchKey('Embassy [1m] Dushanbe')).toBe('embassy 1m dushanbe');
  });
});
