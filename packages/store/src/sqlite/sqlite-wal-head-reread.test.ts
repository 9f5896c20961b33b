import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../port/errors.js';
import type { FileHead } from './sqlite-file-head.js';
import { type LiveWal, storeWithLiveWal } from './sqlite-file-head-testing.js';
import { type TempFolder, tempFolder } from './sqlite-test-files.js';
import { refuseWalNotOwn } from './sqlite-wal-continues.js';

// The head the -wal check compares with is read from the file's bytes without SQLite's locks, so a
// process checkpointing its own live -wal into the file meanwhile can show it a page half written.
// A head read so must not make the store's own -wal look foreign (the refusal says to move the -wal
// away, which would lose what it holds): the check believes a head only when it reads it twice.

let folder: TempFolder;
let live: LiveWal;
let probe: BetterSqlite3.Database;
let real: FileHead;

beforeEach(async () => {
  folder = tempFolder('kb-wal-reread-');
  // A live writer whose appends lie only in its -wal.
  live = await storeWithLiveWal(folder);
  ({ probe, inFile: real } = live);
});
afterEach(async () => {
  await live.close();
  folder.remove();
});

/** A head as a page caught half written could show it: the file's position with another hash. */
const torn = (n: number): FileHead => ({ ...real, lastHash: String(n).repeat(64).slice(0, 64) });

/** A reader of the file's head giving `heads` in turn, then the last one for ever. */
function readings(...heads: (FileHead | undefined)[]): () => FileHead | undefined {
  let next = 0;
  return () => heads[Math.min(next++, heads.length - 1)];
}

describe('the -wal check reads the head in the file twice before it refuses', () => {
  it('accepts the store own -wal when the first reading was torn and the second is whole', () => {
    expect(() => refuseWalNotOwn(probe, live.path, readings(torn(1), real))).not.toThrow();
  });

  it('says nothing when the head never reads the same twice (a file being written to)', () => {
    expect(() =>
      refuseWalNotOwn(probe, live.path, readings(torn(1), torn(2), torn(3), torn(4))),
    ).not.toThrow();
  });

  it('refuses when the same head not continued by the -wal is read twice', () => {
    expect(() => refuseWalNotOwn(probe, live.path, readings(torn(7)))).toThrow(StoreUnavailableError);
  });

  it('accepts a whole head at once', () => {
    expect(() => refuseWalNotOwn(probe, live.path, readings(real))).not.toThrow();
  });
});
