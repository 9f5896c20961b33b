// kb demo writes its sample claims only into a store holding nothing but its own events. Another
// process writing the store between the demo's look at it and the demo's own writes (a kb ingest
// started beside it on a new file) must not end with the sample claims after that process's events:
// the demo checked, found the store empty, and wrote them into a store that held real work.
import { join } from 'node:path';
import { ingest } from '@kb/ingest';
import { type EventStore, openSqliteStore, type SqliteEventStore } from '@kb/store';
import { describe, expect, it, vi } from 'vitest';
import { exampleLines, kbOn, testFolder } from '../testing/cli-test-kit.js';

/** Runs once, right after the demo's check of the store has let it through. */
const afterCheck = vi.hoisted(() => ({ run: async (): Promise<void> => {} }));

vi.mock('./demo-store.js', async (original) => {
  const actual = await original<typeof import('./demo-store.js')>();
  return {
    ...actual,
    refuseForeignStore: async (...args: Parameters<typeof actual.refuseForeignStore>) => {
      await actual.refuseForeignStore(...args);
      await afterCheck.run();
    },
  };
});

const { dir } = testFolder('kb-demo-race-');

/** Each event's ingest run, in log order. */
async function runsInOrder(store: EventStore): Promise<(string | undefined)[]> {
  const runs: (string | undefined)[] = [];
  for await (const e of store.readAll()) runs.push(e.metadata.ingestRunId);
  return runs;
}

describe('kb demo beside another writer of the same new store', () => {
  it('never writes its sample claims after another process wrote between its check and its writes', async () => {
    const path = join(dir, 'new.sqlite');
    // The other process: a connection on the new store (no events yet), which waits for no lock.
    const other: SqliteEventStore = openSqliteStore({ path, busyTimeoutMs: 0 });
    const mine = { ...(JSON.parse(exampleLines()[0]!) as object), id: 'my-own-claim-2024-01' };
    let otherWrote: boolean | undefined;
    afterCheck.run = async () => {
      try {
        otherWrote = (await ingest(other, [mine], { runId: 'ingest-other' })).added === 1;
      } catch {
        otherWrote = false;
      }
    };
    try {
      const demo = await kbOn(path, 'demo', '--json');
      expect(otherWrote).toBeDefined();
      const runs = await runsInOrder(other);
      const firstDemo = runs.findIndex((run) => run !== 'ingest-other');
      if (otherWrote) {
        // The other claim went in first: the demo must then refuse the store, writing nothing.
        expect({ code: demo.code, demoEvents: firstDemo }).toEqual({ code: 2, demoEvents: -1 });
      } else {
        // The demo held the store: its events alone, and the other writer goes on after it.
        expect(demo.code).toBe(0);
        expect(runs.every((run) => run !== 'ingest-other')).toBe(true);
        expect((await ingest(other, [mine], { runId: 'ingest-other' })).added).toBe(1);
        expect((await runsInOrder(other)).at(-1)).toBe('ingest-other');
      }
    } finally {
      await other.close();
    }
  });
});
