// INSERTs of many rows (multi-row-insert.ts): each row count has a statement of its own, so counts
// that come after one another (a whole statement of 32, then the rest) each insert what they are given.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { insertAll, multiRowInsert, ROWS_PER_INSERT } from './multi-row-insert.js';

describe('multiRowInsert', () => {
  it('inserts every row, in statements of up to 32 rows and of every count below', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      db.exec('CREATE TABLE scratch (n INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT');
      const insert = multiRowInsert(db, 'scratch', ['n', 'label']);
      const rows: [number, string][] = [];
      // 1, 2, 3 (after 2), then 34 (32 and 2) and 70 (32, 32 and 6).
      for (const count of [1, 2, 3, 34, 70]) {
        const batch = Array.from({ length: count }, (_, i): [number, string] => {
          const n = rows.length + i + 1;
          return [n, `row ${n} of a batch of ${count}`];
        });
        insertAll(insert, batch);
        rows.push(...batch);
        expect(db.prepare('SELECT n, label FROM scratch ORDER BY n').raw().all()).toEqual(rows);
      }
      expect(rows).toHaveLength(110);
      // One statement per count, reused: the same count gives the same statement.
      expect(insert(ROWS_PER_INSERT)).toBe(insert(ROWS_PER_INSERT));
      expect(insert(3)).not.toBe(insert(2));
      expect(insert(3).source).toBe('INSERT INTO scratch (n, label) VALUES (?, ?), (?, ?), (?, ?)');
    } finally {
      db.close();
    }
  });
});
