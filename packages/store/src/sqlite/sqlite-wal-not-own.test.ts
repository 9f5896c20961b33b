import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../contract/contract-context.js';
import { StoreUnavailableError } from '../port/errors.js';
import {
  appendNumbered,
  closedStore as closedStoreAt,
  openWithoutCheckpoints,
  WAL_TEST_TEXT,
  walOfAppends,
} from '../testing/foreign-wal.js';
import { runChild } from '../testing/run-child.js';
import { headInFile } from './sqlite-file-head.js';
import { sizeOf, type TempFolder, tempFolder } from './sqlite-test-files.js';

// SQLite checks a -wal only against itself, never against the file beside it. A -wal of another kb
// store, or one this store wrote after an older copy of its file was taken (a backup put back with
// the later -wal left beside it), was applied without a word, and the first writable connection to
// close checkpointed the mix of two files' pages into the file: a readable backup came out damaged,
// while kb said the file was damaged and to keep it as it was. The -wal must now continue the log
// the file alone holds; otherwise the open is refused, naming it, with both files left as they were.

let folder: TempFolder;
beforeEach(() => {
  folder = tempFolder('kb-wal-not-own-');
});
afterEach(() => folder.remove());

const open = openWithoutCheckpoints;

/** A fresh store `name-N.sqlite` of `count` events, checkpointed into its file and with no -wal left. */
async function closedStore(name: string, count: number, text = WAL_TEST_TEXT): Promise<string> {
  const path = folder.fresh(name);
  await closedStoreAt(path, count, text);
  return path;
}

/** Opens `path` for writing, expecting a refusal; the file and its -wal must be byte for byte as they were. */
async function refusalLeavingFiles(path: string): Promise<Error> {
  const file = readFileSync(path);
  const wal = readFileSync(`${path}-wal`);
  let refusal: unknown;
  try {
    // Opened, the store is closed before the files are compared: its close checkpoints the -wal.
    await open(path).close();
  } catch (error) {
    refusal = error;
  }
  expect(readFileSync(path).equals(file)).toBe(true);
  expect(readFileSync(`${path}-wal`).equals(wal)).toBe(true);
  expect(refusal).toBeInstanceOf(StoreUnavailableError);
  return refusal as Error;
}

/** With the -wal moved away, the store holds the events `0..count-1` and verifies. */
async function readsAsItWas(path: string, count: number): Promise<void> {
  rmSync(`${path}-wal`);
  rmSync(`${path}-shm`, { force: true });
  const store = open(path);
  try {
    expect((await collect(store.readAll())).map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: count }, (_, n) => n),
    );
    expect(await store.verify()).toMatchObject({ ok: true, checked: count });
  } finally {
    await store.close();
  }
}

describe('a -wal beside the store that is not its own', () => {
  it.each([
    // The other store's first event in its -wal on a page of its own: the file's last event is read
    // from the file, and the next from the -wal does not follow it.
    { events: 'of 450 bytes', text: WAL_TEST_TEXT, found: 'the event at 21 does not follow the one at 20' },
    // Small events: the page holding the file's last event is in the -wal too, as the other store's.
    { events: 'of a few bytes', text: '', found: 'the event at 20 has another hash (' },
  ])(
    "another store's -wal is refused, naming it, with the file and the -wal left as they were (events $events)",
    async ({ text, found }) => {
      // Two stores made alike, so their pages line up: the mix reads as a store, not as damage.
      const store = await closedStore('a', 20, text);
      const other = await closedStore('b', 20, text);
      await walOfAppends(other, 20, 5, `${store}-wal`, text);

      const refusal = await refusalLeavingFiles(store);
      expect(refusal.message).toContain(
        'the write-ahead log beside it, a-1.sqlite-wal, does not continue the log in the file',
      );
      expect(refusal.message).toContain('the file alone ends at position 20');
      expect(refusal.message).toContain(`read through that log ${found}`);
      expect(refusal.message).toContain('move a-1.sqlite-wal away, untouched, and run kb again');
      await readsAsItWas(store, 20);
    },
  );

  it("this store's later -wal beside an older copy of its file is refused, the copy left as it was", async () => {
    const path = await closedStore('live', 20);
    const backup = folder.copyOf(path, 'backup');
    // Appended and checkpointed after the copy was taken: the later -wal does not hold these pages.
    const later = open(path);
    await appendNumbered(later, 20, 30);
    await later.close();
    await walOfAppends(path, 50, 5, `${backup}-wal`);

    const refusal = await refusalLeavingFiles(backup);
    expect(refusal.message).toContain('backup-2.sqlite-wal, does not continue the log in the file');
    expect(refusal.message).toContain('the file alone ends at position 20');
    expect(refusal.message).toContain('read through that log SQLite cannot read the log after position 20');
    await readsAsItWas(backup, 20);
  });
});

describe("the store's own -wal after a crash", () => {
  it('is accepted after a writer is killed, and every append it reported is there', async () => {
    const path = folder.fresh('own');
    const writer = runChild(fileURLToPath(new URL('./sqlite-wal-writer.ts', import.meta.url)), [path]);
    expect(await writer.waitForLine((line) => line === 'committed 40')).toBe('committed 40');
    writer.process.kill('SIGKILL');
    const { signal } = await writer.exited;
    if (signal !== 'SIGKILL') throw new Error(`the writer ended without the kill: ${writer.stderr()}`);
    const reported = Number(writer.stdout.at(-1)!.split(' ')[1]);

    // The appends are in the -wal, not yet in the file: the file alone holds fewer (the check runs).
    expect(sizeOf(`${path}-wal`)).toBeGreaterThan(0);
    expect(headInFile(path)?.count ?? 0).toBeLessThan(reported);
    const store = open(path);
    try {
      const events = await collect(store.readAll());
      // Every reported append is there; one more may have committed before the kill.
      expect(events.length).toBeGreaterThanOrEqual(reported);
      expect(events.length).toBeLessThanOrEqual(reported + 1);
      expect(events.map((e) => (e.data as { n: number }).n)).toEqual(events.map((_, n) => n));
      expect(await store.verify()).toMatchObject({ ok: true, checked: events.length });
    } finally {
      await store.close();
    }
  }, 60_000);
});
