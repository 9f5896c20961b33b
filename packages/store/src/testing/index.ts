// What tests in this and later packages borrow from the store's own: child processes run through
// tsx, their output read line by line (for crash and concurrency tests); the locks and descriptors
// this process holds on a file.

export { failQuickCheck } from './failing-quick-check.js';
export { descriptorsOn, locksOn } from './file-locks.js';
export {
  appendNumbered,
  closedStore,
  olderCopyWithLaterWal,
  openWithoutCheckpoints,
  storeWithOthersWal,
  WAL_TEST_TEXT,
  walOfAppends,
} from './foreign-wal.js';
export { type RowChanges, rewriteRow } from './rewrite-row.js';
export { type Child, runChild } from './run-child.js';
export { type HeldWriteLock, writeLockOnThread } from './write-lock-thread.js';
export { lastLeafPage, rootPage, zeroPage } from './zero-page.js';
