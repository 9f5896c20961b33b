import { existsSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { runChild } from '../testing/run-child.js';
import { BackgroundCheckpointer } from './sqlite-checkpointer.js';
import { openSqliteStore, type SqliteEventStore } from './sqlite-event-store.js';
import { sizeOf, walRestarts, withTempFile } from './sqlite-test-files.js';

// Events per batch of the crash test's writer (sqlite-checkpoint-writer.ts).
const BATCH = 50;
const TEXT = 'an account of who holds the embassy, as one outlet reported it. '.repeat(16);

/** Appends `batches` batches of 100 events of about 1 KB each; returns the bytes of data written. */
async function fill(store: SqliteEventStore, batches: number): Promise<number> {
  let bytes = 0;
  for (let b = 0; b < batches; b++) {
    const events = Array.from({ length: 100 }, (_, n) => newEvent({ b, n, text: TEXT }));
    for (const e of events) bytes += JSON.stringify(e.data).length;
    await store.append(`claims-${b % 5}`, events);
  }
  return bytes;
}

/**
 * `fill`, in pieces of five batches (about 500 KB), each followed by a wait until the checkpoint
 * thread has answered every request so far. The writer still goes on while the thread copies, but a
 * busy machine that gives the thread little CPU cannot let the WAL grow past a piece or two.
 */
async function fillPaced(store: SqliteEventStore, batches: number): Promise<number> {
  let bytes = 0;
  for (let done = 0; done < batches; done += 5) {
    bytes += await fill(store, Math.min(5, batches - done));
    expect(await store.checkpointsCaughtUp()).toBe(true);
  }
  return bytes;
}

/** Puts `db` in WAL mode with SQLite's own checkpoints off; returns a writer of `rows` rows of 2 KB. */
function wal(db: BetterSqlite3.Database): (rows: number) => void {
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (text) VALUES (?)');
  return (rows) => {
    for (let i = 0; i < rows; i++) insert.run('x'.repeat(2000));
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A writer in WAL mode and a checkpoint thread (`finishWaitMs`) on a scratch file, the thread done
 * with one checkpoint the writer has not finished; then `body`, then both closed.
 */
function afterOneCheckpoint(
  finishWaitMs: number,
  body: (parts: {
    writer: BetterSqlite3.Database;
    thread: BackgroundCheckpointer;
    write: (rows: number) => void;
  }) => Promise<void>,
): Promise<void> {
  return withTempFile('scratch.sqlite', async (path) => {
    const writer = new BetterSqlite3(path);
    const thread = new BackgroundCheckpointer(path, 1000, finishWaitMs);
    try {
      const write = wal(writer);
      write(20);
      thread.request();
      expect(await thread.waitFor(1, 10_000)).toBe(true);
      await body({ writer, thread, write });
    } finally {
      await thread.close();
      writer.close();
    }
  });
}

/** A line the crash test's writer prints: `committed <events in the log> <checkpoints done>`. */
function linePrinted(line: string): { events: number; checkpoints: number } {
  const [, events, checkpoints] = line.split(' ');
  return { events: Number(events), checkpoints: Number(checkpoints) };
}

describe('SQLite checkpoints on a second thread', () => {
  it('copy the WAL back into the file while the writer goes on, and let the WAL start over', () =>
    withTempFile('kb.sqlite', async (path) => {
      // About 200 KB of pages between checkpoints, against about 2 MB of events, then 6 MB more.
      const store = openSqliteStore({ path, checkpointPages: 50 });
      await fill(store, 20);
      expect(await store.checkpointsDone(1)).toBe(true);
      const walBefore = sizeOf(`${path}-wal`);
      const written = await fillPaced(store, 60);
      expect(await store.checkpointsDone(5)).toBe(true);
      const stats = store.checkpointStats()!;
      expect(stats.failure).toBeUndefined();
      expect(stats.copiedFrames).toBeGreaterThan(0);
      // The file holds most of the events already, and the WAL grew by far less than was written:
      // it started over after checkpoints, which needs every frame copied when a transaction starts.
      expect(sizeOf(path)).toBeGreaterThan(written / 2);
      expect(sizeOf(`${path}-wal`) - walBefore).toBeLessThan(written / 3);
      await store.close();
      // Both connections closed, the last one removed the WAL.
      expect(existsSync(`${path}-wal`)).toBe(false);
      const again = openSqliteStore({ path });
      expect(await again.verify()).toMatchObject({ ok: true, checked: 8000 });
      expect((await collect(again.readAll())).length).toBe(8000);
      await again.close();
    }));

  it('finish with the writer copying the last frames itself, so that its next transaction starts the WAL over', () =>
    withTempFile('kb.sqlite', async (path) => {
      const store = openSqliteStore({ path, checkpointPages: 50 });
      // One append of about 110 pages asks for a checkpoint and sets the count of pages to zero; the
      // two small appends below (about 3 pages each) stay far below 50 and ask for none.
      await store.append(
        'claims',
        Array.from({ length: 300 }, (_, n) => newEvent({ n, text: TEXT })),
      );
      expect(await store.checkpointsCaughtUp()).toBe(true);
      const before = walRestarts(path);
      // The thread copied every frame: this append starts the WAL over, and its commit's frames are
      // the only ones the thread has not copied. The writer copies them after the commit...
      await store.append('claims', [newEvent({ small: 1 })]);
      expect(walRestarts(path)).toBe(before + 1);
      // ...so the next append starts the WAL over again. Without the writer's part it would not.
      await store.append('claims', [newEvent({ small: 2 })]);
      expect(walRestarts(path)).toBe(before + 2);
      expect(store.checkpointStats()).toMatchObject({ checkpoints: 1, failure: undefined });
      await store.close();
    }));

  it('are left to SQLite when turned off: the events stay in the WAL below its own limit', () =>
    withTempFile('kb.sqlite', async (path) => {
      const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
      const written = await fill(store, 40);
      expect(store.checkpointStats()).toBeUndefined();
      expect(sizeOf(path)).toBeLessThan(written / 2);
      expect(sizeOf(`${path}-wal`)).toBeGreaterThan(written);
      await store.close();
    }));

  it("leave appends made inside a caller's transaction working, and finish after it commits", () =>
    withTempFile('kb.sqlite', async (path) => {
      const store = openSqliteStore({ path, checkpointPages: 20 });
      await fill(store, 10);
      expect(await store.checkpointsDone(1)).toBe(true);
      // A read model writing in the same file, say, with the log's appends in its transaction.
      store.database.exec('BEGIN IMMEDIATE');
      await expect(fill(store, 10)).resolves.toBeGreaterThan(0);
      store.database.exec('COMMIT');
      const walBefore = sizeOf(`${path}-wal`);
      const written = await fillPaced(store, 30);
      expect(await store.checkpointsDone(3)).toBe(true);
      expect(store.checkpointStats()?.failure).toBeUndefined();
      expect(sizeOf(`${path}-wal`) - walBefore).toBeLessThan(written / 3);
      expect(await store.verify()).toMatchObject({ ok: true, checked: 5000 });
      await store.close();
    }));

  it('that cannot run are named in the stats, and appends go on without them', () =>
    withTempFile('kb.sqlite', async (path) => {
      const store = openSqliteStore({ path, checkpointPages: 20 });
      // The writer keeps its open file; a thread starting now finds no file by that name.
      renameSync(path, `${path}.moved`);
      await fill(store, 20);
      await vi.waitFor(() => expect(store.checkpointStats()?.failure).toMatch(/checkpoint thread stopped/), {
        timeout: 5000,
      });
      await fill(store, 5);
      expect(store.headPosition()).toBe(2500);
      expect(await store.verify()).toMatchObject({ ok: true, checked: 2500 });
      await store.close();
    }));

  // A reader's snapshot keeps its frames' pages from being copied back: the stats tell the WAL's
  // frames from those copied, so a WAL held up by a reader shows.
  it('report the frames in the WAL and, fewer, the ones copied while a reader holds an old snapshot', () =>
    withTempFile('scratch.sqlite', async (path) => {
      const writer = new BetterSqlite3(path);
      const reader = new BetterSqlite3(path);
      const thread = new BackgroundCheckpointer(path, 1000);
      try {
        writer.pragma('journal_mode = WAL');
        writer.pragma('wal_autocheckpoint = 0');
        writer.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, text TEXT NOT NULL)');
        const insert = writer.prepare('INSERT INTO t (text) VALUES (?)');
        const write = (rows: number) => {
          for (let i = 0; i < rows; i++) insert.run('x'.repeat(2000));
        };
        write(20);
        // The reader's snapshot: 20 rows, the frames written so far.
        reader.exec('BEGIN');
        expect(reader.prepare('SELECT count(*) FROM t').pluck().get()).toBe(20);
        write(40);
        thread.request();
        expect(await thread.waitFor(1, 10_000)).toBe(true);
        const stats = thread.stats();
        expect(stats.failure).toBeUndefined();
        expect(stats.copiedFrames).toBeGreaterThan(0);
        expect(stats.copiedFrames).toBeLessThan(stats.walFrames);
        // The writer's own view of the WAL agrees: as many frames, as many copied.
        const [, log, copied] = writer.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw().get() as number[];
        expect([log, copied]).toEqual([stats.walFrames, stats.copiedFrames]);
        reader.exec('COMMIT');
      } finally {
        await thread.close();
        reader.close();
        writer.close();
      }
    }));

  it('begin a checkpoint asked for meanwhile only once the writer has finished the last one', () =>
    // A wait far longer than the test: the second checkpoint can only begin once the writer says.
    afterOneCheckpoint(600_000, async ({ writer, thread, write }) => {
      write(20);
      thread.request();
      await pause(300);
      expect(thread.stats().checkpoints).toBe(1);
      // The writer takes the finished checkpoint; while it copies the rest the thread still waits...
      expect(thread.takeFinished()).toBe(true);
      expect(thread.takeFinished()).toBe(false);
      const [busy, log, copied] = writer.prepare('PRAGMA wal_checkpoint(PASSIVE)').raw().get() as number[];
      // ...so the writer's part never finds the checkpoint lock taken, and copies every frame.
      expect(busy).toBe(0);
      expect(copied).toBe(log);
      await pause(100);
      expect(thread.stats().checkpoints).toBe(1);
      thread.finishDone();
      expect(await thread.waitFor(2, 10_000)).toBe(true);
      expect(thread.stats().failure).toBeUndefined();
    }));

  it('begin a checkpoint asked for meanwhile after a short wait when the writer does not finish the last', () =>
    afterOneCheckpoint(50, async ({ thread, write }) => {
      write(20);
      thread.request();
      expect(await thread.waitFor(2, 10_000)).toBe(true);
      expect(thread.stats().failure).toBeUndefined();
    }));

  it('stop at once when closed while a checkpoint waits for the writer', () =>
    afterOneCheckpoint(600_000, async ({ thread }) => {
      thread.request();
      // Within the test's time limit, not after the thread's ten-minute wait.
      await thread.close();
      expect(thread.stats().checkpoints).toBe(1);
    }));

  it('never start for a store in memory or one opened read-only', async () => {
    const memory = openSqliteStore({ path: ':memory:', checkpointPages: 1 });
    await fill(memory, 5);
    expect(memory.checkpointStats()).toBeUndefined();
    await memory.close();
    await withTempFile('kb.sqlite', async (path) => {
      const writer = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
      await fill(writer, 5);
      await writer.close();
      const reader = openSqliteStore({ path, readonly: true, checkpointPages: 1 });
      expect((await collect(reader.readAll())).length).toBe(500);
      expect(reader.checkpointStats()).toBeUndefined();
      await reader.close();
    });
  });

  it(
    'a writer killed at random moments, checkpoints under way, leaves whole batches and a valid chain',
    () =>
      withTempFile('kb.sqlite', async (path) => {
        const writer = fileURLToPath(new URL('./sqlite-checkpoint-writer.ts', import.meta.url));
        let checkpointed = 0;
        for (let trial = 0; trial < 6; trial++) {
          const child = runChild(writer, [path, String(BATCH)]);
          // Killed a while after its first checkpoint, at a moment that differs from trial to trial;
          // a writer that checkpoints nothing within 15 s is killed then (and the trial counts none).
          // It takes about a second to start here; the margin is for a machine busy with other tests.
          const checkpointing = child.waitForLine((line) => linePrinted(line).checkpoints > 0);
          let timer: NodeJS.Timeout | undefined;
          const giveUp = new Promise((resolve) => {
            timer = setTimeout(resolve, 15_000, null);
          });
          const started = await Promise.race([checkpointing, giveUp]);
          clearTimeout(timer);
          if (started !== null) await new Promise((resolve) => setTimeout(resolve, 20 + trial * 37));
          child.process.kill('SIGKILL');
          const { code, signal } = await child.exited;
          if (signal !== 'SIGKILL') throw new Error(`the writer ended with ${code}: ${child.stderr()}`);
          const last = child.stdout.at(-1);
          const reported = last === undefined ? { events: -1, checkpoints: 0 } : linePrinted(last);
          if (reported.checkpoints > 0) checkpointed++;
          const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
          const count = store.headPosition();
          // Every batch reported is there; at most one more committed before the kill, never part of one.
          expect(count).toBeGreaterThanOrEqual(reported.events);
          expect(count).toBeLessThanOrEqual(reported.events + BATCH);
          expect(count % BATCH).toBe(0);
          const report = await store.verify();
          expect(report).toMatchObject({ ok: true, checked: count });
          await store.close();
        }
        expect(checkpointed).toBe(6);
      }),
    150_000,
  );
});
