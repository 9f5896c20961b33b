import { statSync, truncateSync } from 'node:fs';
import { holdFileOrThrow } from '@kb/store';
import { type PrivateCopy, privateCopy } from './private-copy.js';

// A store file cut short by whole pages (a copy that stopped early, a truncated disk image) is
// refused by SQLite altogether: its header records more pages than the file holds, so no query runs,
// not even on the pages that are all there. For `kb verify` to name the first event lost, it reads a
// private copy padded with zeros to the length the header records: a page past the cut then reads
// as damaged where the walk meets it, and the tables whose first pages were cut (often the read
// models' indexes, written last) do not stop the rest being read. The file itself is never written.

/** How a file's length falls short of the one its SQLite header records. */
export interface CutShort {
  /** The length the header records: its page count times its page size. */
  readonly recordedBytes: number;
  readonly actualBytes: number;
}

/**
 * A private copy of a file that is cut short, padded with zeros to the length its header records,
 * so that SQLite reads every page left. null when the file is not cut short.
 */
export function readableCopyOfCutFile(path: string): (PrivateCopy & CutShort) | null {
  const header = readHeader(path);
  if (header === null) return null;
  const actualBytes = statSync(path).size;
  const recordedBytes = header.pageCount * header.pageSize;
  if (actualBytes >= recordedBytes) return null;
  const copy = privateCopy(path);
  try {
    truncateSync(copy.path, recordedBytes);
  } catch (error) {
    copy.remove();
    throw error;
  }
  return { ...copy, recordedBytes, actualBytes };
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
  // Through the descriptor held for the store file: one of its own, closed, would drop the locks of
  // any connection this process has open to it (held-file.ts in @kb/store).
  const file = holdFileOrThrow(path);
  try {
    if (file.read(header, 0, 100, 0) < 100) return null;
  } finally {
    file.release();
  }
  if (header.toString('latin1', 0, 16) !== MAGIC) return null;
  const size = header.readUInt16BE(PAGE_SIZE_AT);
  const pageSize = size === 1 ? 65_536 : size;
  // The count is only kept up to date by writers that also set "version-valid-for" to the change
  // counter; an older writer's count is not one SQLite trusts, nor one to judge the length by.
  if (header.readUInt32BE(VALID_FOR_AT) !== header.readUInt32BE(CHANGE_COUNTER_AT)) return null;
  return { pageSize, pageCount: header.readUInt32BE(PAGE_COUNT_AT) };
}
