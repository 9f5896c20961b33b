// What an interrupted `kb ingest` says of how far it got: truthful also inside a line of several records.

import type { IngestReport } from '@kb/ingest';
import { describe, expect, it } from 'vitest';
import { interruptedLine } from './ingest.js';

const report = (lines: number, records: number, batches: number) =>
  ({ lines, records, batches }) as unknown as IngestReport;

describe('interruptedLine', () => {
  it('after a line, one record a line: every line up to it is stored or rejected', () => {
    expect(interruptedLine(report(120, 120, 3))).toBe(
      'kb: interrupted after line 120: every line up to it is stored or rejected (3 batches committed). Run the same command again to go on: what is already stored is skipped.',
    );
  });

  it('inside a one-line JSON array: says which of its records were handled, not the whole line', () => {
    const said = interruptedLine(report(1, 25_017, 251));
    expect(said).toBe(
      'kb: interrupted in line 1 after its first 25,017 records: each of them is stored or rejected, the rest of the line is not read (251 batches committed). Run the same command again to go on: what is already stored is skipped.',
    );
    expect(said).not.toContain('every line up to it');
  });

  it('with more records than lines further on: does not claim line N is whole', () => {
    expect(interruptedLine(report(7, 40, 1))).toContain(
      'interrupted in or after line 7, after the first 40 records: each of them is stored or rejected; line 7 may hold more records, not read',
    );
  });
});
