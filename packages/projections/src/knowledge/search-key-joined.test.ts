// A Persian name is written three ways: with its zero-width non-joiner ("سرکنسول‌گری"), with a space
// in its place, or with nothing there, as many keyboards and writers leave it. A mission is found by
// each. The search key alone folds the joiner as a space (so the first two meet, and so do the
// origins of a spokesman written either way); the third spelling was not found at all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missionFinders } from '../testing/mission-finders.js';
import { joinedSearchKey, matchesSearchText, missionSearchText, searchKey } from './search-key.js';

const ZWNJ = '\u200c';
const CONSULATE = `سرکنسول${ZWNJ}گری مشهد`;
const mission = {
  id: 'ir-mashhad-consulate',
  name: 'Consulate General in Mashhad',
  city: 'Mashhad',
  country: 'Iran',
  aliases: [{ alias: CONSULATE }],
};

describe('joinedSearchKey', () => {
  it('drops the joiners that are part of a name, where searchKey parts the words', () => {
    expect(searchKey(CONSULATE)).toBe('سرکنسول گری مشهد');
    expect(joinedSearchKey(CONSULATE)).toBe('سرکنسولگری مشهد');
    expect(joinedSearchKey(`ذبیح${ZWNJ}الله مجاهد`)).toBe(searchKey('ذبیحالله مجاهد'));
  });

  it('folds a text holding no joiner as searchKey does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (text) => {
        const plain = text.replace(/[\u200c\u200d]/gu, '');
        expect(joinedSearchKey(plain)).toBe(searchKey(plain));
      }),
      { numRuns: 500 },
    );
  });

  it('drops a joiner that is no part of the name as searchKey does', () => {
    // Between Latin letters a joiner is no part of the name: both keys drop it.
    expect(joinedSearchKey('Mu\u200djahid')).toBe('mujahid');
    expect(searchKey('Mu\u200djahid')).toBe('mujahid');
  });
});

describe('a mission named with a joiner', () => {
  it('has both keys of that name in its search text, closed up too, and one of every other', () => {
    const lines = missionSearchText(mission).split('\n');
    expect(lines).toEqual([
      'ir mashhad consulate',
      'consulate general in mashhad',
      'mashhad',
      'iran',
      'سرکنسول گری مشهد',
      'سرکنسولگری مشهد',
      // And closed up (search-key-closed-up.test.ts).
      'سرکنسولگریمشهد',
    ]);
  });

  it('is found by the name with its joiner, with a space, or with nothing in its place', () => {
    const text = missionSearchText(mission);
    for (const typed of [CONSULATE, 'سرکنسول گری', 'سرکنسولگری', 'سرکنسولگری مشهد', 'کنسولگری'])
      expect(matchesSearchText(text, typed), typed).toBe(true);
    // A match still never spans two names.
    expect(matchesSearchText(text, 'مشهد iran')).toBe(false);
  });

  it('is found so by the SQLite read models and by the state in memory alike', async () => {
    const find = await missionFinders([{ ...mission, aliases: [CONSULATE] }]);
    for (const typed of [CONSULATE, 'سرکنسول گری', 'سرکنسولگری'])
      expect(find(typed), typed).toEqual({ models: [mission.id], memory: [mission.id] });
  });
});
