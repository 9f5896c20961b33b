import { type VagueDate, vagueDate } from '@kb/domain';
import type { ReportAsOf } from './as-of.js';

/**
 * A relative date (one with an anchor: `earlier`) resolved against the report's published date as the
 * query knows it, when a revision recorded by R moved that date; otherwise the date as stored. A
 * report whose published date became one without a latest day (`unknown`) leaves nothing to be
 * earlier than: the date keeps its text and has no bounds and no anchor, so it only possibly
 * happened by any world date.
 */
export function anchoredOn(occurred: VagueDate, report: ReportAsOf | null): VagueDate {
  if (occurred.anchor === null || report === null) return occurred;
  const published = report.published;
  if (published.latest === null) return { text: occurred.text, earliest: null, latest: null, anchor: null };
  if (published.latest === occurred.anchor) return occurred;
  return vagueDate(occurred.text, published.text);
}
