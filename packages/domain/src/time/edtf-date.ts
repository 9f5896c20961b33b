import {
  addDays,
  daysInMonth,
  FIRST_DAY,
  firstDayOfMonth,
  formatDay,
  LAST_DAY,
  lastDayOfMonth,
  MONTH_NAMES,
} from './calendar.js';

// One EDTF date (no interval, no keyword): a year, month, season or day, perhaps with unspecified
// digits and one trailing qualifier. The policy it implements is written down in `edtf.ts`.

/** Inclusive day bounds of one date. */
export interface DayRange {
  readonly earliest: string;
  readonly latest: string;
}

/** Why a date was refused, and what would have been accepted instead. */
export interface DateFailure {
  readonly message: string;
  readonly expected: string;
}

export type Qualifier = '?' | '~' | '%';

/** The finest part of a date that was written: it picks the margin an approximate date is widened by. */
export type Precision = 'day' | 'month' | 'sub-year' | 'year';

export interface EdtfDate {
  /** The bounds of the date as written, before any widening. */
  readonly exact: DayRange;
  /** The bounds after the approximation margin (equal to `exact` unless the qualifier is `~` or `%`). */
  readonly bounds: DayRange;
  readonly precision: Precision;
  readonly qualifier: Qualifier | null;
}

export type EdtfDateResult =
  | { readonly ok: true; readonly date: EdtfDate }
  | { readonly ok: false; readonly failure: DateFailure | 'unreadable' };

interface SubYear {
  readonly name: string;
  /** First month, counted from January of the year written; 12 + n runs into the next year. */
  readonly start: number;
  readonly months: number;
}

// EDTF level 2 "sub-year groupings". 21-24 are read as Northern-hemisphere meteorological seasons;
// a winter starts in December of the year written and runs into the next year.
const SUB_YEARS: Readonly<Record<number, SubYear>> = {
  21: { name: 'spring', start: 3, months: 3 },
  22: { name: 'summer', start: 6, months: 3 },
  23: { name: 'autumn', start: 9, months: 3 },
  24: { name: 'winter', start: 12, months: 3 },
  25: { name: 'spring (Northern Hemisphere)', start: 3, months: 3 },
  26: { name: 'summer (Northern Hemisphere)', start: 6, months: 3 },
  27: { name: 'autumn (Northern Hemisphere)', start: 9, months: 3 },
  28: { name: 'winter (Northern Hemisphere)', start: 12, months: 3 },
  29: { name: 'spring (Southern Hemisphere)', start: 9, months: 3 },
  30: { name: 'summer (Southern Hemisphere)', start: 12, months: 3 },
  31: { name: 'autumn (Southern Hemisphere)', start: 3, months: 3 },
  32: { name: 'winter (Southern Hemisphere)', start: 6, months: 3 },
  33: { name: 'first quarter', start: 1, months: 3 },
  34: { name: 'second quarter', start: 4, months: 3 },
  35: { name: 'third quarter', start: 7, months: 3 },
  36: { name: 'fourth quarter', start: 10, months: 3 },
  37: { name: 'first quadrimester', start: 1, months: 4 },
  38: { name: 'second quadrimester', start: 5, months: 4 },
  39: { name: 'third quadrimester', start: 9, months: 4 },
  40: { name: 'first semester', start: 1, months: 6 },
  41: { name: 'second semester', start: 7, months: 6 },
};

/** The name of an EDTF sub-year code (`22` -> `summer`), or undefined when it is not one. */
export function subYearName(code: number): string | undefined {
  return SUB_YEARS[code]?.name;
}

const EXPECT_YEAR = 'a four-digit year from 1000 to 9999';
const EXPECT_MONTH = 'a month 01-12, a season 21-24 (spring, summer, autumn, winter) or a code 25-41';
const EXPECT_UNSPECIFIED =
  'unspecified digits (X) at the end only, covering whole parts: 202X, 2022-XX, 2022-03-XX';
const EXPECT_QUALIFIER = 'one qualifier at the end of the date: ? (uncertain), ~ (approximate) or % (both)';

const fail = (message: string, expected: string): EdtfDateResult => ({
  ok: false,
  failure: { message, expected },
});

