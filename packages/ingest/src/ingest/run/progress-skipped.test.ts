// docs/claim-records.md, "The library": onProgress is called after every batch with the lines, the
// bytes, added, skipped and rejected lines. The other progress tests count added and rejected
// lines; here a run that finds lines already stored counts them as skipped, batch by batch.
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import type { IngestProgress } from './ingest-report.js';

describe('ingest: onProgress', () => {
  it('counts the lines already stored as skipped, as they are met', async () => {
    const store = new MemoryEventStore();
    await ingest(store, [claimRecord({ id: 'a' }), claimRecord({ id: 'b' }), claimRecord({ id: 'c' })]);
    const seen: IngestProgress[] = [];
    const report = await ingest(
      store,
      [
        claimRecord({ id: 'a' }), // 1: already stored
        claimRecord({ id: 'new' }), // 2
        claimRecord({ id: 'b' }), // 3: already stored
        { id: 'broken' }, // 4: rejected, so the second batch is lines 3 and 5
        claimRecord({ id: 'c' }), // 5: already stored
      ],
      { batchSize: 2, onProgress: (p) => seen.push(p) },
    );
    expect(report).toMatchObject({ added: 1, skipped: 3, rejectedLines: 1 });
    expect(seen.map(({ lines, added, skipped, rejected }) => ({ lines, added, skipped, rejected }))).toEqual([
      { lines: 2, added: 1, skipped: 1, rejected: 0 },
      { lines: 5, added: 1, skipped: 3, rejected: 1 },
      { lines: 5, added: 1, skipped: 3, rejected: 1 },
    ]);
  });
});
