import { openSqliteStore, type SqliteEventStore } from '@kb/store';
import type { Output } from '../commands/output.js';
import { namingOriginal, privateCopy, refusedWriting, writeProtection } from './private-copy.js';

/**
 * Runs `use` on the embedded file opened read-only: looking at the evidence must not change it (no
 * read models are brought up to date, nothing is migrated). Where SQLite cannot read the file in
 * place (a write-ahead-logged file in a folder nobody may write), a byte-for-byte private copy is
 * used instead, and `out` is told so.
 */
export async function withReadOnlyFile<T>(
  path: string,
  out: Output,
  use: (store: SqliteEventStore) => Promise<T>,
  /** What the command does with the copy, for the notice: "checks", "reads". */
  verb = 'reads',
): Promise<T> {
  // Not even opened read-only in place when its mode lets nobody write: as root, SQLite would make
  // its shared-memory file beside it all the same.
  if (writeProtection(path) === undefined) {
    try {
      return await readOnly(path, use);
    } catch (error) {
      if (!refusedWriting(error)) throw error;
    }
  }
  const copy = privateCopy(path);
  try {
    out.error(
      `kb: ${path} cannot be read in place here, so this ${verb} a private copy of it, byte for byte`,
    );
    return await readOnly(copy.path, use);
  } catch (error) {
    throw namingOriginal(error, copy, path);
  } finally {
    copy.remove();
  }
}

async function readOnly<T>(path: string, use: (store: SqliteEventStore) => Promise<T>): Promise<T> {
  const store = openSqliteStore({ path, readonly: true });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
