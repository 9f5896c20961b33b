// The screen reads the id index's tables a key range at a time, [from, to): a stored key sitting
// exactly at the end of what it has read so far is not read yet, so it must still be looked up.
import type { Database } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { IdScreen } from './sqlite-id-screen.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-id-screen-bound-');
afterAll(() => folder.remove());

const KEY_SPACE = 2 ** 48;
const SCAN_KEYS = 10;

describe('sqlite id screen at the end of the range read so far', () => {
  it('looks up a stored key equal to the end of the keys read, turn after turn', async () => {
    const store = openSqliteStore({ path: folder.fresh('ids'), idTailLimit: 3 });
    try {
      for (let from = 0; from < 600; from += 50)
        await store.append(
          `claim-${from % 7}`,
          Array.from({ length: 50 }, (_, i) => newEvent({ n: from + i })),
        );
      const db: Database = store.database;
      const [indexedUpTo, lastPosition] = db
        .prepare('SELECT indexed_up_to, last_position FROM head')
        .raw(true)
        .get() as [number, number];
      const stored = db.prepare('SELECT id_key FROM events').pluck().all() as number[];
      // Each turn reads a range this wide (sqlite-id-screen.ts), so after turn t it has read the
      // keys below t * width. A stored key is put at each of the first bounds.
      const width = Math.floor((KEY_SPACE * SCAN_KEYS) / indexedUpTo);
      const bounds = [1, 2, 3, 4, 5].map((t) => t * width);
      const put = db.prepare('INSERT INTO event_ids_1 (key, position) VALUES (?, 1)');
      for (const key of bounds) put.run(key);
      const screen = new IdScreen(db, SCAN_KEYS);
      for (let turn = 1; turn <= bounds.length; turn++) {
        // Enough keys offered that the screen starts on the first turn (an eighth of the tables' keys).
        const kept = new Set(
          db.transaction(() => {
            screen.follow(lastPosition);
            return screen.toLookUp([...bounds, ...stored], indexedUpTo, lastPosition, () => []);
          })(),
        );
        expect(
          bounds.filter((key) => !kept.has(key)),
          `turn ${turn}`,
        ).toEqual([]);
      }
      expect(screen.complete).toBe(false);
    } finally {
      await store.close();
    }
  });
});
