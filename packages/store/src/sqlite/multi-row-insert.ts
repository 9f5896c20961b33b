// Many rows per INSERT statement. One statement of many rows costs far less than as many
// single-row runs (each run is a call into the driver): appends of 20 to 100 events measured about
// a fifth faster. The read models' rebuild and the benches' raw baselines insert this way; the
// store's appends do too, with the values their rows share bound once (sqlite-event-insert.ts).
import type { Database, Statement } from 'better-sqlite3';

/** Rows per INSERT statement: 32 rows of 12 columns bind 384 values, far under SQLite's 32,766. */
export const ROWS_PER_INSERT = 32;

/** The INSERT of `rows` rows (1 to ROWS_PER_INSERT) into `table`'s `columns`, prepared on first use. */
export function multiRowInsert(
  db: Database,
  table: string,
  columns: readonly string[],
): (rows: number) => Statement<unknown[]> {
  const row = `(${columns.map(() => '?').join(', ')})`;
  const prepared: Statement<unknown[]>[] = [];
  return (rows) => {
    let statement = prepared[rows];
    if (statement === undefined) {
      const values = Array.from({ length: rows }, () => row).join(', ');
      statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
      prepared[rows] = statement;
    }
    return statement;
  };
}

/** Inserts every row (its values in column order) through `insert`, ROWS_PER_INSERT per statement. */
export function insertAll(
  insert: (rows: number) => Statement<unknown[]>,
  rows: readonly (readonly unknown[])[],
): void {
  for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
    const to = Math.min(rows.length, from + ROWS_PER_INSERT);
    const values: unknown[] = [];
    for (let i = from; i < to; i++) for (const value of rows[i]!) values.push(value);
    insert(to - from).run(...values);
  }
}
