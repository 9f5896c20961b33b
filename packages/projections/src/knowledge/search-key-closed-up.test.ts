// A Persian name is written with a space between its parts or closed up ("سفارت خانه" and
// "سفارتخانه", embassy), and so are Chinese, Japanese and Korean names. A mission stored either way
// is found by either; in Latin and every other script a space still parts words as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missionFinders } from '../testing/mission-finders.js';
import { closedUpKey, matchesSearchText, missionSearchText, searchKey, searchKeys } from './search-key.js';

const spaced = {
  id: 'ir-tehran-embassy',
  name: 'Embassy in Tehran',
  city: 'Tehran',
  country: 'Iran',
  aliases: [{ alias: 'سفارت خانه تهران' }],
};
const closed = {
  id: 'cn-beijing-embassy',
  name: 'Embassy in Beijing',
  city: 'Beijing',
  country: 'China',
  aliases: [{ alias: '阿富汗大使馆' }, { alias: 'سفارتخانه پکن' }],
};

describe('closedUpKey', () => {
  it('drops the space between two letters of Arabic, Han, Kana or Hangul script', () => {
    expect(closedUpKey(searchKey('سفارت خانه تهران'))).toBe('سفارتخانهتهران');
    expect(closedUpKey(searchKey('岸田 文雄'))).toBe('岸田文雄');
    // Hangul folds to its letters (NFKD), closed up as the name written together folds.
    expect(closedUpKey(searchKey('김 정은'))).toBe(searchKey('김정은'));
  });

  it('keeps a space in Latin and Cyrillic, where the script changes, and beside a digit', () => {
    expect(closedUpKey('abdul haq')).toBe('abdul haq');
    expect(closedUpKey('хоруг консульство')).toBe('хоруг консульство');
    expect(closedUpKey(searchKey('سفارت Kabul'))).toBe('سفارت kabul');
    expect(closedUpKey(searchKey('سفارت 12'))).toBe('سفارت 12');
  });
});

describe('searchKeys', () => {
  it('gives the query as typed and closed up, once when closing up changes nothing', () => {
    expect(searchKeys('سفارت خانه')).toEqual(['سفارت خانه', 'سفارتخانه']);
    expect(searchKeys('Embassy in Tehran')).toEqual(['embassy in tehran']);
    expect(searchKeys('سفارتخانه')).toEqual(['سفارتخانه']);
    expect(searchKeys(' \u200b ')).toEqual([]);
  });

  it('folds a query of Latin letters, digits and spaces as searchKey alone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 ,.-]{0,24}$/), (query) => {
        const key = searchKey(query);
        expect(searchKeys(query)).toEqual(key === '' ? [] : [key]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a mission named in a script written with or without spaces', () => {
  it('holds the name closed up too, and nothing more for a Latin name', () => {
    expect(missionSearchText(spaced).split('\n')).toEqual([
      'ir tehran embassy',
      'embassy in tehran',
      'tehran',
      'iran',
      'سفارت خانه تهران',
      'سفارتخانهتهران',
    ]);
    expect(missionSearchText({ ...spaced, aliases: [] }).split('\n')).toHaveLength(4);
  });

  it('is found spaced or closed up, whichever way it was stored', () => {
    const spacedText = missionSearchText(spaced);
    const closedText = missionSearchText(closed);
    for (const typed of ['سفارت خانه', 'سفارتخانه', 'سفارتخانه تهران', 'خانه تهران'])
      expect(matchesSearchText(spacedText, typed), typed).toBe(true);
    for (const typed of ['سفارت خانه', 'سفارتخانه', 'سفارت خانه پکن', '阿富汗 大使馆'])
      expect(matchesSearchText(closedText, typed), typed).toBe(true);
    // Other words are not found, and a match still never spans two names.
    expect(matchesSearchText(spacedText, 'سفارت کابل')).toBe(false);
    expect(matchesSearchText(spacedText, 'تهران iran')).toBe(false);
    expect(matchesSearchText(closedText, 'پکن 阿富汗')).toBe(false);
  });

  it('is found so by the SQLite read models and by the state in memory alike', async () => {
    const find = await missionFinders([
      { ...spaced, aliases: spaced.aliases.map((a) => a.alias) },
      { ...closed, aliases: closed.aliases.map((a) => a.alias) },
    ]);
    const cases: [string, string[]][] = [
      ['سفارتخانه تهران', [spaced.id]],
      ['سفارت خانه پکن', [closed.id]],
      ['سفارت خانه', [closed.id, spaced.id]],
      ['大使 馆', [closed.id]],
      ['embassy in', [closed.id, spaced.id, 'tj-dushanbe-embassy']],
      ['embassyin', []],
    ];
    for (const [typed, ids] of cases) expect(find(typed), typed).toEqual({ models: ids, memory: ids });
  });
});
