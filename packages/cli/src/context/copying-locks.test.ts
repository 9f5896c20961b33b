// A private copy taken while this process has a connection open to the store (the store's own, or
// the snapshot the copy holds) reads the file through the descriptor the store package holds for it:
// copyFileSync's own, closed, dropped every POSIX lock the process held on the file, the shared lock
// by which SQLite's last connection to close knows it is last. Linux lists the locks; CI runs there.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import { locksOn } from '@kb/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { copyAtOneMoment } from './copying.js';

const dir = mkdtempSync(join(tmpdir(), 'kb-copy-locks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(existsSync('/proc/locks'))('a private copy beside an open connection', () => {
  it('leaves the connection its lock on the file, and copies what it holds', async () => {
    const path = join(dir, 'kb.sqlite');
    const store = openSqliteStore({ path, checkpointPages: Number.POSITIVE_INFINITY });
    try {
      await store.append('s-1', [{ id: 'e-1', type: 'Noted', version: 1, data: { n: 1 } }]);
      expect(statSync(`${path}-shm`).size).toBeGreaterThan(0);
      const before = locksOn(path);
      expect(before.length).toBeGreaterThan(0);
      const copy = join(dir, 'copy.sqlite');
      copyAtOneMoment(path, copy);
      expect(locksOn(path)).toEqual(before);
      const copied = openSqliteStore({ path: copy, readonly: true });
      try {
        expect(copied.headPosition()).toBe(1);
      } finally {
        await copied.close();
      }
    } finally {
      await store.close();
    }
  });
});
