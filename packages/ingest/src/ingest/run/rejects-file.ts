import { closeSync, openSync, writeSync } from 'node:fs';

/** Rejected lines could not be written where the run was told to put them. */
export class RejectsFileError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot write rejected lines to ${path}: ${reason(cause)}`, { cause });
    this.name = 'RejectsFileError';
  }
}

/** Bytes of rejected lines held before they are written out. */
const FLUSH_AT = 64 * 1024;

/**
 * Writes rejected lines, one per line, so the user can fix them and ingest the file again. The file
 * is created at the first rejected line, so a run that rejects nothing leaves no file behind. Opening
 * and writing are synchronous: a path that cannot be written (no such folder, a folder, no
 * permission) is a RejectsFileError thrown by the write that needed it, never an unhandled stream
 * error. Lines are gathered and written in blocks, and everything is written by close().
 */
export class RejectsFile {
  #fd: number | null = null;
  #pending: string[] = [];
  #pendingBytes = 0;

  constructor(readonly path: string | null) {}

  /** Appends one rejected record; the file is created at the first one. */
  async write(text: string): Promise<void> {
    const path = this.path;
    if (path === null) return;
    if (this.#fd === null) {
      try {
        this.#fd = openSync(path, 'w');
      } catch (error) {
        throw new RejectsFileError(path, error);
      }
    }
    const line = `${oneLine(text)}\n`;
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    if (this.#pendingBytes >= FLUSH_AT) this.#flush();
  }

  /** The path when something was written, else null. */
  get written(): string | null {
    return this.#fd === null ? null : this.path;
  }

  /** Writes what is gathered and closes the file; the path stays reported as written. */
  async close(): Promise<void> {
    const fd = this.#fd;
    if (fd === null || fd === -1) return;
    try {
      this.#flush();
    } finally {
      closeSync(fd);
      this.#fd = -1;
    }
  }

  #flush(): void {
    if (this.#pending.length === 0 || this.#fd === null || this.#fd === -1) return;
    const block = this.#pending.join('');
    this.#pending = [];
    this.#pendingBytes = 0;
    try {
      writeSync(this.#fd, block);
    } catch (error) {
      throw new RejectsFileError(this.path ?? '', error);
    }
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EISDIR') return 'that is a folder; name a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'the disk is full';
  return error instanceof Error ? error.message : String(error);
}

// An element of a JSON array may span lines; a rejects file has one record per line. Valid JSON is
// re-serialised compactly (same value); anything else has its line breaks, which JSON only allows
// as whitespace, turned into spaces.
function oneLine(text: string): string {
  if (!text.includes('\n')) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.replace(/\r?\n/g, ' ');
  }
}
