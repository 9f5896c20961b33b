import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../contract/contract-context.js';
import { StoreUnavailableError } from '../port/errors.js';
import {
  appendNumbered,
  closedStore,
  olderCopyWithLaterWal,
  openWithoutCheckpoints,
  storeWithOthersWal,
} from '../testing/foreign-wal.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { sizeOf, type TempFolder, tempFolder } from './sqlite-test-files.js';
import { WalNotOwnError } from './sqlite-wal-continues.js';

// A read-only open (kb verify, kb log) never checkpoints, so a -wal that is not the file's own could
// not be written into the file there; but it was read through without a look, and the log it showed
// mixed two files' pages: another store's events after the file's own, a broken link, or damage, in
// a file that alone is intact. A read-only open now refuses such a -wal as a writable one does,
// naming it and the head the file alone holds, and the store's own -wal is read as ever.

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder('kb-wal-not-own-ro-');
});
afterEach(() => folder.remove());

const openReadOnly = (path: string) => openSqliteStore({ path, readonly: true });

/** Opens `path` read-only, expecting a refusal; the file and its -wal must be byte for byte as they were. */
async function readOnlyRefusal(path: string): Promise<WalNotOwnError> {
  const file = readFileSync(path);
  const wal = readFileSync(`${path}-wal`);
  let refusal: unknown;
  try {
    await openReadOnly(path).close();
  } catch (error) {
    refusal = error;
  }
  expect(readFileSync(path).equals(file)).toBe(true);
  expect(readFileSync(`${path}-wal`).equals(wal)).toBe(true);
  expect(refusal).toBeInstanceOf(StoreUnavailableError);
  const cause = (refusal as Error).cause;
  expect(cause).toBeInstanceOf(WalNotOwnError);
  return cause as WalNotOwnError;
}

describe('a read-only open beside a -wal that is not the file own', () => {
  it("refuses another store's -wal, naming it and where the file alone ends", async () => {
    const path = await storeWithOthersWal(folder.dir, 'a');
    const refusal = await readOnlyRefusal(path);
    expect(refusal.wal).toBe('a.sqlite-wal');
    expect(refusal.fileHead).toMatchObject({ count: 20, lastPosition: 20 });
    expect(refusal.found).toBe(
      "the event at 21 does not follow the one at 20 (its previous-hash is not that event's hash)",
    );
    expect(refusal.message).toContain(
      'the write-ahead log beside it, a.sqlite-wal, does not continue the log',
    );
  });

  it('refuses the later -wal beside an older copy, which SQLite reads as damage', async () => {
    const path = await olderCopyWithLaterWal(folder.dir, 'backup');
    const refusal = await readOnlyRefusal(path);
    expect(refusal.fileHead).toMatchObject({ count: 20, lastPosition: 20 });
    expect(refusal.found).toMatch(/^SQLite cannot read the log after position 20 \(/);
  });
});

describe("a read-only open beside the store's own -wal", () => {
  it('reads and verifies every event, the writer still appending into its -wal', async () => {
    const path = folder.fresh('own');
    await closedStore(path, 20);
    const writer = openWithoutCheckpoints(path);
    try {
      await appendNumbered(writer, 20, 10);
      // The appends lie in the -wal alone: the look walks them.
      expect(sizeOf(`${path}-wal`)).toBeGreaterThan(0);
      const reader = openReadOnly(path);
      try {
        const events = await collect(reader.readAll());
        expect(events.map((e) => (e.data as { n: number }).n)).toEqual(
          Array.from({ length: 30 }, (_, n) => n),
        );
        expect(await reader.verify()).toMatchObject({ ok: true, checked: 30 });
      } finally {
        await reader.close();
      }
    } finally {
      await writer.close();
    }
  });
});
