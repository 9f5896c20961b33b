import { describe, expect, it } from 'vitest';
import { certainlyBy, compareEarliest, happenedBy, overlaps } from './bounds.js';
import { vagueDate } from './edtf.js';

const day = vagueDate('2023-03-23');
const summer = vagueDate('2022-22'); // 2022-06-01 .. 2022-08-31
const earlier = vagueDate('earlier', '2023-03-28'); // .. 2023-03-28
const since = vagueDate('2022-03/..'); // 2022-03-01 ..
const unknown = vagueDate('unknown');

describe('happenedBy', () => {
  it.each([
    [day, '2023-03-22', 'not'],
    [day, '2023-03-23', 'certainly'],
    [day, '2023-03-24', 'certainly'],
    [summer, '2022-05-31', 'not'],
    [summer, '2022-06-01', 'possibly'],
    [summer, '2022-08-30', 'possibly'],
    [summer, '2022-08-31', 'certainly'],
    [earlier, '1999-01-01', 'possibly'],
    [earlier, '2023-03-28', 'certainly'],
    [since, '2022-02-28', 'not'],
    [since, '2030-01-01', 'possibly'],
    [unknown, '2023-01-01', 'possibly'],
  ] as const)('%j by %s is %s', (date, by, expected) => {
    expect(happenedBy(date, by)).toBe(expected);
  });

  it('refuses a day that is not YYYY-MM-DD, which would compare wrongly', () => {
    expect(() => happenedBy(day, '2023-3-23')).toThrow(RangeError);
    // More digits after a whole day are no day either.
    expect(() => happenedBy(day, '2023-03-050')).toThrow(RangeError);
    expect(() => happenedBy(day, '2023-03-05T00:00')).toThrow('expected a day as YYYY-MM-DD');
    expect(() => certainlyBy(day, '23 March 2023')).toThrow('expected a day as YYYY-MM-DD');
  });
});

describe('certainlyBy', () => {
  it('is true only when the latest bound is on or before the day', () => {
    expect(certainlyBy(summer, '2022-08-31')).toBe(true);
    expect(certainlyBy(summer, '2022-08-30')).toBe(false);
    expect(certainlyBy(earlier, '2023-03-28')).toBe(true);
  });

  it('is never true for an open latest bound', () => {
    expect(certainlyBy(since, '9999-12-31')).toBe(false);
    expect(certainlyBy(unknown, '9999-12-31')).toBe(false);
  });
});

describe('overlaps', () => {
  it.each([
    [vagueDate('2022-06'), vagueDate('2022-22'), true],
    [vagueDate('2022-05'), vagueDate('2022-22'), false],
    [vagueDate('2022-05-31'), vagueDate('2022-06-01'), false],
    [vagueDate('2022-05/2022-06-01'), vagueDate('2022-06-01/2022-07'), true],
    [vagueDate('../2022-05'), vagueDate('2022-06/..'), false],
    [vagueDate('../2022-06-01'), vagueDate('2022-06/..'), true],
    [vagueDate('../2022-05'), vagueDate('../2020'), true],
    [unknown, day, true],
    [unknown, unknown, true],
  ] as const)('%j and %j: %s', (a, b, expected) => {
    expect(overlaps(a, b)).toBe(expected);
    expect(overlaps(b, a)).toBe(expected);
  });
});

describe('compareEarliest', () => {
  it('sorts open starts first, then by earliest, then by latest with open ends last', () => {
    const dates = [
      vagueDate('2022-06-15'),
      since,
      vagueDate('2022-03'),
      earlier,
      vagueDate('2022-22'),
      unknown,
      vagueDate('2022-06/..'),
    ];
    const sorted = [...dates].sort(compareEarliest).map((d) => d.text);
    expect(sorted).toEqual([
      'earlier',
      'unknown',
      '2022-03',
      '2022-03/..',
      '2022-22',
      '2022-06/..',
      '2022-06-15',
    ]);
  });

  it('returns 0 for equal bounds and is antisymmetric', () => {
    expect(compareEarliest(vagueDate('2022-06'), vagueDate('2022-06-01/2022-06-30'))).toBe(0);
    expect(compareEarliest(summer, day)).toBeLessThan(0);
    expect(compareEarliest(day, summer)).toBeGreaterThan(0);
  });
});
