// Closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's too. A
// connection in WAL mode keeps a shared lock on the store file while it is open (so the last one of
// all to close knows it is last, and removes the -wal); reading the file beside it must leave that
// lock where it is. Linux lists the locks in /proc/locks; CI runs there.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { descriptorsOn, locksOn } from '../testing/file-locks.js';
import { heldFileCount, holdFile, holdFileOrThrow } from './held-file.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { headInFile } from './sqlite-file-head.js';
import { tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-held-file-');
afterAll(() => folder.remove());

describe.runIf(existsSync('/proc/locks'))('the store file read beside open connections', () => {
  it("keeps the connection's lock on the file through a read of the file alone", async () => {
    const path = folder.fresh('head');
    const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
    try {
      await store.append('s-1', [newEvent('a')]);
      // Into the file, so that read alone it holds the head.
      store.database.pragma('wal_checkpoint(TRUNCATE)');
      const before = locksOn(path);
      // The premise: an open connection in WAL mode holds a lock on the file.
      expect(before.length).toBeGreaterThan(0);
      expect(headInFile(path)).toMatchObject({ count: 1, lastPosition: 1 });
      expect(locksOn(path)).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it('keeps it while a second store opens on the file beside its -wal, and after that one closes', async () => {
    const path = folder.fresh('second');
    const first = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
    try {
      await first.append('s-1', [newEvent('a')]);
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      const before = locksOn(path);
      expect(before.length).toBeGreaterThan(0);
      // A writable open with a -wal beside the file probes it and reads the file alone first.
      const second = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
      await second.append('s-2', [newEvent('b')]);
      await second.close();
      expect(locksOn(path)).toEqual(before);
      await first.append('s-1', [newEvent('c')], { expectedRevision: 0 });
    } finally {
      await first.close();
    }
  });

  it('holds one descriptor for the file whoever holds it, and closes it when the last lets go', async () => {
    const path = folder.fresh('count');
    const baseline = heldFileCount();
    const store = openSqliteStore({ path });
    await store.append('s-1', [newEvent('a')]);
    const a = holdFile(path)!;
    const b = holdFile(path)!;
    expect(descriptorsOn(path)).toBeGreaterThan(0);
    const withHolders = descriptorsOn(path);
    const header = Buffer.alloc(16);
    expect(a.read(header, 0, 16, 0)).toBe(16);
    expect(header.toString('latin1')).toBe('SQLite format 3\0');
    a.release();
    a.release();
    b.release();
    // SQLite's own descriptors stay while the store is open; the held one, shared, did not add more.
    expect(descriptorsOn(path)).toBe(withHolders);
    await store.close();
    expect(heldFileCount()).toBe(baseline);
    expect(descriptorsOn(path)).toBe(0);
  });

  it('copies the file byte for byte, and tells when its path names another file', async () => {
    const path = folder.fresh('copy');
    const store = openSqliteStore({ path });
    await store.append('s-1', [newEvent('a')]);
    await store.close();
    const file = holdFile(path)!;
    try {
      file.copyTo(`${path}.copy`);
      expect(readFileSync(`${path}.copy`).equals(readFileSync(path))).toBe(true);
      expect(statSync(`${path}.copy`).mode & 0o777).toBe(0o600);
      expect(file.isAt(path)).toBe(true);
      expect(file.isAt(`${path}.copy`)).toBe(false);
      expect(file.isAt(`${path}.missing`)).toBe(false);
    } finally {
      file.release();
    }
    expect(holdFile(`${path}.missing`)).toBeUndefined();
    // A file that must be read says why it cannot be.
    expect(() => holdFileOrThrow(`${path}.missing`)).toThrow(/ENOENT/);
    expect(holdFile(':memory:')).toBeUndefined();
    // A named pipe in the file's place is refused at once, not waited on for a writer.
    const pipe = `${path}.pipe`;
    execFileSync('mkfifo', [pipe]);
    expect(holdFile(pipe)).toBeUndefined();
    expect(() => holdFileOrThrow(pipe)).toThrow(/is not a regular file/);
  });
});
