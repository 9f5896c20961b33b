// A reading whose worker is kept waiting (another process holding the file locked) lets the event
// loop run every second while it waits, rather than blocking the thread until the page comes: timers,
// signals and progress go on, and whatever holds the lock up in this process can let it go.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import type { StoredEvent } from '../port/event-store.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { LogCursor } from './sqlite-log-cursor.js';
import { ReadAhead } from './sqlite-read-ahead.js';
import { workerOnly } from './sqlite-read-ahead-testing.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-read-ahead-yield-');
const path = join(folder.dir, 'log.sqlite');
const EVENTS = 250;

beforeAll(async () => {
  const store = openSqliteStore({ path });
  await store.append(
    'claim-1',
    Array.from({ length: EVENTS }, (_, n) => newEvent({ n })),
  );
  await store.close();
});
afterAll(() => folder.remove());

describe('a read-ahead whose worker waits on a locked file', () => {
  it('lets the event loop run while it waits, and reads every event once the lock goes', async () => {
    // An exclusive lock, as a process in SQLite's exclusive locking mode holds it: the worker's
    // reads wait for it (within their busy timeout, 10 s here).
    const lock = new BetterSqlite3(path);
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
    let released: number | null = null;
    const started = performance.now();
    // Only a reading that lets the event loop run lets this timer fire, and the lock go.
    const timer = setTimeout(() => {
      lock.exec('COMMIT');
      lock.close();
      released = performance.now() - started;
    }, 1500);

    const ahead = new ReadAhead(0, workerOnly(path, { pageSize: 100, depth: 2, busyTimeoutMs: 10_000 }));
    const events: StoredEvent[] = [];
    try {
      const cursor = new LogCursor(
        { pageSize: 100, readRows: () => ahead.next() },
        0,
        Number.POSITIVE_INFINITY,
      );
      for await (const event of cursor) events.push(event);
    } finally {
      clearTimeout(timer);
      ahead.close();
      if (lock.open) lock.close();
    }
    expect(released).not.toBeNull();
    expect(released!).toBeGreaterThanOrEqual(1500);
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: EVENTS }, (_, n) => n),
    );
  });
});
