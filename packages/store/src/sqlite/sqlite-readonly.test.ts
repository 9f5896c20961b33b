import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../port/errors.js';
import { openSqliteStore } from './sqlite-event-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function storeWithEvents(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kb-ro-'));
  dirs.push(dir);
  const path = join(dir, 'events.sqlite');
  const store = openSqliteStore({ path });
  await store.append('s-1', [{ id: 'e-1', type: 'T', version: 1, data: { n: 1 } }], {
    expectedRevision: 'no_stream',
  });
  await store.append('s-2', [{ id: 'e-2', type: 'T', version: 1, data: { n: 2 } }], {
    expectedRevision: 'no_stream',
  });
  await store.close();
  // Fold the WAL into the main file so the file's bytes are the whole store.
  const db = new BetterSqlite3(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return path;
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('SQLite store opened read-only', () => {
  it('verifies without changing a byte of the file, and refuses appends', async () => {
    const path = await storeWithEvents();
    const before = digest(path);
    const store = openSqliteStore({ path, readonly: true });
    const report = await store.verify();
    expect(report).toMatchObject({ ok: true, checked: 2 });
    await expect(
      store.append('s-3', [{ id: 'e-3', type: 'T', version: 1, data: {} }]),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
    expect(digest(path)).toBe(before);
  });

  it('does not create a file that is not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-ro-'));
    dirs.push(dir);
    expect(() => openSqliteStore({ path: join(dir, 'missing.sqlite'), readonly: true })).toThrow(
      StoreUnavailableError,
    );
  });

  it('names a file that is not an event file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-ro-'));
    dirs.push(dir);
    const path = join(dir, 'other.sqlite');
    const db = new BetterSqlite3(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openSqliteStore({ path, readonly: true })).toThrow(/not a knowledge-base event file/);
  });
});
