import { addDays, FIRST_DAY, LAST_DAY } from './calendar.js';
import { type DateFailure, type EdtfDate, parseEdtfDate } from './edtf-date.js';
import type { VagueDate } from './vague-date.js';
import { VagueDateError } from './vague-date-error.js';

/*
 * The vague-date policy. A source's date is kept exactly as written (`text`, outer whitespace
 * trimmed) beside inclusive day bounds we derive from it; null means open on that side. EDTF
 * libraries disagree on seasons and margins, so the bounds are ours and written down here and in
 * docs/dates.md.
 *
 * - Day `2023-03-23`: that day. Month `2023-03`: its first..last day (February knows leap years).
 *   Year `2022`: 2022-01-01..2022-12-31. Years have four digits, 1000-9999; others are refused.
 * - Seasons `YYYY-21..24` (spring, summer, autumn, winter) are Northern-hemisphere meteorological
 *   seasons: Mar-May, Jun-Aug, Sep-Nov, and winter = December of YYYY .. end of February YYYY+1.
 *   25-28 are the same four seasons (Northern, explicitly); 29-32 are Southern seasons (spring
 *   Sep-Nov, summer Dec YYYY..Feb YYYY+1, autumn Mar-May, winter Jun-Aug). 33-36 are quarters,
 *   37-39 quadrimesters (four months), 40-41 semesters (six months). Other codes are refused.
 * - Unspecified digits (EDTF level 1): `202X` (2020-2029), `2022-XX` (the year), `2022-03-XX` (the
 *   month). X may only end a date and must cover whole parts: `2X22`, `2022-1X`, `202X-03`,
 *   `2022-XX-05` are refused.
 * - Qualifiers go at the end of a date: `?` uncertain keeps the bounds (the date may be wrong, but
 *   we have no better range to offer); `~` approximate and `%` (both) widen the bounds by one step
 *   of the written precision: a day by ±3 days, a month, season or other sub-year group by ±1 whole
 *   month, a year (or `202X`, `2022-XX`) by ±1 whole year. Widened bounds are clamped to 1000-9999.
 * - Intervals `A/B` run from the earliest of A to the latest of B; each end may carry its own
 *   qualifier. `../B` and `/B` have no earliest; `A/..` and `A/` have no latest. EDTF separates an
 *   open end (`..`) from an unknown one (empty); for bounds both mean "nothing known on that side",
 *   and the text keeps which was written. An interval whose end, as written, lies wholly before its
 *   start is refused, and so is one with no known end (write "unknown").
 * - `unknown` (any case): both bounds null.
 * - `earlier` (any case) resolves against the anchor, the report's publication date: no earliest,
 *   latest = the anchor's latest day (the same day is allowed: "earlier today" is earlier), and
 *   `anchor` = that day. A vague anchor (`2023-03`) lends its latest bound. Without an anchor with a
 *   latest day it is refused.
 * - `before X` / `after X`, X a single date without qualifier: no earliest and latest = the day
 *   before X starts; or earliest = the day after X ends and no latest.
 * - The anchor option is only read by `earlier`; every other form returns `anchor: null`.
 * - Anything else (times of day, sets, negative or five-digit years, impossible days like
 *   2023-02-30, month 13, day 00) is refused with a message saying what was expected.
 */

export type VagueDateResult =
  | { readonly ok: true; readonly value: VagueDate }
  | { readonly ok: false; readonly error: string; readonly expected: string };

export interface ParseVagueDateOptions {
  /** The publication date relative forms ("earlier") resolve against, itself an EDTF string. */
  readonly anchor?: string | null;
  /**
   * The date is a publication date: a refusal then lists what one may be, without the forms said
   * relative to one ("earlier"). What is read is the same.
   */
  readonly publication?: boolean;
}

const MAX_LENGTH = 100;

const EXPECT_EDTF =
  'an EDTF date such as 2023-03-23, 2023-03, 2022-22 (summer), 2022-06/2022-08, ../2022-07, 2022-03~';
const EXPECT_ANY = `${EXPECT_EDTF}, "unknown" or "earlier"`;
const EXPECT_PUBLICATION = `${EXPECT_EDTF} or "unknown"`;
const EXPECT_END =
  'an EDTF date such as 2023-03-23, 2023-03, 2022-22 or 2022-03~ at each end, or ".." for an open end';
const EXPECT_ANCHOR = 'a publication date with a known latest day, such as 2023-03-28';

type Attempt = VagueDate | DateFailure;

/**
 * Reads a date as a source wrote it and derives its bounds, or says what was expected.
 * @example parseVagueDate('2022-22') // { ok: true, value: { text: '2022-22', earliest: '2022-06-01', latest: '2022-08-31', anchor: null } }
 */
export function parseVagueDate(text: string, options: ParseVagueDateOptions = {}): VagueDateResult {
  const attempt = read(
    text.trim(),
    options.anchor ?? null,
    options.publication ? EXPECT_PUBLICATION : EXPECT_ANY,
  );
  return 'message' in attempt
    ? { ok: false, error: `${attempt.message}; expected ${attempt.expected}`, expected: attempt.expected }
    : { ok: true, value: attempt };
}

