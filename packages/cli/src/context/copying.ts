import { type BigIntStats, chmodSync, copyFileSync, existsSync, statSync } from 'node:fs';
import { type HeldFile, holdFileOrThrow } from '@kb/store';
import Database from 'better-sqlite3';
import { protectedFolder, storeFile } from './write-protection.js';

// A private copy is the store file and, beside it, its write-ahead log, copied byte for byte (so a
// damaged page reads as damaged in the copy, and the copy's chain and head are the store's). Another
// process may be writing the store meanwhile (a kb ingest beside a dry run): a checkpoint between
// the two copies moves the log into the file and empties the log, and the copy pairs a file from
// before it with a log from after it, which SQLite calls malformed.
//
// So, when a connection has the store open (its -shm file is there), the two are copied while a
// read-only connection holds a read transaction on the store. While
// it is held, no writer can restart or empty the log, and a checkpoint only moves into the file
// pages the log still holds (and the copy's log replays over them), so the file and the log copied
// give the store as of that transaction or later, never a mix. Where no connection has it open, or
// SQLite cannot hold one (the store cannot be read in place, as in a folder nobody may write, or is
// too damaged to open), the files are copied plainly and copied again if either changed meanwhile.

/**
 * Copies `store` and its write-ahead log, when there is one, to `copy` and `${copy}-wal`: through a
 * symbolic link, the file it names and the log beside that file, which SQLite would read.
 */
export function copyAtOneMoment(store: string, copy: string): void {
  const path = storeFile(store);
  // The file is read through the descriptor the store package holds for it (holdFile), from before
  // the snapshot's connection opens until after it closes: copyFileSync's own descriptor, closed,
  // would drop the locks of every connection this process has open to the file, the snapshot's too.
  for (let attempt = 1; ; attempt++) {
    const file = holdFileOrThrow(path);
    try {
      copyHeld(store, path, file, copy);
      // A store file replaced meanwhile (moved over by another one) is copied again, the new one.
      if (file.isAt(path)) return;
    } finally {
      file.release();
    }
    if (attempt === ATTEMPTS) throw new Error(`the file was replaced while it was copied, ${ATTEMPTS} times`);
  }
}

function copyHeld(store: string, path: string, file: HeldFile, copy: string): void {
  // The store is opened in place only when its shared-memory file is there already: then a
  // connection has it open in write-ahead-log mode, maybe a writer, and the snapshot makes no file,
  // only taking its turn in the shared memory as any reader does. Without one, no connection has the
  // store open to write it, and opening it would leave a -shm and an empty -wal beside it (a
  // read-only connection cannot remove them): the store is not to change, so it is copied plainly,
  // and copied again should a writer open it meanwhile. As root, that holds for a store whose mode
  // lets nobody write as well, which root may still write. But in a folder whose mode lets nobody
  // write, kept exactly as it is, a -shm (copied with the evidence, or left by a writer killed) is
  // not opened: as root, a reader's connection would write its turn into it.
  const inPlace = existsSync(`${path}-shm`) && protectedFolder(store) === undefined;
  const snapshot = inPlace ? holdSnapshot(path) : null;
  if (snapshot !== null) {
    try {
      copyFiles(path, file, copy);
    } finally {
      snapshot.release();
    }
    return;
  }
  for (let attempt = 1; ; attempt++) {
    const before = stamps(path);
    copyFiles(path, file, copy);
    if (sameStamps(before, stamps(path))) return;
    if (attempt === ATTEMPTS)
      throw new Error(`the file or its write-ahead log changed while it was copied, ${ATTEMPTS} times`);
  }
}

const ATTEMPTS = 5;

function copyFiles(path: string, file: HeldFile, copy: string): void {
  // The copies are this process's own, so it may write them.
  file.copyTo(copy);
  chmodSync(copy, 0o600);
  // Committed events may still sit in the log beside the file; SQLite replays it on opening the copy.
  // SQLite holds no lock on the log file itself (its locks are on the -shm), so it is copied plainly.
  if (existsSync(`${path}-wal`)) {
    copyFileSync(`${path}-wal`, `${copy}-wal`);
    chmodSync(`${copy}-wal`, 0o600);
  }
}

/** A read transaction held on `path` through a read-only connection; null where none can be. */
function holdSnapshot(path: string): { release(): void } | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
    db.exec('BEGIN');
    // A deferred transaction takes its snapshot at its first read.
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch {
    db?.close();
    return null;
  }
  const held = db;
  return {
    release: () => {
      try {
        held.exec('COMMIT');
      } finally {
        held.close();
      }
    },
  };
}

type Stamp = Pick<BigIntStats, 'ino' | 'size' | 'mtimeNs' | 'ctimeNs'> | null;

function stamps(path: string): [Stamp, Stamp] {
  const stamp = (file: string): Stamp => {
    const s = statSync(file, { bigint: true, throwIfNoEntry: false });
    return s === undefined ? null : { ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
  };
  return [stamp(path), stamp(`${path}-wal`)];
}

function sameStamps(a: [Stamp, Stamp], b: [Stamp, Stamp]): boolean {
  return a.every(
    (s, i) =>
      JSON.stringify(s, (_, v) => (typeof v === 'bigint' ? String(v) : v)) ===
      JSON.stringify(b[i], (_, v) => (typeof v === 'bigint' ? String(v) : v)),
  );
}
