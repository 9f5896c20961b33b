import type { ReportRecord, ReportValues, Stamp } from '../knowledge/knowledge-state.js';
import type { KnowledgeView } from '../knowledge/knowledge-view.js';
import { reportAsOf } from './as-of.js';
import type { RecordedAt, TraceRetraction } from './claim-trace.js';
import { recordedBy } from './control-query.js';

// The reports of a trace: the revisions of the claim's report, and the report that carried a
// retraction, each as the knowledge base held them at the cutoff.

/** When, where and by which ingest run the store recorded an event. */
export const recordedFacts = (s: Stamp): RecordedAt => ({
  eventId: s.eventId,
  recordedAt: s.recordedAt,
  position: s.position,
  ingestRunId: s.ingestRunId,
  correlationId: s.correlationId,
  causationId: s.causationId,
});

/** A retraction's report as of the cutoff, with its outlet's name and its revisions recorded by then. */
export function carrier(
  view: KnowledgeView,
  reportId: string | null,
  cutoff: number | null,
): TraceRetraction['report'] {
  const record = reportId === null ? undefined : view.getReport(reportId);
  const report = reportAsOf(record, cutoff);
  if (report === null) return null;
  const source = view.getSource(report.sourceId);
  return {
    sourceId: report.sourceId,
    outlet: source === undefined || !recordedBy(source.recorded, cutoff) ? null : source.outlet,
    url: report.url,
    published: report.published,
    revisions: revisionsOf(record, cutoff),
  };
}

/**
 * A revision of a report the trace shows (the claim's, or a retraction's), as a trace shows it: what it changed, from what, to what, and
 * where and by which ingest run the log recorded it.
 */
export interface TraceReportRevision extends RecordedAt {
  readonly reason: string;
  /** The changed fields as they stood before the revision. */
  readonly before: Partial<ReportValues>;
  /** The changed fields as the revision set them. */
  readonly after: Partial<ReportValues>;
}

/** The report's revisions recorded by the cutoff, each with the values it replaced. */
export function revisionsOf(report: ReportRecord | undefined, cutoff: number | null): TraceReportRevision[] {
  if (report === undefined) return [];
  let running: ReportValues = report;
  const out: TraceReportRevision[] = [];
  for (const r of report.revisions) {
    if (!recordedBy(r.recorded, cutoff)) continue;
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(r.changes)) before[key] = running[key as keyof ReportValues];
    running = { ...running, ...r.changes };
    out.push({
      ...recordedFacts(r.recorded),
      reason: r.reason,
      before: before as Partial<ReportValues>,
      after: r.changes,
    });
  }
  return out;
}
