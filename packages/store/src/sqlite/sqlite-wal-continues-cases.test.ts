import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { StoreUnavailableError } from '../port/errors.js';
import type { FileHead } from './sqlite-file-head.js';
import { headRead, type LiveWal, storeWithLiveWal } from './sqlite-file-head-testing.js';
import { sizeOf, type TempFolder, tempFolder } from './sqlite-test-files.js';
import { refuseWalNotContinuing, refuseWalNotOwn } from './sqlite-wal-continues.js';

// The cases of the -wal check (sqlite-wal-continues.ts) the refusals of whole files did not reach:
// heads a -wal of the store's own continues (one the file already holds whole, a store with no event
// yet in the file), each way the log read through the -wal can fail to continue the file's head, and
// the second and third readings of the file's head (refuseWalNotOwn).

let folder: TempFolder;
let live: LiveWal;
let probe: BetterSqlite3.Database;
let path: string;
/** The head of the file alone: 20 events; the -wal adds 5. */
let inFile: FileHead;
/** The head read through the -wal: 25 events. */
let throughWal: FileHead;

beforeEach(async () => {
  folder = tempFolder('kb-wal-cases-');
  live = await storeWithLiveWal(folder);
  ({ path, probe, inFile } = live);
  throughWal = headRead(probe);
  expect(throughWal.count).toBe(25);
});
afterEach(async () => {
  await live.close();
  folder.remove();
});

/** Runs `sql` on the live store's file beside the writer: it goes to the -wal, which the writer keeps. */
function changeThroughWal(sql: string): void {
  const raw = new BetterSqlite3(path);
  raw.exec(sql);
  raw.close();
  expect(sizeOf(`${path}-wal`)).toBeGreaterThan(0);
}

const check = (file: FileHead) => () => refuseWalNotContinuing(probe, file, 'kb.sqlite-wal');

describe('a -wal the check accepts', () => {
  it("is the store's own, with the file's head continued", () => {
    expect(check(inFile)).not.toThrow();
  });

  it('is one whose every page the file already holds: the file ends where the log does', () => {
    expect(check(throughWal)).not.toThrow();
  });

  it('is the first appends of a store whose file holds no event yet', () => {
    expect(check({ count: 0, lastPosition: 0, lastHash: GENESIS_HASH })).not.toThrow();
  });
});

describe('a -wal the check refuses, saying what breaks', () => {
  it('holds fewer events than the file', () => {
    expect(check({ ...throughWal, count: 30, lastPosition: 30 })).toThrow(
      "read through that log the store holds 25 events, fewer than the file's 30",
    );
  });

  it('has no event at the position the file ends at', () => {
    expect(check({ ...inFile, lastPosition: 40 })).toThrow('read through that log there is no event at 40');
    changeThroughWal('DELETE FROM events WHERE position = 20');
    expect(check(inFile)).toThrow('read through that log there is no event at 20');
  });

  it('has no head row', () => {
    changeThroughWal('DELETE FROM head');
    expect(check(inFile)).toThrow('read through that log the store has no head row');
  });

  it.each([
    ['count', 'UPDATE head SET count = count + 1'],
    ['last position', 'UPDATE head SET last_position = last_position + 1'],
    ['last hash', "UPDATE head SET last_hash = 'not the last event''s hash'"],
  ])('has a head row whose %s is not where the log ends', (_field, sql) => {
    changeThroughWal(sql);
    expect(check(inFile)).toThrow('read through that log the head row (');
  });

  it('leaves a failure that is not damage to the caller, not named a foreign -wal', () => {
    changeThroughWal('DROP TABLE events');
    let thrown: unknown;
    try {
      check(inFile)();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(StoreUnavailableError);
    expect(String(thrown)).toContain('no such table: events');
  });
});

/** A reader of the file's head giving `heads` in turn, then the last one for ever. */
function readings(...heads: FileHead[]): () => FileHead {
  let next = 0;
  return () => heads[Math.min(next++, heads.length - 1)]!;
}

describe('the file head read again when the check refuses', () => {
  const torn = (): FileHead => ({ ...inFile, lastHash: '7'.repeat(64) });
  const foreign = (): FileHead => ({ ...inFile, lastHash: '9'.repeat(64) });

  it('refuses when the second and third readings agree on a head the -wal does not continue', () => {
    expect(() => refuseWalNotOwn(probe, path, readings(torn(), foreign()))).toThrow(StoreUnavailableError);
  });

  it('takes a second reading that differs only in the count as another head, and checks it', () => {
    const counted = { ...inFile, count: inFile.count + 1 };
    expect(() => refuseWalNotOwn(probe, path, readings(counted, inFile))).not.toThrow();
  });
});