/** Parses one EDTF date such as `2023-03-23`, `2023-03~`, `2022-22` or `202X`. */
export function parseEdtfDate(text: string): EdtfDateResult {
  let body = text;
  let qualifier: Qualifier | null = null;
  const last = text.at(-1);
  if (last === '?' || last === '~' || last === '%') {
    qualifier = last;
    body = text.slice(0, -1);
  }
  if (/[?~%]/.test(body)) {
    return fail(
      `"${text}" has a qualifier inside it or more than one (use % for "uncertain and approximate")`,
      EXPECT_QUALIFIER,
    );
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(body)) {
    return fail(`"${text}" has a time of day (dates are kept to the day)`, 'a day such as 2023-03-23');
  }
  if (/^-\d|^Y/.test(body)) {
    return fail(`"${text}" does not have a year we keep`, EXPECT_YEAR);
  }
  const match = /^([0-9X]+)(?:-([0-9X]+))?(?:-([0-9X]+))?$/.exec(body);
  if (match === null) return { ok: false, failure: 'unreadable' };
  const [, yearText = '', monthText, dayText] = match;

  if (yearText.length !== 4) {
    return fail(`"${text}" has a ${yearText.length}-digit year`, EXPECT_YEAR);
  }
  if (yearText === 'XXXX') return fail(`"${text}" has no digit of its year`, EXPECT_YEAR);
  if (!/^\d+X*$/.test(yearText)) {
    return fail(
      `"${text}" has unspecified digits (X) that are not at the end of the year`,
      EXPECT_UNSPECIFIED,
    );
  }
  if (yearText.startsWith('0')) return fail(`"${text}" has a year before 1000`, EXPECT_YEAR);

  const unspecifiedYear = yearText.includes('X');
  const firstYear = Number(yearText.replaceAll('X', '0'));
  const lastYear = Number(yearText.replaceAll('X', '9'));

  if (monthText === undefined || monthText === 'XX') {
    if (dayText !== undefined && dayText !== 'XX') {
      return fail(`"${text}" names a day but not its month`, EXPECT_UNSPECIFIED);
    }
    const exact = { earliest: formatDay(firstYear, 1, 1), latest: formatDay(lastYear, 12, 31) };
    return done(exact, 'year', qualifier);
  }
  if (unspecifiedYear) {
    return fail(`"${text}" names a month of a year with unspecified digits`, EXPECT_UNSPECIFIED);
  }
  if (!/^\d{2}$/.test(monthText)) {
    return fail(`"${text}" has a month written as "${monthText}"`, `${EXPECT_MONTH}, or XX`);
  }
  const year = firstYear;
  const month = Number(monthText);

  const subYear = SUB_YEARS[month];
  if (subYear !== undefined) {
    if (dayText !== undefined) {
      return fail(
        `"${text}" puts a day on a season or other sub-year group (${subYear.name})`,
        'a season or quarter without a day, such as 2022-22',
      );
    }
    const exact = {
      earliest: firstDayOfMonth(year, subYear.start),
      latest: lastDayOfMonth(year, subYear.start + subYear.months - 1),
    };
    return done(exact, 'sub-year', qualifier);
  }
  if (month < 1 || month > 12) {
    return fail(`"${text}" has no month ${monthText}`, EXPECT_MONTH);
  }
  if (dayText === undefined || dayText === 'XX') {
    return done(
      { earliest: firstDayOfMonth(year, month), latest: lastDayOfMonth(year, month) },
      'month',
      qualifier,
    );
  }
  const monthName = MONTH_NAMES[month - 1] ?? '';
  const length = daysInMonth(year, month);
  if (!/^\d{2}$/.test(dayText)) {
    return fail(`"${text}" has a day written as "${dayText}"`, `a day 01-${length}, or XX`);
  }
  const day = Number(dayText);
  if (day < 1 || day > length) {
    return fail(
      `"${text}" is not a real day (${monthName} ${year} has ${length} days)`,
      `a day 01-${length} in ${monthName} ${year}`,
    );
  }
  const only = formatDay(year, month, day);
  return done({ earliest: only, latest: only }, 'day', qualifier);
}

function done(exact: DayRange, precision: Precision, qualifier: Qualifier | null): EdtfDateResult {
  const approximate = qualifier === '~' || qualifier === '%';
  const bounds = approximate ? widen(exact, precision) : exact;
  return { ok: true, date: { exact, bounds, precision, qualifier } };
}

/** The approximation margin, one step of the written precision: ±3 days, ±1 month, ±1 year. */
export function widen(range: DayRange, precision: Precision): DayRange {
  const [ey, em] = range.earliest.split('-').map(Number) as [number, number];
  const [ly, lm] = range.latest.split('-').map(Number) as [number, number];
  switch (precision) {
    case 'day':
      return { earliest: addDays(range.earliest, -3), latest: addDays(range.latest, 3) };
    case 'month':
    case 'sub-year':
      return { earliest: firstDayOfMonth(ey, em - 1), latest: lastDayOfMonth(ly, lm + 1) };
    case 'year':
      return {
        earliest: ey - 1 < 1000 ? FIRST_DAY : formatDay(ey - 1, 1, 1),
        latest: ly + 1 > 9999 ? LAST_DAY : formatDay(ly + 1, 12, 31),
      };
    default: {
      const never: never = precision;
      return never;
    }
  }
}
