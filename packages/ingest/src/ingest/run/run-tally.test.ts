// What a run tells as it goes: the lines each committed batch held (onBatch) and the rejected lines
// counted in its progress (onProgress), where a mutation tester found them unchecked.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claimRecord, datedCorrection as dated } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import type { CommittedBatch, IngestProgress } from './ingest-report.js';

describe('ingest: onBatch', () => {
  it("gives a batch's first line as the lowest it holds, though a correction held for a later line joins it after that line", async () => {
    const store = new MemoryEventStore();
    const input = [
      dated('2023-03-21'),
      claimRecord({ id: 'x' }),
      claimRecord({ id: 'y' }),
      dated('2023-03-22'),
    ];
    await ingest(store, [claimRecord({ id: 'visit' })]);
    expect(await ingest(store, input)).toMatchObject({ added: 4, rejectedLines: 0 });
    // The re-run meets line 1 while the claim holds line 4's date: it waits for line 4.
    const batches: CommittedBatch[] = [];
    const again = await ingest(store, input, { batchSize: 10, onBatch: (b) => batches.push(b) });
    expect(again).toMatchObject({ added: 0, skipped: 4, rejectedLines: 0 });
    // Line 1 joins a batch after line 4 (the one batch of all four, or one of its own after line
    // 4's commit): whichever batch holds it starts at line 1, not at the line taken first.
    expect(Math.min(...batches.map((b) => b.firstLine))).toBe(1);
    expect(Math.max(...batches.map((b) => b.lastLine))).toBe(4);
    expect(batches.reduce((n, b) => n + b.added + b.skipped, 0)).toBe(4);
  });
});

describe('ingest: onProgress', () => {
  it('counts a rejected line once, however many problems it has', async () => {
    const progress: IngestProgress[] = [];
    const report = await ingest(
      new MemoryEventStore(),
      [claimRecord({ id: 'bad', stance: 'maybe', kind: 'picnic' }), claimRecord({ id: 'good' })],
      { onProgress: (p) => progress.push(p) },
    );
    expect(report).toMatchObject({ added: 1, rejectedLines: 1, rejectedProblems: 2 });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ lines: 2, added: 1, rejected: 1 });
  });
});
