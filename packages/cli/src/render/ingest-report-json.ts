import type { IngestReport } from '@kb/ingest';

/**
 * An ingest report as --json writes it (kb ingest, and kb demo's `ingest`): each entry of `rejected`
 * with `rejectsLine`, the line of the rejects file holding its record's copy (null when not copied),
 * in place of the parallel list `rejectedCopies`.
 */
export function ingestReportJson(report: IngestReport): Record<string, unknown> {
  const { rejectedCopies, ...rest } = report;
  return {
    ...rest,
    rejected: report.rejected.map((r, i) => ({ ...r, rejectsLine: rejectedCopies[i] ?? null })),
  };
}
