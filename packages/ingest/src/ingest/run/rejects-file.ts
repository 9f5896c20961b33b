import {
  closeSync,
  fchmodSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RejectsFileError, removeStaleMerges, ShortWrite, writeAll } from './rejects-io.js';
import { oneLine } from './rejects-line.js';

export { RejectsFileError } from './rejects-io.js';
export { oneLine } from './rejects-line.js';

/** Bytes of rejected lines held before they are written out. */
const FLUSH_AT = 64 * 1024;
/** Bytes read at a time from the rejects file while the late lines are merged into it. */
const MERGE_CHUNK = 1 << 20;

/** A line rejected after a line later in the input was written: kept aside until close. */
interface Late {
  readonly order: number;
  /** How many lines of the file come before it: those of a lower order, written before it came. */
  readonly at: number;
  /** Where its text is in the side file, in bytes, its line break included. */
  readonly offset: number;
  readonly length: number;
}

/**
 * Writes rejected lines, one per line, in the order of the input, so the user can fix them and
 * ingest the file again. The file is created at the first rejected line, so a run that rejects
 * nothing leaves no file behind. Opening and writing are synchronous: a path that cannot be written
 * (no such folder, a folder, no permission) is a RejectsFileError thrown by the write that needed
 * it, never an unhandled stream error. Lines are gathered and written in blocks, and everything is
 * written by close().
 *
 * Each line comes with its order in the input (the run numbers its records). Most come in that
 * order and are written as they come. One whose rejection is known only later (a correction held to
 * the end of the run, a claim the store refuses at its batch's commit) comes after lines that follow
 * it: it is written to a side file in the system's temporary folder (removed from the folder as soon
 * as it is opened, so a killed run leaves no copy of the rejected text there), and close() merges
 * the side file into the rejects file through a file beside it renamed into place, so the rejects
 * file is never left half merged. The file renamed over is the one the path leads to (a symbolic
 * link, /dev/fd/3, stays what it was and leads to the merged file), with its permissions. Memory
 * keeps one number per line written (its order) and four per late line, never their text. A rejects
 * path that cannot be replaced so (a pipe, /dev/null, a file with a second hard link, whose other
 * name would keep the old text, or one whose folder may not be written: permission denied, a
 * read-only file system) gets the late lines at its end, in their order. Every write is written
 * whole (one taking part of its bytes is written on); one that fails or takes nothing (a full disk,
 * or a full temporary folder, or no room for the merge file) stops the run, the file cut back to its
 * last whole line.
 */
export class RejectsFile {
  #fd: number | null = null;
  #pending: string[] = [];
  #pendingBytes = 0;
  /** The order of each line written to the file, ascending (the last `#pending.length` still gathered). */
  #orders = new Float64Array(1024);
  #count = 0;
  /** Lines wholly in the file, and their bytes: where a write that failed midway is cut back to. */
  #fileLines = 0;
  #fileBytes = 0;
  /** A write failed (a full disk): nothing more is written, and only the whole lines in the file are named. */
  #failed = false;
  #isFile = false;
  /** Whether close() may merge late lines in by replacing the file (a regular file with one name). */
  #regular = true;
  #mode = 0o644;
  /** False for a device such as /dev/null: nothing holds the lines, so no line of it is named. */
  #keeps = true;
  readonly #late: Late[] = [];
  /** The late lines' orders, ascending, for lineOf. */
  #lateOrders = new Float64Array(0);
  #lateFd: number | null = null;
  #latePath = '';
  #lateBytes = 0;

  constructor(readonly path: string | null) {}

