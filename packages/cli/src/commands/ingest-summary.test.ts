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

  it('counts a long list by field, most first, saying when only the listed ones were counted', () => {
    const base = report(25, 22);
    const paths = ['quote', 'occurred', 'quote', '', 'quote'];
    const rejected = base.rejected.map((x, i) => ({ ...x, path: paths[i % paths.length]! }));
    const notices = base.notices.map((x, i) => ({
      ...x,
      path: i < 2 ? 'mission' : 'occurred',
      lines: i + 1,
    }));
    const text = summarise({ ...base, rejected, notices });
    // 22 notes standing for 1 + 2 + … + 22 lines: 3 of them on mission, 250 on occurred.
    expect(text).toContain('\n  lines noted, by field: occurred 250, mission 3\n');
    expect(text).toContain('\n  problems, by field: quote 15, (record) 5, occurred 5\n');
    // Only the first 1,000 problems are kept: the counts say they are of those.
    expect(summarise(report(1500))).toContain('\n  problems, by field (of those listed): id 1000\n');
    // A list shown whole needs no count.
    expect(summarise(report(20, 20))).not.toContain('by field');
  });

  it('says nothing is new only when every record was already present and no line was rejected', () => {
    const again = { ...report(0), lines: 31, records: 31, skipped: 31 };
    expect(summarise(again)).toContain('\n  Nothing new: every record was already in the knowledge base.');
    const againWithABadLine: IngestReport = {
      ...report(1),
      lines: 32,
      records: 32,
      skipped: 31,
    };
    expect(againWithABadLine.added).toBe(0);
    const text = summarise(againWithABadLine);
    expect(text).not.toContain('Nothing new');
    expect(text).toContain('\nRejected:\n  line 1, id: bad 0\n');
  });

  it('says how many more lines a note stands for: none, 1 more line, or 2 more lines', () => {
    const noted = (lines: number) => {
      const r = report(0, 1);
      return summarise({ ...r, notices: [{ ...r.notices[0]!, lines }] });
    };
    expect(noted(1)).toMatch(/\n {2}line 1, p: note 0$/);
    expect(noted(2)).toMatch(/\n {2}line 1, p: note 0 \(and 1 more line like it\)$/);
    expect(noted(3)).toMatch(/\n {2}line 1, p: note 0 \(and 2 more lines like it\)$/);
  });
});
