// Stores with a -wal beside them that is not their own, made as a copy of files put together makes
// them: another kb store's -wal beside a store made alike (so the pages line up and the mix reads as
// a store), and this store's later -wal beside an older copy of its file (a backup put back). For the
// tests of what the store and kb do with such a -wal (sqlite-wal-not-own.test.ts and the CLI's).
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore, type SqliteEventStore } from '../sqlite/sqlite-event-store.js';

/** About 450 bytes an event: a few to a page, so the last event before a -wal and the first in it may lie apart. */
export const WAL_TEST_TEXT = 'an outlet quoted the ministry on who holds the embassy. '.repeat(8);

/** A store at `path` whose appends stay in its -wal until it closes (no checkpoint thread). */
export const openWithoutCheckpoints = (path: string): SqliteEventStore =>
  openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });

/** Appends events `{ n, text }` for n from `from`, one a transaction, over three streams. */
export async function appendNumbered(
  store: SqliteEventStore,
  from: number,
  count: number,
  text = WAL_TEST_TEXT,
): Promise<void> {
  for (let n = from; n < from + count; n++) await store.append(`claims-${n % 3}`, [newEvent({ n, text })]);
}

/** A store at `path` of `count` events, checkpointed into its file and with no -wal left. */
export async function closedStore(path: string, count: number, text = WAL_TEST_TEXT): Promise<void> {
  const store = openWithoutCheckpoints(path);
  await appendNumbered(store, 0, count, text);
  await store.close();
}

/** `more` events appended to the store at `path`, whose -wal is copied to `dest` before it closes. */
export async function walOfAppends(
  path: string,
  from: number,
  more: number,
  dest: string,
  text = WAL_TEST_TEXT,
): Promise<void> {
  const store = openWithoutCheckpoints(path);
  try {
    await appendNumbered(store, from, more, text);
    if ((statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0) === 0)
      throw new Error(`walOfAppends: the appends to ${path} left no -wal to copy`);
    copyFileSync(`${path}-wal`, dest);
  } finally {
    await store.close();
  }
}

/**
 * `dir/name.sqlite`, a store of 20 events (0..19, at positions 1..20) with the -wal of another store
 * made alike beside it, which appended 5 more; the other store is `dir/name-other.sqlite`.
 */
export async function storeWithOthersWal(dir: string, name: string, text = WAL_TEST_TEXT): Promise<string> {
  const path = join(dir, `${name}.sqlite`);
  const other = join(dir, `${name}-other.sqlite`);
  await closedStore(path, 20, text);
  await closedStore(other, 20, text);
  await walOfAppends(other, 20, 5, `${path}-wal`, text);
  return path;
}

/**
 * `dir/name.sqlite`, a copy of a store taken at 20 events, with the -wal the store wrote later beside
 * it: 30 events were appended and checkpointed after the copy, then 5 more into that -wal. The store
 * itself is `dir/name-live.sqlite`.
 */
export async function olderCopyWithLaterWal(dir: string, name: string): Promise<string> {
  const path = join(dir, `${name}.sqlite`);
  const live = join(dir, `${name}-live.sqlite`);
  await closedStore(live, 20);
  copyFileSync(live, path);
  const later = openWithoutCheckpoints(live);
  await appendNumbered(later, 20, 30);
  await later.close();
  await walOfAppends(live, 50, 5, `${path}-wal`);
  return path;
}
