// Proleptic Gregorian arithmetic on `YYYY-MM-DD` strings, limited to the years the date policy
// accepts (1000-9999) so that string order is day order everywhere. The calendar facts and the
// day shifts come from date-fns, always in UTC (`in: utc`): date-fns reads a Date's local fields by
// default, and in a zone that skipped a day (Samoa went from 2011-12-29 to 2011-12-31) or changes
// its clocks at midnight, a local day would move. Nothing here reads the clock.
import { utc } from '@date-fns/utc';
import { getDaysInMonth, isLeapYear as leapYearOf, addDays as shiftDays } from 'date-fns';

const IN_UTC = { in: utc } as const;

/** Midnight UTC of a calendar day; the month may run past 12 or below 1, carrying into the year. */
function utcDay(year: number, month: number, day: number): Date {
  // setUTCFullYear, unlike Date.UTC, takes a year below 100 as written (Date.UTC reads 0 as 1900).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return utc(date.getTime());
}

/** The first and last day any vague date may name; widened bounds are clamped to them. */
export const FIRST_DAY = '1000-01-01';
export const LAST_DAY = '9999-12-31';

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** True for Gregorian leap years: every fourth year, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return leapYearOf(utcDay(year, 1, 1), IN_UTC);
}

/** Days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return getDaysInMonth(utcDay(year, month, 1), IN_UTC);
}

/** Formats a year, month and day as `YYYY-MM-DD`. */
export function formatDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first day of a month, where `month` may run past 12 or below 1 (it carries into the year). */
export function firstDayOfMonth(year: number, month: number): string {
  const [y, m] = normaliseMonth(year, month);
  return clampDay(y, m, 1);
}

/** The last day of a month, where `month` may run past 12 or below 1 (it carries into the year). */
export function lastDayOfMonth(year: number, month: number): string {
  const [y, m] = normaliseMonth(year, month);
  return clampDay(y, m, daysInMonth(y, m));
}

/** Adds whole days to a `YYYY-MM-DD` day, clamped to FIRST_DAY..LAST_DAY. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const shifted = shiftDays(utcDay(y, m, d), days, IN_UTC);
  return clampDay(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

function normaliseMonth(year: number, month: number): [number, number] {
  const index = year * 12 + (month - 1);
  return [Math.floor(index / 12), (index % 12) + 1];
}

function clampDay(year: number, month: number, day: number): string {
  if (year < 1000) return FIRST_DAY;
  if (year > 9999) return LAST_DAY;
  return formatDay(year, month, day);
}
