// A descriptor of the store file, kept open while this process has a connection to it. On POSIX
// systems closing any descriptor of a file drops every lock the process holds on it, SQLite's too:
// the shared lock each connection in WAL mode keeps on the file while it is open, by which the last
// connection of all to close knows that it is last (and checkpoints, then deletes the -wal and the
// -shm). SQLite keeps its own descriptors open for that reason; a read of the file beside it (the
// -wal check's reading of the file alone, sqlite-file-head.ts; a private copy's, packages/cli) must
// not open and close one of its own while a connection is open. Every such read goes through the
// one descriptor held here, opened by the first holder of the file and closed when the last lets go.
//
// Each SQLite connection the store opens holds the file for its lifetime (sqlite-open.ts; the
// threads' connections live within the store's), as does a private copy's snapshot; so a
// descriptor is closed only when none of them is open.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';

export interface HeldFile {
  /** Reads up to `length` bytes at `position` into `buffer` from `offset`; how many were read. */
  read(buffer: Buffer, offset: number, length: number, position: number): number;
  /** Copies the file, byte for byte, to a new file `to` (mode 0600), through the held descriptor. */
  copyTo(to: string): void;
  /** Whether `path` still names the held file (not removed, nor replaced by another). */
  isAt(path: string): boolean;
  /** Lets go of the file; the descriptor is closed once no holder is left. Once only counts. */
  release(): void;
}

interface Entry {
  /** Where `held` keeps it. */
  readonly key: string;
  /** The descriptors opened for this file: one, unless the path was swapped while it was opened. */
  readonly fds: number[];
  users: number;
}

/** Held files by device and inode: one file under two names is held once. */
const held = new Map<string, Entry>();

const identity = (s: { dev: number; ino: number }): string => `${s.dev}:${s.ino}`;

/**
 * Holds the file at `path` for reading, reusing the descriptor already held for it. Undefined for a
 * database with no file (`:memory:`, a temporary one) and where the file cannot be opened (missing,
 * unreadable): the caller then has nothing to read, as before it asked.
 */
export function holdFile(path: string): HeldFile | undefined {
  if (path === '' || path === ':memory:') return undefined;
  try {
    return holdFileOrThrow(path);
  } catch {
    return undefined;
  }
}

/** holdFile for a file that must be read: where it cannot be opened, the error opening it says why. */
export function holdFileOrThrow(path: string): HeldFile {
  const seen = statSync(path, { throwIfNoEntry: false });
  let entry = seen === undefined ? undefined : held.get(identity(seen));
  if (entry === undefined) {
    // Without waiting: a named pipe in the file's place would block the open until a writer came.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      // Not the store's file, so closing this descriptor drops no lock of SQLite's.
      closeSync(fd);
      throw new Error(`${path} is not a regular file`);
    }
    const key = identity(stats);
    entry = held.get(key);
    // The path named another file when it was looked at: this descriptor may not be closed while
    // that file's holder stays, so it is kept with it.
    if (entry !== undefined) entry.fds.push(fd);
    else {
      entry = { key, fds: [fd], users: 0 };
      held.set(key, entry);
    }
  }
  entry.users++;
  return handle(entry);
}

function handle(entry: Entry): HeldFile {
  const fd = entry.fds[0]!;
  let released = false;
  return {
    read: (buffer, offset, length, position) => readSync(fd, buffer, offset, length, position),
    copyTo: (to) => copyThrough(fd, to),
    isAt: (path) => {
      const now = statSync(path, { throwIfNoEntry: false });
      return now !== undefined && identity(now) === identity(fstatSync(fd));
    },
    release: () => {
      if (released) return;
      released = true;
      entry.users--;
      if (entry.users > 0) return;
      held.delete(entry.key);
      for (const each of entry.fds) closeSync(each);
    },
  };
}

const CHUNK = 1 << 20;

function copyThrough(fd: number, to: string): void {
  const out = openSync(to, 'w', 0o600);
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let position = 0; ; ) {
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) break;
      for (let written = 0; written < read; ) written += writeSync(out, buffer, written, read - written);
      position += read;
    }
  } finally {
    // The copy is another file: closing its descriptor drops no lock on the store.
    closeSync(out);
  }
}

/** How many files this process holds now (for tests). */
export function heldFileCount(): number {
  return held.size;
}
