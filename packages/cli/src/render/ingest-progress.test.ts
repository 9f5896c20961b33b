// kb ingest's bar said "N lines: A added, S already present, R rejected" in full, which left no
// room for its graph on an 80-column terminal once past 10,000 lines (and none for the time left):
// "ingest  45% 90000 lines: 90000 added, 0 already present, 0 rejected". The counts now come in
// shorter forms too, and the bar takes the fullest that fits beside its graph and its estimate.
import type { IngestProgress } from '@kb/ingest';
import { describe, expect, it } from 'vitest';
import { fakeTerminal } from '../testing/fake-terminal.js';
import { showIngestProgress } from './ingest-progress.js';
import { progressBar } from './progress.js';

const SIZE = 650_000_000;

/** Progress `part` of the way through a file of 1,000,000 lines, 1% of them rejected, 2% already present. */
const through = (part: number): IngestProgress => {
  const lines = Math.round(1_000_000 * part);
  const rejected = Math.round(lines / 100);
  const skipped = Math.round(lines / 50);
  return {
    lines,
    bytes: SIZE * part,
    totalBytes: SIZE,
    added: lines - rejected - skipped,
    skipped,
    rejected,
  };
};

/** The frame an ingest bar of `columns` columns shows at 45%, after ten seconds at a steady pace. */
function at45(columns: number, totalBytes: number | null = SIZE): string {
  const term = fakeTerminal(columns);
  const bar = progressBar(term.stream, 'ingest', term.now);
  for (let second = 1; second <= 10; second++) {
    term.clock.now += 1_000;
    showIngestProgress(bar, { ...through(0.045 * second), totalBytes });
  }
  return term.frames().at(-1)!;
}

describe('the ingest bar', () => {
  it('shows its graph, the counts and the time left on 80 columns, leaving out the lines read', () => {
    expect(at45(80)).toBe('ingest [#####.......]  45% 436500 added, 9000 present, 4500 rejected, ~13s left');
  });

  it('keeps every count in full where it has room', () => {
    expect(at45(120)).toBe(
      'ingest [############...............]  45% 450000 lines: 436500 added, 9000 already present, 4500 rejected, ~13s left',
    );
  });

  it('keeps the lines read and the rejected on 40 columns, without the graph or the time left', () => {
    expect(at45(40)).toBe('ingest  45% 450000 lines, 4500 rejected');
  });

  it('from stdin, says how long it has counted, taking the shorter counts before leaving that out', () => {
    expect(at45(100, null)).toBe(
      'ingest 450000 lines: 436500 added, 9000 already present, 4500 rejected, 9s so far',
    );
    expect(at45(80, null)).toBe('ingest 436500 added, 9000 present, 4500 rejected, 9s so far');
    expect(at45(40, null)).toBe('ingest 450000 lines, 4500 rejected');
  });

  it('keeps its graph one width while the time left counts down', () => {
    const term = fakeTerminal(90);
    const bar = progressBar(term.stream, 'ingest', term.now);
    // From 55% to 95% the counts keep their number of digits; the time left goes from ~23s to ~3s.
    for (let step = 55; step <= 95; step++) {
      term.clock.now += 500;
      showIngestProgress(bar, through(step / 100));
    }
    const counting = term.frames().filter((frame) => frame.endsWith(' left'));
    expect(counting.length).toBeGreaterThan(30);
    expect(counting.at(0)).toMatch(/~2\ds left$/);
    expect(counting.at(-1)).toMatch(/~\ds left$/);
    expect(new Set(counting.map((frame) => frame.indexOf(']')))).toEqual(new Set([26]));
  });

  it('fits every frame of a whole run within 40 and 80 columns', () => {
    for (const columns of [40, 80]) {
      const term = fakeTerminal(columns);
      const bar = progressBar(term.stream, 'ingest', term.now);
      for (let step = 0; step <= 100; step++) {
        term.clock.now += 500;
        showIngestProgress(bar, through(step / 100));
      }
      bar.finish();
      for (const frame of term.frames()) expect(Array.from(frame).length).toBeLessThan(columns);
      expect(term.frames().at(-1)).toContain(columns === 80 ? ' 100% 970000 added' : ' 100% 1000000 lines');
    }
  });
});