  /** Appends one rejected record, `order` its place in the input; the file is created at the first one. */
  async write(order: number, text: string): Promise<void> {
    const path = this.path;
    // After a write that failed, the run is stopping: lines rejected meanwhile are not written.
    if (path === null || this.#failed) return;
    if (this.#fd === null) {
      try {
        this.#fd = openSync(path, 'w');
        const stat = fstatSync(this.#fd);
        this.#isFile = stat.isFile();
        this.#regular = stat.isFile() && stat.nlink === 1;
        this.#keeps = !stat.isCharacterDevice();
        this.#mode = stat.mode & 0o7777;
      } catch (error) {
        throw new RejectsFileError(path, error);
      }
    }
    const line = `${oneLine(text)}\n`;
    if (this.#count > 0 && order < this.#orders[this.#count - 1]!) {
      this.#writeLate(order, line);
      return;
    }
    if (this.#count === this.#orders.length) {
      const grown = new Float64Array(this.#orders.length * 2);
      grown.set(this.#orders);
      this.#orders = grown;
    }
    this.#orders[this.#count++] = order;
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    // The first line at once: a file that cannot be written (a full disk, /dev/full) stops the run at
    // its first rejected line, not at the end of a block.
    if (this.#pendingBytes >= FLUSH_AT || this.#fileLines === 0) this.#flush();
  }

  /** Writes out the lines gathered: the run calls it at every batch, so a failed write stops it there. */
  flush(): void {
    this.#flush();
  }

  /** The path when something was written, else null. */
  get written(): string | null {
    if (this.#fd === null || (this.#failed && this.#fileLines === 0)) return null;
    return this.path;
  }

  /**
   * The 1-based line of the rejects file that holds the line written with `order` (where close()
   * puts it: the same asked before), or null when nothing was written with it.
   */
  lineOf(order: number): number | null {
    if (this.#lateOrders.length !== this.#late.length)
      this.#lateOrders = Float64Array.from(this.#late, (l) => l.order).sort();
    const lateOrders = this.#lateOrders;
    const main = below(this.#orders, this.#count, order);
    const late = below(lateOrders, lateOrders.length, order);
    if (!this.#keeps) return null;
    const written = main < this.#count && this.#orders[main] === order;
    if (!written && !(late < lateOrders.length && lateOrders[late] === order)) return null;
    // Not a regular file: the late lines follow all the others.
    if (!this.#regular) return written ? main + 1 : this.#count + late + 1;
    return main + late + 1;
  }

  /** Writes what is gathered, merges the late lines in and closes the file; the path stays reported as written. */
  async close(): Promise<void> {
    const fd = this.#fd;
    if (fd === null || fd === -1) return;
    try {
      this.#flush();
      if (this.#late.length > 0 && !this.#regular && !this.#failed) this.#appendLate(fd);
    } finally {
      closeSync(fd);
      this.#fd = -1;
    }
    try {
      if (this.#late.length > 0 && this.#regular && !this.#failed) this.#merge();
    } catch (error) {
      // The merge failed (a full disk): the file is as it was, without the late lines; an append
      // instead that failed midway keeps those wholly in it.
      if (this.#regular) this.#dropLateLines();
      throw error;
    } finally {
      this.#dropLate();
    }
    if (this.#late.length > 0) removeStaleMerges(this.path!);
  }

  #flush(): void {
    if (this.#failed || this.#pending.length === 0 || this.#fd === null || this.#fd === -1) return;
    const lines = this.#pending;
    const block = Buffer.from(lines.join(''));
    this.#pending = [];
    this.#pendingBytes = 0;
    try {
      writeAll(this.#fd, block);
    } catch (error) {
      this.#fail(lines, error instanceof ShortWrite ? error.done : 0);
      throw new RejectsFileError(this.path ?? '', error instanceof ShortWrite ? error.cause : error);
    }
    this.#fileLines += lines.length;
    this.#fileBytes += block.length;
  }

  /**
   * A write of `lines` failed after `done` of their bytes: the file is cut back to its last whole
   * line, and the lines not wholly in it are no longer counted as written, nor are the late ones.
   */
  #fail(lines: readonly string[], done: number): void {
    this.#failed = true;
    let whole = 0;
    let bytes = 0;
    for (const line of lines) {
      const length = Buffer.byteLength(line);
      if (bytes + length > done) break;
      bytes += length;
      whole++;
    }
    if (this.#isFile && whole < lines.length) {
      try {
        ftruncateSync(this.#fd!, this.#fileBytes + bytes);
      } catch {
        // Cannot be cut back: the last line stays cut short.
      }
    }
    this.#fileLines += whole;
    this.#fileBytes += bytes;
    this.#count = this.#fileLines;
    this.#dropLateLines();
  }

  /** The late lines are not written: none of them is named as in the file. */
  #dropLateLines(): void {
    this.#late.length = 0;
    this.#lateOrders = new Float64Array(0);
  }

  #writeLate(order: number, line: string): void {
    try {
      if (this.#lateFd === null) {
        this.#latePath = join(tmpdir(), `kb-rejects-${process.pid}-${Date.now()}.late`);
        this.#lateFd = openSync(this.#latePath, 'w+', 0o600);
        // Read and written through its descriptor only: gone from the folder, even if the run is killed.
        try {
          rmSync(this.#latePath);
          this.#latePath = '';
        } catch {
          // Kept, and removed at close.
        }
      }
      const bytes = Buffer.from(line);
      writeAll(this.#lateFd, bytes, this.#lateBytes);
      const at = below(this.#orders, this.#count, order);
      this.#late.push({ order, at, offset: this.#lateBytes, length: bytes.length });
      this.#lateBytes += bytes.length;
    } catch (error) {
      // The temporary folder is full: the run stops, as for the rejects file itself. The lines
      // gathered are written out; the late ones are not, nor named.
      try {
        this.#flush();
      } catch {
        // The rejects file failed too: cut back to its last whole line.
      }
      this.#fail([], 0);
      throw new RejectsFileError(
        this.path ?? '',
        error instanceof ShortWrite ? error.cause : error,
        tmpdir(),
      );
    }
  }

  /** The late lines in their order (by order, then as they came). */
  #lateInOrder(): Late[] {
    return this.#late
      .map((l, i) => [l, i] as const)
      .sort(([a, i], [b, j]) => a.order - b.order || i - j)
      .map(([l]) => l);
  }

  /** A late line's text, read whole from the side file: a short read fails. */
  #readLate(late: Late): Buffer {
    const bytes = Buffer.alloc(late.length);
    let done = 0;
    while (done < late.length) {
      const n = readSync(this.#lateFd!, bytes, done, late.length - done, late.offset + done);
      if (n === 0)
        throw new Error(`the side file of late rejected lines ends ${late.length - done} bytes short of one`);
      done += n;
    }
    return bytes;
  }

  /**
   * A pipe, a device or a file with a second name: the late lines follow the others, in their
   * order. A write that fails midway stops the run: a file is cut back to its last whole line, and
   * only the late lines wholly in it are named.
   */
  #appendLate(fd: number): void {
    const lates = this.#lateInOrder();
    let whole = 0;
    let bytes = 0;
    try {
      for (const late of lates) {
        writeAll(fd, this.#readLate(late));
        whole++;
        bytes += late.length;
      }
    } catch (error) {
      this.#failed = true;
      if (this.#isFile) {
        try {
          ftruncateSync(fd, this.#fileBytes + bytes);
        } catch {
          // Cannot be cut back: the last line stays cut short.
        }
      }
      this.#late.splice(0, this.#late.length, ...lates.slice(0, whole));
      this.#lateOrders = new Float64Array(0);
      this.#fileLines += whole;
      this.#fileBytes += bytes;
      throw new RejectsFileError(this.path ?? '', error instanceof ShortWrite ? error.cause : error);
    }
    this.#fileLines += whole;
    this.#fileBytes += bytes;
  }

  /** Writes the rejects file and the late lines, each at its place, to a file beside it renamed into place. */
  #merge(): void {
    let path: string;
    let out: number | null = null;
    let merged = '';
    try {
      // The file itself, not a link to it: renaming over a link would leave its target without the
      // late lines, and replace the link by a file.
      path = realpathSync(this.path!);
      merged = `${path}.${process.pid}.merging`;
      out = openSync(merged, 'w', this.#mode);
      fchmodSync(out, this.#mode);
    } catch (error) {
      if (out !== null) closeSync(out);
      if (merged !== '') rmSync(merged, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') {
        // Anything else (a full disk) is a write that failed: the file is as it was, and the run stops.
        this.#failed = true;
        this.#dropLateLines();
        throw new RejectsFileError(this.path!, error);
      }
      // Its folder cannot be written: the late lines go at the end, as for a pipe, and say so
      // (lineOf names them there from now on).
      this.#regular = false;
      let fd: number;
      try {
        fd = openSync(this.path!, 'a');
      } catch (error) {
        this.#failed = true;
        this.#dropLateLines();
        throw new RejectsFileError(this.path!, error);
      }
      try {
        this.#appendLate(fd);
      } finally {
        closeSync(fd);
      }
      return;
    }
    const lates = this.#lateInOrder();
    let main: number | null = null;
    try {
      main = openSync(path, 'r');
      let k = 0;
      let next = 0;
      const due = (upTo: number) => {
        while (next < lates.length && lates[next]!.at <= upTo) writeAll(out!, this.#readLate(lates[next++]!));
      };
      due(0);
      const buffer = Buffer.alloc(MERGE_CHUNK);
      for (let n = readSync(main, buffer); n > 0; n = readSync(main, buffer)) {
        const chunk = buffer.subarray(0, n);
        let from = 0;
        for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
          writeAll(out, chunk.subarray(from, nl + 1));
          from = nl + 1;
          due(++k);
        }
        if (from < n) writeAll(out, chunk.subarray(from));
      }
      due(Number.POSITIVE_INFINITY);
      closeSync(out);
      out = null;
      renameSync(merged, path);
    } catch (error) {
      // The file is as it was, without the late lines: the run stops.
      this.#failed = true;
      if (out !== null) closeSync(out);
      rmSync(merged, { force: true });
      throw new RejectsFileError(path, error instanceof ShortWrite ? error.cause : error);
    } finally {
      if (main !== null) closeSync(main);
    }
  }

  #dropLate(): void {
    if (this.#lateFd === null) return;
    closeSync(this.#lateFd);
    this.#lateFd = null;
    if (this.#latePath !== '') rmSync(this.#latePath, { force: true });
  }
}

/** How many of the first `count` (ascending) orders are below `order`. */
function below(orders: Float64Array, count: number, order: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (orders[mid]! < order) low = mid + 1;
    else high = mid;
  }
  return low;
}
