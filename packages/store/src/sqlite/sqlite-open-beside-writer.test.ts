// Every kb command opens the store for writing, the ones that only read too. Opening a file already
// at this schema version must not take the write lock: with another process inside a long write
// transaction (an ingest's large batch, a rebuild's step), `kb status` waited for it and then failed
// "database is locked", though it had nothing to write.
import { afterAll, describe, expect, it } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { writeLockOnThread } from '../testing/write-lock-thread.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-open-beside-writer-');
afterAll(() => folder.remove());

describe('opening a store while another connection holds the write lock', () => {
  it('opens a file of this version without waiting for the lock, and reads it', async () => {
    const path = folder.fresh('current');
    const writer = openSqliteStore({ path });
    await writer.append('s-1', [newEvent('a'), newEvent('b')]);
    await writer.close();
    const other = await writeLockOnThread(path);
    try {
      // No wait allowed: an open that asked for the lock would fail at once.
      const reader = openSqliteStore({ path, busyTimeoutMs: 0 });
      try {
        expect((await collect(reader.readAll())).map((e) => e.data)).toEqual(['a', 'b']);
      } finally {
        await reader.close();
      }
    } finally {
      await other.release();
    }
  });
});
