import { afterEach, describe, expect, it } from 'vitest';
import { addDays, daysInMonth, FIRST_DAY, isLeapYear, LAST_DAY, lastDayOfMonth } from './calendar.js';

// Zones where local calendar arithmetic goes wrong: Samoa skipped 2011-12-30 outright, São Paulo
// moved its clocks at midnight (2018-11-04 had no 00:00), Kathmandu sits 5:45 off UTC, Kiritimati 14 h.
const ZONES = ['UTC', 'Pacific/Apia', 'America/Sao_Paulo', 'Asia/Kathmandu', 'Pacific/Kiritimati'];
const zoneBefore = process.env['TZ'];

afterEach(() => {
  if (zoneBefore === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zoneBefore;
});

describe('calendar arithmetic', () => {
  it('gives the same days whatever the machine’s time zone', () => {
    for (const zone of ZONES) {
      process.env['TZ'] = zone;
      expect(addDays('2011-12-29', 1), zone).toBe('2011-12-30');
      expect(addDays('2011-12-31', -1), zone).toBe('2011-12-30');
      expect(addDays('2018-11-03', 1), zone).toBe('2018-11-04');
      expect(addDays('2018-11-04', 1), zone).toBe('2018-11-05');
      expect(daysInMonth(2011, 12), zone).toBe(31);
      expect(lastDayOfMonth(2018, 11), zone).toBe('2018-11-30');
    }
  });

  it('knows leap years, month lengths, and clamps to the years the policy accepts', () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
    expect([1, 2, 4, 12].map((m) => daysInMonth(2024, m))).toEqual([31, 29, 30, 31]);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-03-01', -3)).toBe('2023-02-26');
    expect(addDays(FIRST_DAY, -1)).toBe(FIRST_DAY);
    expect(addDays(LAST_DAY, 1)).toBe(LAST_DAY);
    expect(lastDayOfMonth(2023, 14)).toBe('2024-02-29');
    // A year below 100 is that year, not 19xx (as Date.UTC would read it): year 0 is a leap year.
    expect([isLeapYear(0), daysInMonth(0, 2), daysInMonth(1900, 2)]).toEqual([true, 29, 28]);
  });
});
