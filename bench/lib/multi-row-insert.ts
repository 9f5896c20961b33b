// The raw baselines insert as the store does: many rows per INSERT statement, one statement
// prepared per row count (at most `ROWS_PER_INSERT`, plus the last, shorter one of a batch).
import type { Database, Statement } from 'better-sqlite3';

/** Rows per INSERT statement, as the store writes them (packages/store/src/sqlite/sqlite-statements.ts). */
export const ROWS_PER_INSERT = 32;

/** The INSERT of `rows` rows into `table`'s `columns`, prepared on first use. */
export function multiRowInsert(
  db: Database,
  table: string,
  columns: readonly string[],
): (rows: number) => Statement<unknown[]> {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const prepared = new Map<number, Statement<unknown[]>>();
  return (rows) => {
    let statement = prepared.get(rows);
    if (statement === undefined) {
      const values = Array.from({ length: rows }, () => row).join(', ');
      statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
      prepared.set(rows, statement);
    }
    return statement;
  };
}
