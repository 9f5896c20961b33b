// The checkpoint thread (sqlite-checkpointer.ts) starts on a writer's first request, which it makes
// once it has written about 4,000 pages since the last one (sqlite-checkpoint-schedule.ts): a short
// command, writing far less, never starts a thread.
import { describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { withTempFile } from './sqlite-test-files.js';

/** About 40 KB of event text: an append of 100 is some 1,000 pages of WAL. */
const TEXT = 'a report of who holds the embassy, and who says otherwise. '.repeat(680);

describe('the checkpoint thread, by default', () => {
  it('is not started by appends of under 4,000 pages, and is started once they pass that', () =>
    withTempFile('kb.sqlite', async (path) => {
      const store = openSqliteStore({ path });
      try {
        const append = (n: number) =>
          store.append(
            `claims-${n}`,
            Array.from({ length: 100 }, (_, i) => newEvent({ n, i, text: TEXT })),
          );
        // A short command's worth, then some 3,000 pages: no request yet, so no thread.
        await store.append('claims', [newEvent({ short: true })]);
        expect(store.checkpointStats()).toBeUndefined();
        for (let n = 0; n < 3; n++) await append(n);
        expect(store.checkpointStats()).toBeUndefined();
        // Past 4,000 pages: the writer asks, and the thread starts and checkpoints.
        await append(3);
        await append(4);
        expect(store.checkpointStats()).toBeDefined();
        expect(await store.checkpointsDone(1)).toBe(true);
        expect(store.checkpointStats()).toMatchObject({ failure: undefined });
      } finally {
        await store.close();
      }
    }));
});
