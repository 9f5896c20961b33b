// A CSI (ESC [ or U+009B) left at the end of a stored name with no final byte is swallowed by a
// terminal, which waits for the byte that ends it: what it showed is the name before it, and the
// name folds so, for a mission's search key and an origin alike. A CSI that does end keeps ending
// at its final byte, and the text after it stays.
import { describe, expect, it } from 'vitest';
import { originOf } from '../queries/origin.js';
import { matchesSearchText, missionSearchText, searchKey } from './search-key.js';

const origin = (asWritten: string) => originOf({ asWritten, actorId: null }, []);

describe('a CSI with no final byte at the end of a name', () => {
  it('is dropped with its parameter and intermediate bytes', () => {
    expect(searchKey('Embassy in Dushanbe\u001b[31')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy in Dushanbe \u001b[1;38;5;196')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy in Dushanbe\u009b31')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy in Dushanbe\u001b[')).toBe('embassy in dushanbe');
    expect(searchKey('Embassy in Dushanbe\u001b[31 ')).toBe('embassy in dushanbe');
    expect(origin('Zabihullah Mujahid\u001b[31')).toBe('name:zabihullah mujahid');
    expect(searchKey('\u001b[31')).toBe('');
  });

  it('leaves the search text of a mission so named without the parameters', () => {
    const text = missionSearchText({
      id: 'tj-dushanbe',
      name: 'Embassy in Dushanbe\u001b[31',
      city: null,
      country: 'TJ',
      aliases: [],
    });
    expect(text.split('\n')).toContain('embassy in dushanbe');
    expect(matchesSearchText(text, '31')).toBe(false);
  });

  it('still ends at a final byte when one follows, keeping the text after it', () => {
    expect(searchKey('Zabihullah \u001b[31mMujahid')).toBe('zabihullah mujahid');
    expect(searchKey('Zabihullah \u001b[31 Mujahid')).toBe('zabihullah ujahid');
    expect(origin('Zabihullah \u001b[1;31mMujahid\u001b[0m')).toBe('name:zabihullah mujahid');
  });
});
