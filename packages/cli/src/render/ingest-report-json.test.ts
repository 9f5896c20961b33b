import { resolve } from 'node:path';
import type { IngestReport } from '@kb/ingest';
import { describe, expect, it } from 'vitest';
import { ingestReportJson } from './ingest-report-json.js';

describe('an ingest report as --json writes it', () => {
  it('puts the rejects-file line of each rejected record into its entry, in place of the parallel list', () => {
    const report = {
      added: 1,
      rejected: [
        { line: 2, reason: 'a' },
        { line: 5, reason: 'b' },
      ],
      rejectedCopies: [1, null],
      rejectsPath: 'in.ndjson.rejected.ndjson',
    } as unknown as IngestReport;
    expect(ingestReportJson(report)).toEqual({
      added: 1,
      rejectsPath: resolve('in.ndjson.rejected.ndjson'),
      rejected: [
        { line: 2, reason: 'a', rejectsLine: 1 },
        { line: 5, reason: 'b', rejectsLine: null },
      ],
    });
  });
});
