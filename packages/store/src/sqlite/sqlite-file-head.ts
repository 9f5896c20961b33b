// The chain head as the database file alone holds it, without the write-ahead log beside it, read
// from the file's bytes. SQLite reads a file through whatever -wal lies beside it; the one way it
// has to read the file alone, the URI parameter immutable=1, needs URI filenames, which the
// better-sqlite3 build leaves off (SQLITE_USE_URI=0, turned on only by an environment variable read
// once, which would make every --store beginning with `file:` a URI). The check of a -wal
// (sqlite-wal-continues.ts) needs only the head row, a few pages away: the file's header, the
// schema table's pages (one, nearly always) and the head table's single page.
//
// Anything this reader does not find as it expects (not a SQLite file, a text encoding other than
// UTF-8, no table `head`, a row of another shape, a page cut short or of an unknown kind) answers
// undefined: the caller then has nothing to compare, and says nothing.
import { holdFile } from './held-file.js';

export interface FileHead {
  readonly count: number;
  readonly lastPosition: number;
  readonly lastHash: string;
}

const MAGIC = 'SQLite format 3\0';
/** Deeper than any b-tree of a file SQLite can address; a loop of pages stops here too. */
const MAX_DEPTH = 24;
const LEAF = 0x0d;
const INTERIOR = 0x05;

/** The head row's count, last position and last hash in the file `path` alone, or undefined. */
export function headInFile(path: string): FileHead | undefined {
  // Through the descriptor held for the file (held-file.ts): one of its own, closed, would drop the
  // locks of every connection this process has open to it.
  const file = holdFile(path);
  if (file === undefined) return undefined;
  try {
    const header = Buffer.alloc(100);
    if (file.read(header, 0, 100, 0) < 100 || header.toString('latin1', 0, 16) !== MAGIC) return undefined;
    // The text encoding: 1 is UTF-8, which kb's files are; 0 in a file with no schema yet.
    if (header.readUInt32BE(56) !== 1) return undefined;
    const sizeField = header.readUInt16BE(16);
    const pageSize = sizeField === 1 ? 65536 : sizeField;
    const reader: PageReader = {
      usable: pageSize - header[20]!,
      page: (n) => {
        const page = Buffer.alloc(pageSize);
        if (file.read(page, 0, pageSize, (n - 1) * pageSize) !== pageSize) throw new Error('short page');
        return page;
      },
    };
    // sqlite_master: type, name, tbl_name, rootpage, sql.
    let root: unknown;
    eachRow(reader, 1, 4, (_rowid, [type, name, , rootpage]) => {
      if (type === 'table' && name === 'head') root = rootpage;
    });
    if (typeof root !== 'number') return undefined;
    // head: one (the rowid, stored as NULL), count, last_position, last_hash, and the id index's columns.
    let row: unknown[] | undefined;
    eachRow(reader, root, 4, (rowid, values) => {
      if (rowid === 1) row = values;
    });
    const [, count, lastPosition, lastHash] = row ?? [];
    if (typeof count !== 'number' || typeof lastPosition !== 'number' || typeof lastHash !== 'string')
      return undefined;
    return { count, lastPosition, lastHash };
  } catch {
    // A page cut short, out of range or of another shape (a file being written meanwhile included).
    return undefined;
  } finally {
    file.release();
  }
}

interface PageReader {
  /** The page size less the bytes each page reserves at its end. */
  readonly usable: number;
  /** Page `n` (from 1); throws when the file holds no whole page there. */
  page(n: number): Buffer;
}

/** Every row of the table b-tree at `root`, in key order: its rowid and its first `columns` values. */
function eachRow(
  reader: PageReader,
  root: number,
  columns: number,
  visit: (rowid: number, values: unknown[]) => void,
): void {
  const walk = (n: number, depth: number): void => {
    if (depth > MAX_DEPTH || !Number.isInteger(n) || n < 1) throw new Error('not a b-tree');
    const page = reader.page(n);
    const at = n === 1 ? 100 : 0; // page 1 starts with the file's header
    const kind = page[at];
    const cells = page.readUInt16BE(at + 3);
    const pointers = at + (kind === LEAF ? 8 : 12);
    for (let i = 0; i < cells; i++) {
      const cell = page.readUInt16BE(pointers + 2 * i);
      if (kind === INTERIOR) walk(page.readUInt32BE(cell), depth + 1);
      else if (kind === LEAF) {
        const [size, sizeLength] = varint(page, cell);
        const [rowid, rowidLength] = varint(page, cell + sizeLength);
        visit(rowid, record(payloadOf(reader, page, cell + sizeLength + rowidLength, size), columns));
      } else throw new Error('not a table b-tree page');
    }
    if (kind === INTERIOR) walk(page.readUInt32BE(at + 8), depth + 1);
  };
  walk(root, 0);
}

