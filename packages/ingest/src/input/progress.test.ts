// The progress ingest reports counts the bytes of the lines it has handled, not those read ahead: a
// file is read a mebibyte at a time, so a bar fed the bytes read stood at 100% long before the end.
import { statSync } from 'node:fs';
import { MemoryEventStore } from '@kb/store';
import { expect, it } from 'vitest';
import { ingest } from '../ingest/run/ingest.js';
import { folderPerTest } from '../ingest/test-kit/ingest-test-kit.js';
import { claimRecord, ndjson } from '../ingest/test-kit/test-records.js';

const folder = folderPerTest();

it('ingest: onProgress gives the bytes of the lines handled, which reach the total at the end', async () => {
  const records = Array.from({ length: 60 }, (_, i) => claimRecord({ id: `c-${i}` }));
  const path = folder.file('claims.ndjson', ndjson(records));
  const total = statSync(path).size;
  const seen: { lines: number; bytes: number; totalBytes: number | null }[] = [];
  await ingest(new MemoryEventStore(), path, {
    batchSize: 10,
    onProgress: ({ lines, bytes, totalBytes }) => seen.push({ lines, bytes, totalBytes }),
  });
  // Every line is as long as every other but for its id's digits: the bytes go with the lines.
  expect(seen.map((p) => p.lines)).toEqual([10, 20, 30, 40, 50, 60, 60]);
  for (const p of seen) {
    expect(p.totalBytes).toBe(total);
    expect(Math.abs(p.bytes / total - p.lines / 60)).toBeLessThan(0.01);
  }
  expect(seen.at(-1)!.bytes).toBe(total);
});

it('ingest: onProgress counts a rejected line once, however many problems it has', async () => {
  const seen: { rejected: number }[] = [];
  const report = await ingest(
    new MemoryEventStore(),
    [claimRecord({ id: 'a' }), { id: 'x' }, claimRecord({ id: 'b' })],
    { onProgress: (p) => seen.push(p) },
  );
  expect(report.rejectedLines).toBe(1);
  expect(report.rejectedProblems).toBeGreaterThan(1);
  expect(seen.at(-1)!.rejected).toBe(1);
  expect(seen.at(-1)!.rejected).toBe(report.rejectedLines);
});
