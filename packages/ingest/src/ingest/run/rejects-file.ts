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

/**
 * A record as one line of the rejects file: its own text, with the white space between its tokens
 * removed when it spans lines (an element of a JSON array, a pretty-printed record). It is never
 * parsed and written again: that would keep the last of a key written twice, write 1e400 as null and
 * "contr\u006fller" as controller, and the file sent again would store what was refused. Strings are
 * copied as written; a line break inside one (which JSON does not allow there) becomes a space. A
 * run of white space between two characters that would otherwise join into one token (`1 2`, in a
 * record that is not JSON) is kept as one space.
 */
export function oneLine(text: string): string {
  if (!text.includes('\n') && !text.includes('\r')) return text;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      else if (c === 10 || c === 13) {
        out += `${text.slice(from, i)} `;
        from = i + 1;
      }
    } else if (c === 34) inString = true;
    else if (isSpace(c)) {
      let end = i + 1;
      while (end < text.length && isSpace(text.charCodeAt(end))) end++;
      const joins = i > 0 && end < text.length && bare(text.charCodeAt(i - 1)) && bare(text.charCodeAt(end));
      out += text.slice(from, i) + (joins ? ' ' : '');
      from = end;
      i = end - 1;
    }
  }
  return out + text.slice(from);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** A character of a bare token (a number, true, false, null, or text that is not JSON). */
function bare(c: number): boolean {
  return c !== 34 && c !== 44 && c !== 58 && c !== 91 && c !== 93 && c !== 123 && c !== 125;
}
