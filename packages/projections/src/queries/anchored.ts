import { type VagueDate, vagueDate } from '@kb/domain';
import type { ReportAsOf } from './as-of.js';

/**
 * A relative date (one with an anchor: `earlier`) resolved against the report's published date as the
 * query knows it, when a revision recorded by R moved that date; otherwise the date as stored. A
 * report whose published date became one without a latest day (`unknown`) leaves the stored bounds.
 */
export function anchoredOn(occurred: VagueDate, report: ReportAsOf | null): VagueDate {
  if (occurred.anchor === null || report === null) return occurred;
  const published = report.published;
  if (published.latest === null || published.latest === occurred.anchor) return occurred;
  return vagueDate(occurred.text, published.text);
}
