// What `ingest` checks before it reads a line, at the edges a mutation pass found unchecked: the
// limits of runId and batchSize as documented, every callback, options that are no object, the
// shape of a generated run id, and the signal's listener let go when the run ends.
import { getEventListeners } from 'node:events';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';
import { ingest, newRunId } from './ingest.js';

describe('ingest: options at their limits', () => {
  it('takes a runId of 200 printable characters and refuses one of 201', async () => {
    const store = new MemoryEventStore();
    const longest = 'r'.repeat(200);
    expect(await ingest(store, [claimRecord({ id: 'a' })], { runId: longest })).toMatchObject({
      runId: longest,
      added: 1,
    });
    await expect(ingest(store, [claimRecord({ id: 'b' })], { runId: 'r'.repeat(201) })).rejects.toThrow(
      /^ingest: runId must be 1 to 200 printable characters without spaces, got "r{201}"$/,
    );
    expect((await all(store)).some((e) => e.stream === 'claim-b')).toBe(false);
  });

  it('takes a batchSize of 10,000, the most allowed', async () => {
    const report = await ingest(new MemoryEventStore(), [claimRecord({ id: 'a' })], { batchSize: 10_000 });
    expect(report).toMatchObject({ added: 1, batches: 1 });
  });

  it('refuses onReject and onBatch that are not functions, before reading a line', async () => {
    for (const name of ['onReject', 'onBatch']) {
      const store = new MemoryEventStore();
      await expect(ingest(store, [claimRecord()], { [name]: 'log' } as never)).rejects.toThrow(
        `ingest: ${name} must be a function, got string`,
      );
      expect(await all(store)).toEqual([]);
    }
  });

  it('refuses options that are not an object, before reading a line', async () => {
    for (const [options, kind] of [
      [5, 'number'],
      [true, 'boolean'],
      ['batchSize', 'string'],
    ] as const) {
      const store = new MemoryEventStore();
      await expect(ingest(store, [claimRecord()], options as never)).rejects.toThrow(
        `ingest: options must be an object, got ${kind}`,
      );
      expect(await all(store)).toEqual([]);
    }
  });
});

describe('ingest: run ids and signals', () => {
  it('makes run ids of the documented shape: the time to the second, in UTC, and six hex digits', () => {
    expect(newRunId(new Date('2026-11-28T02:25:22.517Z'))).toMatch(/^ingest-20261128T022522Z-[0-9a-f]{6}$/);
  });

  it('lets go of the signal when the run ends, so one signal can serve many runs', async () => {
    const stop = new AbortController();
    const store = new MemoryEventStore();
    for (const id of ['a', 'b', 'c']) await ingest(store, [claimRecord({ id })], { signal: stop.signal });
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });
});
