import type { VagueDate } from '@kb/domain';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { type Retraction, reportAsOf } from './as-of.js';
import { recordedBy } from './control-query.js';

/** The report that carried a retraction, as of R: who retracted (its outlet), where and when. */
export interface RetractionReport {
  readonly reportId: string;
  readonly sourceId: string;
  /** Null when the outlet was not recorded by R. */
  readonly outlet: string | null;
  readonly url: string | null;
  readonly published: VagueDate;
}

/** A retraction as an account shows it, as `kb trace` does: why, the words, and the report that carried it. */
export interface AccountRetraction {
  /** When the knowledge base recorded it (recorded time, not publication). */
  readonly at: string;
  readonly reason: string;
  readonly quote: string | null;
  readonly reportId: string | null;
  /**
   * Its report as of R: its outlet is who retracted, and its published date is why the retraction
   * counts under `knownAt` (contested-control.md, section 1). Null when it has no report of its own,
   * or its report was not recorded by R.
   */
  readonly report: RetractionReport | null;
}

/** What an account says of the retraction in force. */
export function retractionShown(
  view: Pick<KnowledgeView, 'getReport' | 'getSource'>,
  retraction: Retraction,
  cutoff: number | null,
): AccountRetraction {
  const report =
    retraction.reportId === null ? null : reportAsOf(view.getReport(retraction.reportId), cutoff);
  const source = report === null ? undefined : view.getSource(report.sourceId);
  return {
    at: retraction.recorded.recordedAt,
    reason: retraction.reason,
    quote: retraction.quote,
    reportId: retraction.reportId,
    report:
      report === null
        ? null
        : {
            reportId: report.id,
            sourceId: report.sourceId,
            outlet: source === undefined || !recordedBy(source.recorded, cutoff) ? null : source.outlet,
            url: report.url,
            published: report.published,
          },
  };
}