/**
 * The payload of `size` bytes starting at `start` on `page`, read as far as a caller asks: what lies
 * on the page, then, when that is not enough, the overflow pages it continues on, in the order of
 * their chain. Each overflow page begins with the number of the next (0 on the last), then holds
 * `usable - 4` bytes of the payload. A row of the schema table is one of these when a table's name
 * and CREATE SQL are long (a read model's, or a table of the user's own in the same file).
 */
function payloadOf(reader: PageReader, page: Buffer, start: number, size: number): Payload {
  const local = localSize(size, reader.usable);
  let bytes = page.subarray(start, start + local);
  if (bytes.length < local) throw new Error('cell beyond the page');
  let next = local < size ? page.readUInt32BE(start + local) : 0;
  const pages = new Set<number>();
  return (end) => {
    const want = Math.min(end, size);
    const parts = [bytes];
    let length = bytes.length;
    while (length < want) {
      // A chain pointing back into itself, or to no page, is a damaged file (or one being written).
      if (next < 2 || pages.has(next)) throw new Error('overflow chain broken');
      pages.add(next);
      const overflow = reader.page(next);
      next = overflow.readUInt32BE(0);
      const part = overflow.subarray(4, 4 + Math.min(reader.usable - 4, size - length));
      parts.push(part);
      length += part.length;
    }
    if (parts.length > 1) bytes = Buffer.concat(parts);
    return bytes;
  };
}

/** A row's payload: at least its first `end` bytes (all of it when it is shorter), read on demand. */
type Payload = (end: number) => Buffer;

/** How much of a table leaf cell's payload of `size` bytes lies on its page (the rest overflows). */
function localSize(size: number, usable: number): number {
  const most = usable - 35;
  if (size <= most) return size;
  const least = Math.floor(((usable - 12) * 32) / 255) - 23;
  const fit = least + ((size - least) % (usable - 4));
  return fit <= most ? fit : least;
}

/**
 * The first `columns` values of a record, reading only as much of `payload` as they take (its
 * header, then the values up to the last asked for); throws when one lies beyond the payload.
 */
function record(payload: Payload, columns: number): unknown[] {
  const [headerSize, first] = varint(payload(9), 0);
  const header = payload(headerSize);
  const types: number[] = [];
  for (let at = first; at < headerSize && types.length < columns; ) {
    const [type, length] = varint(header, at);
    types.push(type);
    at += length;
  }
  const end = types.reduce((sum, type) => sum + valueLength(type), headerSize);
  const bytes = payload(end);
  if (bytes.length < end) throw new Error('value beyond the payload');
  const values: unknown[] = [];
  let at = headerSize;
  for (const type of types) {
    const length = valueLength(type);
    values.push(value(bytes, at, type, length));
    at += length;
  }
  return values;
}

const INT_LENGTHS = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

function valueLength(type: number): number {
  if (type < 10) return INT_LENGTHS[type]!;
  if (type < 12) throw new Error('reserved serial type');
  return Math.floor((type - 12) / 2);
}

function value(payload: Buffer, at: number, type: number, length: number): unknown {
  if (type === 0) return null;
  if (type === 8) return 0;
  if (type === 9) return 1;
  if (type === 7) return payload.readDoubleBE(at);
  // Big-endian two's complement of 1, 2, 3, 4, 6 or 8 bytes.
  if (type <= 6) return length === 8 ? Number(payload.readBigInt64BE(at)) : payload.readIntBE(at, length);
  if (type % 2 === 1) return payload.toString('utf8', at, at + length);
  return payload.subarray(at, at + length);
}

/** A varint as SQLite writes it: up to 9 bytes, big-endian, 7 bits a byte and all 8 of the ninth. */
function varint(buffer: Buffer, at: number): [value: number, length: number] {
  let result = 0;
  for (let i = 0; i < 8; i++) {
    const byte = buffer[at + i];
    if (byte === undefined) throw new Error('varint beyond the page');
    result = result * 128 + (byte & 0x7f);
    if (byte < 0x80) return [result, i + 1];
  }
  const last = buffer[at + 8];
  if (last === undefined) throw new Error('varint beyond the page');
  return [result * 256 + last, 9];
}
