import { closeSync, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { type PrivateCopy, privateCopy } from './private-copy.js';

// A store file cut short by whole pages (a copy that stopped early, a truncated disk image) is
// refused by SQLite altogether: its header records more pages than the file holds, so no query runs,
// not even on the pages that are all there. For `kb verify` to name the first event lost, it reads a
// private copy whose header records the pages the file still has; a row on a page past the cut then
// fails as a damaged page, where the walk stops. The file itself is never written.

/** How a file's length falls short of the one its SQLite header records. */
export interface CutShort {
  /** The length the header records: its page count times its page size. */
  readonly recordedBytes: number;
  readonly actualBytes: number;
}

/** Whether `path` is an SQLite file shorter than its header says, and by how much; null if not. */
export function cutShort(path: string): CutShort | null {
  const header = readHeader(path);
  if (header === null) return null;
  const actualBytes = statSync(path).size;
  const recordedBytes = header.pageCount * header.pageSize;
  return actualBytes < recordedBytes ? { recordedBytes, actualBytes } : null;
}

/**
 * A private copy of a file that is cut short, ending at its last whole page, with the header's page
 * count set to match, so that SQLite reads every page left. null when the file is not cut short.
 */
export function readableCopyOfCutFile(path: string): (PrivateCopy & CutShort) | null {
  const cut = cutShort(path);
  const header = readHeader(path);
  if (cut === null || header === null) return null;
  const copy = privateCopy(path);
  try {
    const pages = Math.floor(cut.actualBytes / header.pageSize);
    truncateSync(copy.path, pages * header.pageSize);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(pages);
    const fd = openSync(copy.path, 'r+');
    try {
      writeSync(fd, count, 0, 4, PAGE_COUNT_AT);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    copy.remove();
    throw error;
  }
  return { ...copy, ...cut };
}

const MAGIC = 'SQLite format 3\0';
/** Offsets in the 100-byte header (sqlite.org/fileformat.html, "The Database Header"). */
const PAGE_SIZE_AT = 16;
const CHANGE_COUNTER_AT = 24;
const PAGE_COUNT_AT = 28;
const VALID_FOR_AT = 92;

/** The page size and the page count the header records, when the count is one SQLite trusts. */
function readHeader(path: string): { pageSize: number; pageCount: number } | null {
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return null;
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== MAGIC) return null;
  const size = header.readUInt16BE(PAGE_SIZE_AT);
  const pageSize = size === 1 ? 65_536 : size;
  // The count is only kept up to date by writers that also set "version-valid-for" to the change
  // counter; an older writer's count is not one SQLite trusts, nor one to judge the length by.
  if (header.readUInt32BE(VALID_FOR_AT) !== header.readUInt32BE(CHANGE_COUNTER_AT)) return null;
  return { pageSize, pageCount: header.readUInt32BE(PAGE_COUNT_AT) };
}
