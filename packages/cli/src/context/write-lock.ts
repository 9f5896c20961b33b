import { type EventStore, SqliteEventStore } from '@kb/store';

/** The embedded store's write lock, held by its connection until `release`. */
export interface HeldWriteLock {
  /** Ends the hold: `keep` commits what the connection wrote meanwhile, else it is rolled back. */
  release(keep: boolean): void;
}

/**
 * Takes the embedded store's write lock (an IMMEDIATE transaction on its connection, waiting for
 * another writer as long as an append would) and holds it until `release`: a check of what the
 * store holds then stays true while the writes relying on it are made, as no other process can
 * write in between. The store's own appends meanwhile nest in it (savepoints) and are committed at
 * `release(true)`. Null for a store with no such lock (EventStoreDB).
 */
export function holdWriteLock(store: EventStore): HeldWriteLock | null {
  if (!(store instanceof SqliteEventStore)) return null;
  const db = store.database;
  db.exec('BEGIN IMMEDIATE');
  return {
    release(keep) {
      // A failed write may have ended the transaction already (SQLite rolls some back whole).
      if (db.open && db.inTransaction) db.exec(keep ? 'COMMIT' : 'ROLLBACK');
    },
  };
}
