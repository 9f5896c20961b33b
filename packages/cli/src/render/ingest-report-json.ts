import { resolve } from 'node:path';
import type { IngestReport } from '@kb/ingest';

/**
 * An ingest report as --json writes it (kb ingest, and kb demo's `ingest`): each entry of `rejected`
 * with `rejectsLine`, the line of the rejects file holding its record's copy (null when not copied),
 * in place of the parallel list `rejectedCopies`; and `rejectsPath` absolute, resolved against the
 * working folder the run named it from (`./rejected.ndjson` for stdin, `FILE.rejected.ndjson`
 * beside a relative FILE), so a script reading the report from another folder finds the file.
 */
export function ingestReportJson(report: IngestReport): Record<string, unknown> {
  const { rejectedCopies, ...rest } = report;
  return {
    ...rest,
    rejectsPath: report.rejectsPath === null ? null : resolve(report.rejectsPath),
    rejected: report.rejected.map((r, i) => ({ ...r, rejectsLine: rejectedCopies[i] ?? null })),
  };
}
