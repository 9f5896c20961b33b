// How a ReadAhead starts its worker and notices it stopping (sqlite-read-ahead.ts). startSqliteWorker
// is wrapped to keep what each worker was started with and, when a test asks, to start other source
// in its place: a worker that exits without an error must still end the reading.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { ReadAhead, type ReadAheadOptions } from './sqlite-read-ahead.js';
import { nextPageOutcome, workerOnly } from './sqlite-read-ahead-testing.js';
import { tempFolder } from './sqlite-test-files.js';

const hoisted = vi.hoisted(() => ({
  /** Source started in place of the read-ahead worker's, when set. */
  source: undefined as string | undefined,
  /** The workerData of every worker started, in order. */
  started: [] as Record<string, unknown>[],
}));
vi.mock('./sqlite-worker.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./sqlite-worker.js')>();
  return {
    ...real,
    startSqliteWorker: (
      source: string,
      workerData: Record<string, unknown>,
      transferList: Parameters<typeof real.startSqliteWorker>[2] = [],
    ) => {
      hoisted.started.push(workerData);
      return real.startSqliteWorker(hoisted.source ?? source, workerData, transferList);
    },
  };
});

const folder = tempFolder('kb-read-ahead-start-');
const path = join(folder.dir, 'log.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path });
  await store.append('claim-1', [newEvent({ n: 1 }), newEvent({ n: 2 }), newEvent({ n: 3 })]);
  await store.close();
});
afterAll(() => folder.remove());

const options = (overrides: Partial<ReadAheadOptions> = {}): ReadAheadOptions => workerOnly(path, overrides);

describe('sqlite read-ahead worker start', () => {
  // No 'error' event comes: only the worker's exit tells the caller it will never answer.
  it('fails the reading when the worker exits without an error', async () => {
    hoisted.source = 'process.exit(0)';
    let ahead: ReadAhead;
    try {
      ahead = new ReadAhead(0, options());
    } finally {
      hoisted.source = undefined;
    }
    // Should the exit go unnoticed, the reading would wait for ever: closing ends it, with another message.
    const stop = setTimeout(() => ahead.close(), 5000);
    try {
      const failure = await nextPageOutcome(ahead);
      expect(failure).toMatch(/reading the event file failed: the read-ahead worker stopped/);
    } finally {
      clearTimeout(stop);
      ahead.close();
    }
  }, 10_000);

  // The nonce stands in the page for values the stored text cannot know: it is drawn for each reading.
  it('gives each reading a nonce of its own, a small integer', () => {
    const before = hoisted.started.length;
    const aheads = [new ReadAhead(0, options()), new ReadAhead(0, options())];
    try {
      const nonces = hoisted.started.slice(before).map((data) => (data as { nonce?: unknown }).nonce);
      expect(nonces).toHaveLength(2);
      expect(nonces[0]).not.toBe(nonces[1]);
      for (const nonce of nonces) {
        expect(Number.isInteger(nonce)).toBe(true);
        expect(nonce as number).toBeGreaterThanOrEqual(2 ** 29);
        expect(nonce as number).toBeLessThan(2 ** 30);
      }
    } finally {
      for (const ahead of aheads) ahead.close();
    }
  });
});
