// The screen in front of the id index's tables (sqlite-id-screen.ts) on real files. Whatever it has
// read so far, and whatever another connection appended or moved into the tables meanwhile, it never
// screens out the key of a stored event; once it has read the tables, it screens out nearly every key
// never stored. It starts on a file with events only after enough lookups to pay for reading.
import { randomInt } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore, type SqliteEventStore } from './sqlite-event-store.js';
import { IdScreen } from './sqlite-id-screen.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-id-screen-');
afterAll(() => folder.remove());

/** A store with a tail of 3, so that nearly every key is in the tables. */
async function storeWith(events: number): Promise<SqliteEventStore> {
  const store = openSqliteStore({ path: folder.fresh('ids'), idTailLimit: 3 });
  for (let from = 0; from < events; from += 50)
    await store.append(
      `claim-${from % 7}`,
      Array.from({ length: Math.min(50, events - from) }, (_, i) => newEvent({ n: from + i })),
    );
  return store;
}

/** Runs `use` on a store of `events` events (see storeWith), and closes it. */
async function withStore(
  events: number,
  use: (store: SqliteEventStore) => Promise<void> | void,
): Promise<void> {
  const store = await storeWith(events);
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

interface LogState {
  readonly keys: number[];
  readonly indexedUpTo: number;
  readonly lastPosition: number;
  readonly tail: number[];
}

function logState(db: Database): LogState {
  const head = db.prepare('SELECT indexed_up_to, last_position FROM head').raw(true).get() as [
    number,
    number,
  ];
  const rows = db.prepare('SELECT position, id_key FROM events ORDER BY position').raw(true).all() as [
    number,
    number,
  ][];
  return {
    keys: rows.map(([, key]) => key),
    indexedUpTo: head[0],
    lastPosition: head[1],
    tail: rows.filter(([position]) => position > head[0]).map(([, key]) => key),
  };
}

const freshKeys = (n: number) => Array.from({ length: n }, () => randomInt(0, 2 ** 48 - 1));

/** One append transaction's use of the screen: follow the log, then screen `offered`. */
function screenOnce(db: Database, screen: IdScreen, offered: (log: LogState) => number[]) {
  return db.transaction(() => {
    const log = logState(db);
    screen.follow(log.lastPosition);
    const wanted = offered(log);
    const kept = new Set(screen.toLookUp(wanted, log.indexedUpTo, log.lastPosition, () => log.tail));
    return { log, wanted, kept };
  })();
}

/**
 * Runs `turn` until the screen has read both tables, and returns how many turns that took. Bounded,
 * so that a screen that never completes fails the test instead of hanging it.
 */
function turnsUntilComplete(screen: IdScreen, turn: () => void, most = 1000): number {
  let turns = 0;
  while (!screen.complete) {
    if (turns === most) expect.fail(`the screen had not read the tables after ${most} turns`);
    turn();
    turns++;
  }
  return turns;
}

describe('sqlite id screen', () => {
  it('never screens out a stored key while it reads the tables a range at a time, nor after', async () => {
    await withStore(600, async (store) => {
      // 10 keys a turn: reading 600 keys takes about 60 turns, and every turn checks all stored keys.
      const screen = new IdScreen(store.database, 10);
      const turns = turnsUntilComplete(screen, () => {
        const { log, kept } = screenOnce(store.database, screen, (log) => [...log.keys, ...freshKeys(100)]);
        expect(log.keys.filter((key) => !kept.has(key))).toEqual([]);
      });
      expect(turns).toBeGreaterThan(30);
      const { log, wanted, kept } = screenOnce(store.database, screen, (log) => [
        ...log.keys,
        ...freshKeys(10_000),
      ]);
      expect(log.keys.filter((key) => !kept.has(key))).toEqual([]);
      // Nearly every fresh key is screened out; without the filter all 10,000 would be looked up.
      expect(kept.size - log.keys.length).toBeLessThan(100);
      expect(wanted.length).toBe(log.keys.length + 10_000);
    });
  });

  it('never screens out a stored key sitting exactly where a range it reads begins', async () => {
    await withStore(600, async (store) => {
      // Key 0, the first range's lower bound: no random key lands there, so one is put in the tables.
      store.database.prepare('INSERT INTO event_ids_1 (key, position) VALUES (0, 1)').run();
      const screen = new IdScreen(store.database, 10);
      const turns = turnsUntilComplete(screen, () => {
        const { kept } = screenOnce(store.database, screen, (log) => [0, ...log.keys, ...freshKeys(100)]);
        expect(kept.has(0)).toBe(true);
      });
      expect(turns).toBeGreaterThan(30);
      expect(screenOnce(store.database, screen, () => [0]).kept.has(0)).toBe(true);
    });
  });

  it("starts with the tail's keys, which no table holds yet", async () => {
    await withStore(100, async (store) => {
      await store.append('claim-1', [newEvent({ tail: 1 }), newEvent({ tail: 2 })]);
      const screen = new IdScreen(store.database);
      const { log, kept } = screenOnce(store.database, screen, (log) => log.keys);
      expect(screen.complete).toBe(true);
      expect(log.tail).toHaveLength(2);
      expect(log.keys.filter((key) => !kept.has(key))).toEqual([]);
    });
  });

  it('takes in what another connection appends and moves into the tables while it reads them', async () => {
    const store = await storeWith(300);
    const other = openSqliteStore({ path: store.path, idTailLimit: 3 });
    try {
      const screen = new IdScreen(store.database, 7);
      for (let turn = 0; turn < 80; turn++) {
        // The other connection's appends move its tail into the tables, past this screen's end.
        await other.append(`other-${turn % 5}`, [newEvent({ turn }), newEvent({ turn, second: true })]);
        const { log, kept } = screenOnce(store.database, screen, (log) => log.keys);
        expect(log.keys.filter((key) => !kept.has(key))).toEqual([]);
      }
      expect(screen.complete).toBe(true);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('takes in what its own connection committed, and reads from the log what it did not see', async () => {
    await withStore(0, async (store) => {
      const screen = new IdScreen(store.database);
      screenOnce(store.database, screen, () => freshKeys(1));
      expect(screen.complete).toBe(true);
      // Appended through the store's own index, which this screen is not, and a commit that does not
      // follow on from the screen's end (position 0): nothing is taken in until a follow reads the log.
      await store.append(
        'claim-1',
        Array.from({ length: 6 }, (_, a) => newEvent({ a })),
      );
      screen.committed([[freshKeys(1)[0]!, 5]]);
      const { log, kept } = screenOnce(store.database, screen, (log) => log.keys);
      expect(log.keys).toHaveLength(6);
      expect(log.keys.filter((key) => !kept.has(key))).toEqual([]);
      // A commit right after its end (positions 7 to 9) is taken in without a read.
      const own = freshKeys(3);
      screen.committed(own.map((key, i) => [key, i + 7] as const));
      expect(screen.toLookUp(own, 0, 9, () => [])).toEqual(own);
    });
  });

  it('on a file with events, starts only after an eighth as many lookups as the tables hold keys', async () => {
    await withStore(2000, async (store) => {
      const screen = new IdScreen(store.database);
      const looked: number[] = [];
      for (let turn = 0; turn < 4; turn++)
        looked.push(screenOnce(store.database, screen, () => freshKeys(100)).kept.size);
      // 100, 200 keys looked up: all of them; at 300 (an eighth of 2,000 is 250) it reads the tables.
      expect(looked.slice(0, 2)).toEqual([100, 100]);
      expect(looked[2]).toBeLessThan(10);
      expect(screen.complete).toBe(true);
    });
  });

  it('drops what it read when the log is shorter than it knew, and starts again', async () => {
    await withStore(100, async (store) => {
      const screen = new IdScreen(store.database);
      for (let turn = 0; turn < 3; turn++) screenOnce(store.database, screen, () => freshKeys(100));
      expect(screen.complete).toBe(true);
      screen.follow(50);
      expect(screen.complete).toBe(false);
    });
  });
});
