// Whether a store path holds a knowledge base to read, and how to name it when it does not: the
// read commands' refusal of a missing or empty file.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { holdFile } from '@kb/store';
import { CliError } from './cli-error.js';
import { storeFile } from './write-protection.js';

/**
 * For the commands that only read (and verify, log, rebuild): a store file to read, or one line
 * saying there is none. A missing file is not made, and neither is an empty one turned into a new
 * store (only kb ingest and kb demo make one). An empty file with a write-ahead log beside it may
 * hold a store whose pages are all still in the log, so it is opened.
 */
export function requireKnowledgeBase(store: string): void {
  const first =
    'ingest something first (kb ingest FILE, or npm start for the bundled dataset), or name another with --store PATH';
  if (!existsSync(store))
    throw new CliError(
      `no knowledge base at ${whereIs(store, process.cwd(), process.env['INIT_CWD'])}: ${first}`,
    );
  const empty = emptiness(store);
  if (empty !== null) throw new CliError(`no knowledge base in ${store}, ${empty}: ${first}`);
}

/**
 * A store path as the user gave it and, when relative, the file it names. Run through npm (`npm run
 * kb`, `npm --prefix DIR`), kb runs in the package's folder, not the user's, so a relative path is
 * read from there; npm keeps the user's folder in INIT_CWD, and the path from it is given too.
 */
export function whereIs(store: string, cwd: string, initCwd: string | undefined): string {
  if (isAbsolute(store)) return store;
  const here = resolve(cwd, store);
  if (initCwd === undefined || initCwd === '' || resolve(initCwd) === resolve(cwd))
    return `${store} (${here})`;
  return `${store} (${here}: npm runs kb in ${cwd}, so a relative path is read from there; from ${initCwd} it is ${resolve(initCwd, store)})`;
}

/**
 * How an existing store file holds nothing, for the message: empty, or a SQLite file of one page with
 * no table at all, as a store whose making was cut short leaves it (the write-ahead mode is set
 * before the tables are made); null when it holds something, or its write-ahead log may.
 */
function emptiness(store: string): string | null {
  const size = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size(`${storeFile(store)}-wal`) > 0) return null;
  const bytes = size(store);
  if (bytes === 0) return 'an empty file';
  return bytes <= 65_536 && isTablelessSqlite(firstBytes(store, bytes))
    ? 'a SQLite file with no tables (a store whose making was cut short, it may be)'
    : null;
}

/**
 * The file's first `length` bytes, read through the descriptor held for the store file: one of its
 * own, closed, would drop the locks of any connection this process has open to it (held-file.ts in
 * @kb/store). Empty when it cannot be read.
 */
function firstBytes(path: string, length: number): Buffer {
  const file = holdFile(path);
  if (file === undefined) return Buffer.alloc(0);
  try {
    const bytes = Buffer.alloc(length);
    return bytes.subarray(0, file.read(bytes, 0, length, 0));
  } finally {
    file.release();
  }
}

/** A SQLite file of one page whose schema table (the b-tree on page 1) holds no row. */
function isTablelessSqlite(file: Buffer): boolean {
  if (file.length < 108 || file.toString('latin1', 0, 16) !== 'SQLite format 3\0') return false;
  const pageSize = file.readUInt16BE(16) === 1 ? 65_536 : file.readUInt16BE(16);
  // Page 1's b-tree header follows the 100-byte file header: a table leaf (13) with no cell.
  return file.length === pageSize && file[100] === 13 && file.readUInt16BE(103) === 0;
}
