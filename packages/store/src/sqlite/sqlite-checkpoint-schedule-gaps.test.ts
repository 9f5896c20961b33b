// The writer's part of a checkpoint (sqlite-checkpoint-schedule.ts) runs after an append has
// committed: a failure there must never become the append's failure. Found by a mutation pass.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { withTempFile } from './sqlite-test-files.js';

const TEXT = 'an account of who holds the embassy, as one outlet reported it. '.repeat(16);
const FINISH = 'PRAGMA wal_checkpoint(PASSIVE)';

describe('SQLite checkpoint schedule', () => {
  it('keeps an append that has committed when the writer’s part of a checkpoint fails, and names the failure', () =>
    withTempFile('kb.sqlite', async (path) => {
      // The writer's own checkpoint statement fails, as a disk error would; the thread's runs elsewhere.
      const prepare = BetterSqlite3.prototype.prepare;
      const spy = vi.spyOn(BetterSqlite3.prototype, 'prepare').mockImplementation(function (
        this: BetterSqlite3.Database,
        source: string,
      ) {
        if (source !== FINISH) return prepare.call(this, source);
        return {
          get: () => {
            throw new Error('disk I/O error (from the test)');
          },
        } as unknown as BetterSqlite3.Statement;
      });
      const store = (() => {
        try {
          return openSqliteStore({ path, checkpointPages: 50 });
        } finally {
          spy.mockRestore();
        }
      })();
      try {
        // About 110 pages: asks the thread for a checkpoint; once it has done it, the writer's part is due.
        await store.append(
          'claims',
          Array.from({ length: 300 }, (_, n) => newEvent({ n, text: TEXT })),
        );
        expect(await store.checkpointsCaughtUp()).toBe(true);
        const result = await store.append('claims', [newEvent({ small: 1 })]);
        expect(result).toMatchObject({ nextRevision: 300, appended: 1 });
        expect(store.checkpointStats()?.failure).toBe(
          "the writer's part of a checkpoint failed: disk I/O error (from the test)",
        );
        expect(await collect(store.readStream('claims', { fromRevision: 300 }))).toHaveLength(1);
        expect(await store.verify()).toMatchObject({ ok: true, checked: 301 });
      } finally {
        await store.close();
      }
    }));
});
