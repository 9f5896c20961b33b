// SqliteEventStore.verify walks the log in one read transaction on the store's own connection. Until
// 342bfbc that transaction opened and closed inside the call; since the walk may pause, it stays open
// until the returned promise settles. An append made meanwhile through the same store, as a caller
// does who starts verify and goes on without awaiting it, must still be committed when it resolves,
// seen by another connection, not held in the verify's transaction (and lost with its rollback).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-verify-alongside-');
afterAll(() => folder.remove());

/** How many events another connection sees in the file. */
function committedEvents(path: string): number {
  const other = new Database(path, { readonly: true });
  try {
    return other.prepare('SELECT count(*) FROM events').pluck().get() as number;
  } finally {
    other.close();
  }
}

describe('sqlite verify beside an append on the same store', () => {
  it('leaves an append made while it runs committed once the append resolves', async () => {
    const path = join(folder.dir, 'alongside.sqlite');
    const store = openSqliteStore({ path });
    try {
      for (let i = 0; i < 3; i++) await store.append(`claim-${i}`, [newEvent({ i })]);
      const verifying = store.verify();
      await store.append('claim-late', [newEvent({ late: true })]);
      expect(committedEvents(path)).toBe(4);
      expect(await verifying).toMatchObject({ ok: true, firstBreak: null });
      expect(await store.verify()).toMatchObject({ ok: true, checked: 4 });
    } finally {
      await store.close();
    }
  });

  it('holds an append made during a pausing walk until the walk is over, then commits it', async () => {
    const path = join(folder.dir, 'pausing.sqlite');
    const store = openSqliteStore({ path });
    try {
      await store.appendMany(
        Array.from({ length: 3000 }, (_, i) => ({ stream: `claim-${i}`, events: [newEvent({ i })] })),
      );
      let pauses = 0;
      const verifying = store.verify({
        pause: () => {
          pauses += 1;
          return new Promise((resolve) => setImmediate(resolve));
        },
      });
      await store.append('claim-late', [newEvent({ late: true })]);
      expect(committedEvents(path)).toBe(3001);
      // The walk saw the log as it stood when it began.
      expect(await verifying).toMatchObject({ ok: true, checked: 3000 });
      expect(pauses).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('holds an append asked for from its own progress callback until the walk is over', async () => {
    const path = join(folder.dir, 'from-progress.sqlite');
    const store = openSqliteStore({ path });
    try {
      for (let i = 0; i < 3; i++) await store.append(`claim-${i}`, [newEvent({ i })]);
      let appended: Promise<unknown> | undefined;
      const report = await store.verify({
        progressEvery: 1,
        onProgress: () => {
          appended ??= store.append('claim-late', [newEvent({ late: true })]);
        },
      });
      expect(report).toMatchObject({ ok: true, checked: 3 });
      await appended;
      expect(committedEvents(path)).toBe(4);
    } finally {
      await store.close();
    }
  });

  it('closes after a verify it was asked to close during', async () => {
    const path = join(folder.dir, 'closing.sqlite');
    // No checkpoint thread, whose closing would give the walk time to end first.
    const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 3; i++) await store.append(`claim-${i}`, [newEvent({ i })]);
    const verifying = store.verify();
    await store.close();
    expect(await verifying).toMatchObject({ ok: true, checked: 3 });
  });
});
