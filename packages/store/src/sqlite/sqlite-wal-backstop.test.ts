// SQLite's own checkpoint (wal_autocheckpoint, 10,000 pages) stays beside the checkpoint thread
// (sqlite-checkpointer.ts) as a backstop: should the thread fall behind or stop, the writer's own
// commit copies the WAL back into the file once it passes that limit, and the WAL starts over
// instead of growing with every append. Here the thread is turned off, as if it never ran.
import { describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { sizeOf, walRestarts, withTempFile } from './sqlite-test-files.js';

const PAGE = 4096;
/** SQLite's own limit as the store sets it (sqlite-schema.ts). */
const LIMIT_PAGES = 10_000;
/** About 4 MB of event text an append: some 1,000 pages. */
const TEXT = 'an outlet quoted the ministry on who holds the consulate. '.repeat(690);
const EVENTS_PER_APPEND = 100;
const APPEND_BYTES = TEXT.length * EVENTS_PER_APPEND;

describe("SQLite's own checkpoint, the backstop", () => {
  it('leaves the WAL alone below its limit, then copies it back and lets it start over, with no checkpoint thread', () =>
    withTempFile('kb.sqlite', async (path) => {
      const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
      try {
        const append = (n: number) =>
          store.append(
            `claims-${n}`,
            Array.from({ length: EVENTS_PER_APPEND }, (_, i) => newEvent({ n, i, text: TEXT })),
          );
        // Nine appends, some 37 MB: still under 10,000 pages of WAL, so nothing was copied back yet.
        let appended = 0;
        while ((appended + 1) * APPEND_BYTES < LIMIT_PAGES * PAGE * 0.9) await append(appended++);
        expect(appended).toBeGreaterThanOrEqual(8);
        expect(sizeOf(path)).toBeLessThan(APPEND_BYTES);
        expect(walRestarts(path)).toBe(0);
        // Past the limit, and on well beyond it: the writer's own commit copied the WAL back...
        while (appended * APPEND_BYTES < LIMIT_PAGES * PAGE * 1.6) await append(appended++);
        const written = appended * APPEND_BYTES;
        expect(store.checkpointStats()).toBeUndefined();
        expect(sizeOf(path)).toBeGreaterThan(LIMIT_PAGES * PAGE * 0.9);
        // ...and the next transaction started it over, so it grew no further than the limit and an append.
        expect(walRestarts(path)).toBeGreaterThanOrEqual(1);
        expect(sizeOf(`${path}-wal`)).toBeLessThan(LIMIT_PAGES * PAGE + 2 * APPEND_BYTES);
        expect(sizeOf(`${path}-wal`)).toBeLessThan(written * 0.8);
        expect(await store.verify()).toMatchObject({ ok: true, checked: appended * EVENTS_PER_APPEND });
      } finally {
        await store.close();
      }
    }));
});
