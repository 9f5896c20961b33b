// The id index across its levels (sqlite-id-index.ts): with a tail of 3 events, 250 events pass
// through memory, event_ids_1 and event_ids_2, and every retry is still recognised wherever its id
// now lives, by the connection that wrote it and by another one.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { EventIdConflictError } from '../port/errors.js';
import type { NewEvent } from '../port/event-store.js';
import { openSqliteStore, type SqliteEventStore } from './sqlite-event-store.js';
import { LEVEL_1_FACTOR, SLICES } from './sqlite-id-index.js';
import { cutLogBack, tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-id-index-');
afterAll(() => folder.remove());

const TAIL = 3;
const BATCH = 5;
const BATCHES = 50;
let files = 0;

/** A store with a tail of 3 and 250 events in 50 appends of 5, over 7 streams. */
async function filledStore(): Promise<{ store: SqliteEventStore; path: string; batches: NewEvent[][] }> {
  const path = join(folder.dir, `ids-${files++}.sqlite`);
  const store = openSqliteStore({ path, idTailLimit: TAIL });
  const batches: NewEvent[][] = [];
  for (let b = 0; b < BATCHES; b++) {
    const batch = Array.from({ length: BATCH }, (_, i) => newEvent({ b, i }));
    batches.push(batch);
    await store.append(streamOf(b), batch);
  }
  return { store, path, batches };
}

/** A new store of its own with a tail of `tail` events. */
const storeWithTail = (tail: number) =>
  openSqliteStore({ path: join(folder.dir, `ids-${files++}.sqlite`), idTailLimit: tail });

const streamOf = (batch: number) => `claim-${batch % 7}`;

function levels(store: SqliteEventStore): { level1: number; level2: number; indexedUpTo: number } {
  const count = (table: string) =>
    store.database.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const indexedUpTo = store.database.prepare('SELECT indexed_up_to FROM head').pluck().get() as number;
  return { level1: count('event_ids_1'), level2: count('event_ids_2'), indexedUpTo };
}

/** Connections with these tail limits on one new file, closed after `use`. */
async function onOneFile<T extends readonly number[]>(
  tails: readonly [...T],
  use: (stores: { [K in keyof T]: SqliteEventStore }) => Promise<void>,
): Promise<void> {
  const path = join(folder.dir, `ids-${files++}.sqlite`);
  const stores = tails.map((idTailLimit) => openSqliteStore({ path, idTailLimit }));
  try {
    await use(stores as { [K in keyof T]: SqliteEventStore });
  } finally {
    for (const store of stores) await store.close();
  }
}

/** `events`, stored in `stream`, are a retry; `one` of them offered in another stream is a conflict; nothing was added. */
async function expectRecognised(
  store: SqliteEventStore,
  stream: string,
  events: readonly NewEvent[],
  one: NewEvent,
  head: number,
): Promise<void> {
  expect((await store.append(stream, events)).appended).toBe(0);
  await expect(store.append('claim-x', [one])).rejects.toThrow(EventIdConflictError);
  expect(store.headPosition()).toBe(head);
}

describe('sqlite id index', () => {
  it('moves keys through both tables, and a retry is recognised on every level', async () => {
    const { store, batches } = await filledStore();
    try {
      const { level1, level2, indexedUpTo } = levels(store);
      // Every append reaches the tail limit, so each moves its keys into event_ids_1, and one slice
      // of that level on into event_ids_2.
      expect(indexedUpTo).toBe(BATCH * BATCHES);
      expect(level2).toBeGreaterThan(0);
      expect(level1).toBeLessThanOrEqual(TAIL * LEVEL_1_FACTOR * 2);
      expect(level1 + level2).toBe(BATCH * BATCHES);
      for (const [b, batch] of batches.entries()) {
        const again = await store.append(streamOf(b), batch);
        expect(again.appended).toBe(0);
      }
      expect((await collect(store.readAll())).length).toBe(BATCH * BATCHES);
      expect(await store.verify()).toMatchObject({ ok: true, checked: BATCH * BATCHES });
    } finally {
      await store.close();
    }
  });

  it('each tail move takes the next slice of event_ids_1 on to event_ids_2, so neither level is merged whole', async () => {
    const store = storeWithTail(TAIL);
    const width = 2 ** 48 / SLICES;
    const inSlice = store.database
      .prepare('SELECT count(*) FROM event_ids_1 WHERE key >= ? AND key < ?')
      .pluck();
    const nextSlice = store.database
      .prepare("SELECT value FROM meta WHERE key = 'id_index_next_slice'")
      .pluck();
    try {
      const moves = SLICES * 2 + 5;
      let level2Before = 0;
      for (let move = 0; move < moves; move++) {
        await store.append(
          `claim-${move}`,
          Array.from({ length: BATCH }, (_, i) => newEvent({ move, i })),
        );
        const slice = move % SLICES;
        expect(nextSlice.get()).toBe(String((slice + 1) % SLICES));
        expect(inSlice.get(slice * width, (slice + 1) * width)).toBe(0);
        // event_ids_2 only grows: keys go on to it a slice at a time, never all at once.
        const { level1, level2 } = levels(store);
        expect(level2).toBeGreaterThanOrEqual(level2Before);
        expect(level1 + level2).toBe((move + 1) * BATCH);
        level2Before = level2;
      }
      expect(levels(store).level1).toBeLessThanOrEqual(TAIL * LEVEL_1_FACTOR * 2);
      expect(await store.verify()).toMatchObject({ ok: true, checked: moves * BATCH });
    } finally {
      await store.close();
    }
  });

  it('merges event_ids_1 whole when moves of far more keys than a tail outgrow it', async () => {
    const store = storeWithTail(TAIL);
    try {
      const big = (n: number) => Array.from({ length: 150 }, (_, i) => newEvent({ n, i }));
      const first = big(1);
      await store.append('claim-a', first);
      expect(levels(store).level1).toBeGreaterThan(TAIL * LEVEL_1_FACTOR); // one slice left, 150 keys in
      await store.append('claim-b', big(2));
      // Past LEVEL_1_FACTOR * 2 tails (192 keys): the whole level went on to event_ids_2.
      expect(levels(store)).toMatchObject({ level1: 0, level2: 300, indexedUpTo: 300 });
      expect((await store.append('claim-a', first)).appended).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('refuses an old id with other content or in another stream, from any level', async () => {
    const { store, batches } = await filledStore();
    try {
      for (const b of [0, 25, BATCHES - 1]) {
        const old = batches[b]![2]!;
        await expect(store.append(streamOf(b), [{ ...old, data: { other: true } }])).rejects.toBeInstanceOf(
          EventIdConflictError,
        );
        await expect(store.append('claim-elsewhere', [old])).rejects.toBeInstanceOf(EventIdConflictError);
      }
      expect(store.headPosition()).toBe(BATCH * BATCHES);
    } finally {
      await store.close();
    }
  });

  it("another connection recognises ids still in the writer's tail, and after the writer moved them", async () => {
    const path = join(folder.dir, `ids-${files++}.sqlite`);
    // A large tail for the writer: its events stay in memory; the reader must read them from the log.
    const writer = openSqliteStore({ path, idTailLimit: 1000 });
    const other = openSqliteStore({ path, idTailLimit: 1000 });
    try {
      const first = [newEvent({ n: 1 }), newEvent({ n: 2 })];
      await writer.append('claim-a', first);
      await other.append('claim-b', [newEvent({ n: 3 })]);
      expect((await other.append('claim-a', first)).appended).toBe(0);
      // The writer in turn sees the other connection's event.
      const later = newEvent({ n: 4 });
      await other.append('claim-c', [later]);
      expect((await writer.append('claim-c', [later])).appended).toBe(0);
      expect(levels(writer).indexedUpTo).toBe(0);

      // A third connection with a small tail moves the whole tail into event_ids_1; the first two
      // notice at their next append and still find every id.
      const mover = openSqliteStore({ path, idTailLimit: 2 });
      await mover.append('claim-d', [newEvent({ n: 5 })]);
      await mover.close();
      const moved = levels(writer);
      expect(moved.indexedUpTo).toBe(5);
      expect(moved.level1 + moved.level2).toBe(5); // a slice of them may have gone on to event_ids_2
      expect((await writer.append('claim-a', first)).appended).toBe(0);
      expect((await other.append('claim-c', [later])).appended).toBe(0);
      await writer.append('claim-e', [newEvent({ n: 6 })]);
      expect(writer.headPosition()).toBe(6);
    } finally {
      await writer.close();
      await other.close();
    }
  });

  it('a connection recognises ids another appended and moved into the tables between two of its own appends', async () => {
    await onOneFile([1000, 2], async ([watcher, mover]) => {
      // The watcher's first append starts its filter of stored keys (sqlite-id-screen.ts).
      await watcher.append('claim-w', [newEvent({ n: 0 })]);
      const unseen = [newEvent({ n: 1 }), newEvent({ n: 2 })];
      await mover.append('claim-m', unseen);
      // Moved into the tables at once: the watcher's next append finds them in no tail.
      expect(levels(watcher).indexedUpTo).toBe(3);
      await expectRecognised(watcher, 'claim-m', unseen, unseen[0]!, 3);
    });
  });

  it('a connection recognises ids it first read in its tail, after another moved them into the tables', async () => {
    await onOneFile([1000, 1000, 2], async ([watcher, other, mover]) => {
      await watcher.append('claim-w', [newEvent({ n: 0 })]);
      const seen = [newEvent({ n: 1 }), newEvent({ n: 2 })];
      await other.append('claim-o', seen);
      // The watcher reads them into its tail here, and its filter takes them from those same rows.
      await watcher.append('claim-w', [newEvent({ n: 3 })]);
      await mover.append('claim-m', [newEvent({ n: 4 })]);
      expect(levels(watcher).indexedUpTo).toBe(5);
      await expectRecognised(watcher, 'claim-o', seen, seen[1]!, 5);
    });
  });

  it('keeps its tail through a rejected append', async () => {
    const path = join(folder.dir, `ids-${files++}.sqlite`);
    const store = openSqliteStore({ path, idTailLimit: 1000 });
    try {
      const first = [newEvent({ n: 1 })];
      await store.append('claim-a', first);
      await expect(
        store.append('claim-a', [newEvent({ n: 2 })], { expectedRevision: 'no_stream' }),
      ).rejects.toThrow();
      expect((await store.append('claim-a', first)).appended).toBe(0);
      expect(store.headPosition()).toBe(1);
    } finally {
      await store.close();
    }
  });

  // A writer whose tail (in memory) holds events that were then cut off the log; another writer
  // appends at those positions; the first one retries one of the other's events: found, not stored
  // again. The other appends fewer events than were cut (the log is shorter than the first writer
  // knew), exactly as many (as long, told from the hash at the tail's end), or more.
  it.each([
    ['fewer than', 2],
    ['exactly as many as', 4],
    ['more than', 6],
  ])(
    'a writer whose log was cut back under it finds the events another appended since, %s were cut',
    async (_, written) => {
      const CUT = 4;
      await onOneFile([1000], async ([writer]) => {
        await writer.append(
          'claim-a',
          Array.from({ length: 10 }, (_, i) => newEvent({ a: i })),
        );
        cutLogBack(writer.path, 10 - CUT);
        const other = openSqliteStore({ path: writer.path, idTailLimit: 1000 });
        const theirs = Array.from({ length: written }, (_, i) => newEvent({ b: i }));
        try {
          await other.append('claim-b', theirs);
        } finally {
          await other.close();
        }
        const head = 10 - CUT + written;
        expect((await writer.append('claim-b', [theirs[0]!])).appended).toBe(0);
        await expect(writer.append('claim-x', [theirs.at(-1)!])).rejects.toThrow(EventIdConflictError);
        expect(writer.headPosition()).toBe(head);
        // A third connection moves the tail into the tables: the writer then finds the other's
        // events through its screen of the tables' keys, which must not still hold the cut log's.
        const mover = openSqliteStore({ path: writer.path, idTailLimit: 1 });
        try {
          await mover.append('claim-m', [newEvent({ m: 1 })]);
        } finally {
          await mover.close();
        }
        expect(levels(writer).indexedUpTo).toBe(head + 1);
        expect((await writer.append('claim-b', theirs)).appended).toBe(0);
        expect(writer.headPosition()).toBe(head + 1);
        expect(await writer.verify()).toMatchObject({ ok: true, checked: head + 1 });
      });
    },
  );

  it('verify names the first event missing from the id index', async () => {
    const { store } = await filledStore();
    try {
      const victim = store.database
        .prepare('SELECT position FROM event_ids_2 ORDER BY position LIMIT 1 OFFSET 10')
        .pluck()
        .get() as number;
      store.database.prepare('DELETE FROM event_ids_2 WHERE position = ?').run(victim);
      const report = await store.verify();
      expect(report).toMatchObject({ ok: false, checked: victim - 1, firstBreak: { position: victim } });
      expect(report.firstBreak?.reason).toContain('id index');
    } finally {
      await store.close();
    }
  });

  it('verify names the event exactly at indexed_up_to when it is missing from the id index', async () => {
    // The last event the tables must hold: every other test removes one from the middle.
    const { store } = await filledStore();
    try {
      const db = store.database;
      const upTo = db.prepare('SELECT indexed_up_to FROM head').pluck().get() as number;
      expect(upTo).toBe(BATCH * BATCHES);
      const removed =
        db.prepare('DELETE FROM event_ids_1 WHERE position = ?').run(upTo).changes +
        db.prepare('DELETE FROM event_ids_2 WHERE position = ?').run(upTo).changes;
      expect(removed).toBe(1);
      const report = await store.verify();
      expect(report).toMatchObject({ ok: false, checked: upTo - 1, firstBreak: { position: upTo } });
      expect(report.firstBreak?.reason).toContain('id index');
    } finally {
      await store.close();
    }
  });
});
