// The rejects file keeps line order, also for lines whose rejection is only known later: a
// correction held to the end of the run (A, B, A), or a claim the store refuses at its batch's commit.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { folderPerTest } from '../test-kit/ingest-test-kit.js';
import { claimRecord, ndjson } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';

const folder = folderPerTest();
const correction = (occurred: string) => ({
  type: 'correction',
  claim: 'c1',
  changes: { occurred },
  reason: 'r',
  by: 'me',
});

async function run(store: MemoryEventStore, lines: readonly string[], batchSize?: number) {
  const rejectsPath = join(folder.dir, 'rejects.ndjson');
  const path = folder.file('in.ndjson', `${lines.join('\n')}\n`);
  const report = await ingest(store, path, {
    rejectsPath,
    ...(batchSize === undefined ? {} : { batchSize }),
  });
  return { report, rejects: readFileSync(rejectsPath, 'utf8').split('\n').slice(0, -1) };
}

describe('the rejects file: line order', () => {
  it('puts a correction rejected when the run ends (A, B, A) at its own line, before later rejected lines', async () => {
    const store = new MemoryEventStore();
    await ingest(
      store,
      folder.file('base.ndjson', ndjson([claimRecord({ id: 'c1', occurred: '2023-03-23' })])),
    );
    const lines = [
      JSON.stringify(correction('2023-03-21')),
      JSON.stringify(correction('2023-03-22')),
      JSON.stringify(correction('2023-03-21')),
      JSON.stringify(claimRecord({ id: 'bad1', stance: 'claims' })),
      'not json at all',
    ];
    const { report, rejects } = await run(store, lines);
    expect([...new Set(report.rejected.map((r) => r.line))]).toEqual([3, 4, 5]);
    expect(rejects).toEqual([lines[2], lines[3], lines[4]]);
    // Each problem listed names the line of the rejects file its record is copied to.
    expect(report.rejected.map((r, i) => [r.line, report.rejectedCopies[i]])).toEqual([
      [3, 1],
      [4, 2],
      [5, 3],
    ]);
    // Nothing of the merge is left beside the rejects file.
    expect(readdirSync(folder.dir).sort()).toEqual(['base.ndjson', 'in.ndjson', 'rejects.ndjson']);
  });

  it('puts a claim the store refuses at commit before the later lines of its batch rejected on reading', async () => {
    const store = new MemoryEventStore();
    await ingest(store, folder.file('base.ndjson', ndjson([claimRecord({ id: 'c9' })])));
    const lines = [
      JSON.stringify(claimRecord({ id: 'ok-1' })),
      JSON.stringify(claimRecord({ id: 'c9', quote: 'another quote' })),
      'not json at all',
      JSON.stringify(claimRecord({ id: 'ok-2' })),
      '{"broken',
    ];
    for (const batchSize of [1, 2, 100]) {
      const { report, rejects } = await run(store, lines, batchSize);
      expect([...new Set(report.rejected.map((r) => r.line))]).toEqual([2, 3, 5]);
      expect(rejects, `batch size ${batchSize}`).toEqual([lines[1], lines[2], lines[4]]);
    }
  });

  it('names no copy for a line not copied (not UTF-8), and keeps counting the others', async () => {
    const rejectsPath = join(folder.dir, 'rejects.ndjson');
    const path = join(folder.dir, 'bytes.ndjson');
    const bytes = Buffer.from(`${JSON.stringify(claimRecord({ id: 'ok' }))}\n@\n{"a":\nnot json\n`);
    bytes[bytes.indexOf('@')] = 0x92;
    writeFileSync(path, bytes);
    const report = await ingest(new MemoryEventStore(), path, { rejectsPath });
    expect(report.rejected.map((r, i) => [r.line, report.rejectedCopies[i]])).toEqual([
      [2, null],
      [3, 1],
      [4, 2],
    ]);
    expect(readFileSync(rejectsPath, 'utf8')).toBe('{"a":\nnot json\n');
  });
});
