import { describe, expect, it } from 'vitest';
import { parseVagueDate, vagueDate } from './edtf.js';

// docs/dates.md: `YYYY-33..41` are quarters (33-36), quadrimesters (37-39) and semesters (40-41);
// `2022-34` is 2022-04-01..2022-06-30 in the docs' own examples. The table in edtf.test.ts checks
// 33, 36, 37, 39, 40 and 41; these are the codes between them.
type Row = readonly [text: string, earliest: string, latest: string];

describe('quarters and quadrimesters between the first and the last', () => {
  it.each<Row>([
    ['2022-34', '2022-04-01', '2022-06-30'],
    ['2022-35', '2022-07-01', '2022-09-30'],
    ['2022-38', '2022-05-01', '2022-08-31'],
  ])('%s -> %s .. %s', (text, earliest, latest) => {
    expect(parseVagueDate(text)).toEqual({ ok: true, value: { text, earliest, latest, anchor: null } });
  });

  it('lays the four quarters and the three quadrimesters end to end over the year', () => {
    const spans = (codes: number[]) => codes.map((c) => vagueDate(`2023-${c}`));
    for (const group of [spans([33, 34, 35, 36]), spans([37, 38, 39])]) {
      expect(group[0]?.earliest).toBe('2023-01-01');
      expect(group.at(-1)?.latest).toBe('2023-12-31');
      for (let i = 1; i < group.length; i += 1) {
        const dayAfter = new Date(`${group[i - 1]?.latest}T00:00:00Z`);
        dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
        expect(group[i]?.earliest).toBe(dayAfter.toISOString().slice(0, 10));
      }
    }
  });
});

describe('approximate years at the edge of the calendar', () => {
  it('clamps a widened 9999 to 9999-12-31 and widens its start by a year', () => {
    // docs/dates.md: approximate margins are clamped to 1000-01-01..9999-12-31.
    expect(vagueDate('9999~')).toMatchObject({ earliest: '9998-01-01', latest: '9999-12-31' });
    expect(vagueDate('9998~')).toMatchObject({ earliest: '9997-01-01', latest: '9999-12-31' });
    expect(vagueDate('9999%')).toMatchObject({ earliest: '9998-01-01', latest: '9999-12-31' });
  });
});