/**
 * Like `parseVagueDate`, but throws a VagueDateError. For literals in code and tests.
 * @example vagueDate('earlier', '2023-03-28').latest // '2023-03-28'
 */
export function vagueDate(text: string, anchor?: string | null): VagueDate {
  const result = parseVagueDate(text, { anchor: anchor ?? null });
  if (!result.ok) throw new VagueDateError(text.trim(), result.expected, result.error);
  return result.value;
}

function read(text: string, anchor: string | null, expectAny: string): Attempt {
  if (text === '')
    return { message: 'the date is empty; write "unknown" if it is not known', expected: expectAny };
  if (text.length > MAX_LENGTH) {
    return {
      message: `the date is ${text.length} characters long (at most ${MAX_LENGTH})`,
      expected: expectAny,
    };
  }
  const lower = text.toLowerCase();
  if (lower === 'unknown') return { text, earliest: null, latest: null, anchor: null };
  if (lower === 'earlier') return earlier(text, anchor);
  const relative = /^(before|after)\s+(\S.*)$/i.exec(text);
  if (relative !== null) return beforeOrAfter(text, relative[1]!.toLowerCase(), relative[2]!);
  if (text.includes('/')) return interval(text);
  const date = single(text, expectAny);
  if ('message' in date) return date;
  return { text, ...date.bounds, anchor: null };
}

function single(text: string, expected: string): EdtfDate | DateFailure {
  const result = parseEdtfDate(text);
  if (result.ok) return result.date;
  if (result.failure === 'unreadable') return { message: `"${text}" is not a date we can read`, expected };
  return result.failure;
}

function interval(text: string): Attempt {
  const parts = text.split('/');
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (dmy !== null) {
    // Day/month/year is the commonest slip in hand-typed dates; say so rather than "two slashes".
    const [, d = '', m = '', y = ''] = dmy;
    return {
      message: `"${text}" reads like day/month/year, which EDTF does not use`,
      expected: `a day written year first, as ${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
    };
  }
  if (parts.length !== 2) {
    return {
      message: `"${text}" has ${parts.length - 1} slashes; an interval has one`,
      expected: EXPECT_END,
    };
  }
  const [startText = '', endText = ''] = parts.map((p) => p.trim());
  const open = (t: string) => t === '' || t === '..';
  if (open(startText) && open(endText)) {
    return { message: `"${text}" has no known end; write "unknown" instead`, expected: EXPECT_END };
  }
  const start = open(startText) ? null : single(startText, EXPECT_END);
  const end = open(endText) ? null : single(endText, EXPECT_END);
  for (const side of [start, end]) {
    if (side !== null && 'message' in side) {
      return { message: `in the interval "${text}", ${side.message}`, expected: side.expected };
    }
  }
  const s = start as EdtfDate | null;
  const e = end as EdtfDate | null;
  // Judged on the dates as written, so a margin can neither hide nor cause a reversed interval.
  if (s !== null && e !== null && e.exact.latest < s.exact.earliest) {
    return {
      message: `"${text}" ends before it starts ("${endText}" ends ${e.exact.latest}, before "${startText}" starts ${s.exact.earliest})`,
      expected: 'an interval whose end is not before its start',
    };
  }
  return { text, earliest: s?.bounds.earliest ?? null, latest: e?.bounds.latest ?? null, anchor: null };
}

function earlier(text: string, anchor: string | null): Attempt {
  if (anchor === null || anchor.trim() === '') {
    return { message: `"${text}" needs a publication date to resolve against`, expected: EXPECT_ANCHOR };
  }
  const resolved = read(anchor.trim(), null, EXPECT_PUBLICATION);
  if ('message' in resolved) {
    return {
      message: `"${text}" needs a publication date to resolve against, and "${anchor.trim()}" is not one (${resolved.message})`,
      expected: EXPECT_ANCHOR,
    };
  }
  const day = resolved.latest;
  if (day === null) {
    return {
      message: `"${text}" needs a publication date to resolve against, and "${anchor.trim()}" has no latest day`,
      expected: EXPECT_ANCHOR,
    };
  }
  return { text, earliest: null, latest: day, anchor: day };
}

function beforeOrAfter(text: string, word: string, operand: string): Attempt {
  const expected = `"${word}" followed by one date without a qualifier, such as ${word} 2022-06`;
  if (operand.includes('/') || /[?~%]$/.test(operand)) {
    return { message: `"${text}" needs one plain date after "${word}"`, expected };
  }
  const date = single(operand, expected);
  if ('message' in date) return { message: `in "${text}", ${date.message}`, expected: date.expected };
  // Days run from FIRST_DAY to LAST_DAY: there is no day before the first or after the last to name.
  if (word === 'before' && date.exact.earliest === FIRST_DAY)
    return { message: `"${text}": no day before ${FIRST_DAY} can be named`, expected };
  if (word === 'after' && date.exact.latest === LAST_DAY)
    return { message: `"${text}": no day after ${LAST_DAY} can be named`, expected };
  return word === 'before'
    ? { text, earliest: null, latest: addDays(date.exact.earliest, -1), anchor: null }
    : { text, earliest: addDays(date.exact.latest, 1), latest: null, anchor: null };
}
