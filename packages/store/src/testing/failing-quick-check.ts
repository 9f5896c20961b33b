import Database from 'better-sqlite3';

/**
 * Makes SQLite's `PRAGMA quick_check(table)` fail on every connection in this process, as SQLite
 * fails it (an Error with `code`), until the returned function is called. For tests of how verify
 * tells damage from a check that could not run; connections on other threads are not reached.
 */
export function failQuickCheck(table: string, code: string, message: string): () => void {
  const real = Database.prototype.prepare;
  const sql = `PRAGMA quick_check(${table})`;
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    if (source === sql) throw Object.assign(new Error(message), { code });
    return real.call(this, source);
  } as typeof real;
  return () => {
    Database.prototype.prepare = real;
  };
}
