import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimRecord, ndjson } from '../test-kit/test-records.js';
import { ingest } from './ingest.js';
import type { CommittedBatch } from './ingest-report.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-on-batch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest: onBatch', () => {
  it('is called once per committed batch, after its transaction, with the lines it held', async () => {
    const input = join(dir, 'in.ndjson');
    writeFileSync(
      input,
      ndjson([
        claimRecord({ id: 'a' }), // 1
        claimRecord({ id: 'b' }), // 2
        '{"broken": ', // 3: rejected, never in a batch
        claimRecord({ id: 'c' }), // 4
        claimRecord({ id: 'a' }), // 5: a repeat, skipped
        claimRecord({ id: 'd' }), // 6
      ]),
    );
    const store = openSqliteStore({ path: join(dir, 'kb.sqlite') });
    const seen: (CommittedBatch & { head: number })[] = [];
    const report = await ingest(store, input, {
      batchSize: 2,
      // The head is read synchronously inside the callback: the batch is already in the file.
      onBatch: (batch) => seen.push({ ...batch, head: store.headPosition() }),
    });
    await store.close();
    expect(seen.map(({ head: _, ...b }) => b)).toEqual([
      {
        batch: 1,
        firstLine: 1,
        lastLine: 2,
        added: 2,
        skipped: 0,
        rejected: 0,
        eventsAppended: seen[0]!.eventsAppended,
      },
      { batch: 2, firstLine: 4, lastLine: 5, added: 1, skipped: 1, rejected: 0, eventsAppended: 1 },
      { batch: 3, firstLine: 6, lastLine: 6, added: 1, skipped: 0, rejected: 0, eventsAppended: 1 },
    ]);
    // Registrations come with the first batch: more events than records.
    expect(seen[0]!.eventsAppended).toBeGreaterThan(2);
    let total = 0;
    for (const batch of seen) {
      total += batch.eventsAppended;
      expect(batch.head).toBe(total);
    }
    expect(report.batches).toBe(seen.length);
    expect(report.eventsAppended).toBe(total);
  });
});
