import type { IngestReport } from '@kb/ingest';
import { describe, expect, it } from 'vitest';
import { summarise } from './ingest.js';

/** A report of `problems` problems, one a line, of which the report kept at most 1,000. */
function report(problems: number, notices = 0, noticesNotListed = 0): IngestReport {
  const kept = Math.min(problems, 1000);
  return {
    runId: 'ingest-test',
    lines: problems + notices,
    records: problems + notices,
    added: notices,
    eventsAppended: notices,
    skipped: 0,
    rejected: Array.from({ length: kept }, (_, i) => ({ line: i + 1, path: 'id', message: `bad ${i}` })),
    rejectedCopies: Array.from({ length: kept }, (_, i) => i + 1),
    rejectedLines: problems,
    rejectedProblems: problems,
    notices: Array.from({ length: notices }, (_, i) => ({
      line: i + 1,
      path: 'p',
      message: `note ${i}`,
      lines: 1,
    })),
    noticesNotListed,
    batches: 1,
    rejectsPath: problems > 0 ? 'in.ndjson.rejected.ndjson' : null,
  };
}

describe('the ingest summary', () => {
  it('shows 20 problems and says where the rest are: all in --json, or the first 1,000 past that', () => {
    expect(summarise(report(20))).not.toContain('more');
    expect(summarise(report(25))).toContain('\n  … and 5 more (--json lists every one)\n');
    expect(summarise(report(1500))).toContain('\n  … and 1480 more (--json lists the first 1000)\n');
    expect(summarise(report(0, 23))).toContain('\n  … and 3 more (--json lists every one)');
    expect(summarise(report(0, 1000, 7))).toContain(
      '\n  … and 980 more (--json lists the first 1000)\n  and 7 notes more on later lines, not listed',
    );
  });
});
