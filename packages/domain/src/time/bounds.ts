import type { VagueDate } from './vague-date.js';

// Questions asked of a vague date's bounds. Days are `YYYY-MM-DD` between 1000 and 9999, so plain
// string order is day order. A null bound is open: nothing is known on that side.

/** Whether a thing had happened by a day: for sure, maybe, or certainly not yet. Never rounded. */
export type HappenedBy = 'certainly' | 'possibly' | 'not';

/**
 * Had the dated thing happened by `day` (inclusive)?
 * @example happenedBy(vagueDate('2022-22'), '2022-07-01') // 'possibly'
 */
export function happenedBy(date: VagueDate, day: string): HappenedBy {
  assertDay(day);
  if (date.latest !== null && date.latest <= day) return 'certainly';
  if (date.earliest === null || date.earliest <= day) return 'possibly';
  return 'not';
}

/** True when the dated thing certainly happened on or before `day`. */
export function certainlyBy(date: VagueDate, day: string): boolean {
  assertDay(day);
  return date.latest !== null && date.latest <= day;
}

/** True when the two dates' day ranges share at least one day (open ends reach forever). */
export function overlaps(a: VagueDate, b: VagueDate): boolean {
  const aStartsInTime = a.earliest === null || b.latest === null || a.earliest <= b.latest;
  const bStartsInTime = b.earliest === null || a.latest === null || b.earliest <= a.latest;
  return aStartsInTime && bStartsInTime;
}

/** Orders dates by earliest bound, open (null) first; ties by latest bound, open last. For `Array.sort`. */
export function compareEarliest(a: VagueDate, b: VagueDate): number {
  return compareNullable(a.earliest, b.earliest, -1) || compareNullable(a.latest, b.latest, 1);
}

function compareNullable(a: string | null, b: string | null, nullSide: -1 | 1): number {
  if (a === b) return 0;
  if (a === null) return nullSide;
  if (b === null) return -nullSide;
  return a < b ? -1 : 1;
}

// A malformed day ('2023-3-5') would compare wrongly without a sound, so it is refused loudly.
function assertDay(day: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`expected a day as YYYY-MM-DD, got "${day}"`);
}
