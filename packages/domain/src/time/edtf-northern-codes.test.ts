import { describe, expect, it } from 'vitest';
import { parseVagueDate, vagueDate } from './edtf.js';

// docs/dates.md: `YYYY-25..28` are "the same four seasons, marked Northern explicitly", so each reads
// exactly as its code in 21-24 does. edtf.test.ts pins 25 and 28 only; this pins all four against
// their unmarked twins, winter's run into the next (leap) year included. It also pins the
// three-digit year among the refused ones ("two-, three- and five-digit ... years").
describe('the seasons marked Northern explicitly (25-28)', () => {
  it.each([
    [25, 21, '2023-03-01', '2023-05-31'],
    [26, 22, '2023-06-01', '2023-08-31'],
    [27, 23, '2023-09-01', '2023-11-30'],
    [28, 24, '2023-12-01', '2024-02-29'],
  ])('2023-%i reads as 2023-%i: %s .. %s', (marked, plain, earliest, latest) => {
    expect(parseVagueDate(`2023-${marked}`)).toEqual({
      ok: true,
      value: { text: `2023-${marked}`, earliest, latest, anchor: null },
    });
    const twin = vagueDate(`2023-${plain}`);
    expect([twin.earliest, twin.latest]).toEqual([earliest, latest]);
  });

  it('widens an approximate one by a month on each side, as its unmarked twin', () => {
    expect(vagueDate('2022-26~')).toMatchObject({ earliest: '2022-05-01', latest: '2022-09-30' });
    expect(vagueDate('2022-27%')).toMatchObject({ earliest: '2022-08-01', latest: '2022-12-31' });
  });
});

describe('a year of three digits', () => {
  it('is refused, saying how many digits it has and what was expected', () => {
    expect(parseVagueDate('999')).toEqual({
      ok: false,
      error: '"999" has a 3-digit year; expected a four-digit year from 1000 to 9999',
      expected: 'a four-digit year from 1000 to 9999',
    });
    expect(parseVagueDate('999-03')).toMatchObject({
      ok: false,
      error: expect.stringContaining('3-digit year'),
    });
  });
});
