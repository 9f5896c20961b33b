// The rejects file's writes and errors (rejects-file.ts): a write taken whole or failing, the error a
// run stops with, and the tidying of merge files a killed run left.
import { readdirSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Rejected lines could not be written where the run was told to put them, or (`temporaryFolder`)
 * kept in the temporary folder until their place in that file is known.
 */
export class RejectsFileError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
    readonly temporaryFolder?: string,
  ) {
    super(
      temporaryFolder === undefined
        ? `cannot write rejected lines to ${path}: ${reason(cause)}`
        : `cannot keep rejected lines for ${path} in the temporary folder ${temporaryFolder}: ${reason(cause)}`,
      { cause },
    );
    this.name = 'RejectsFileError';
  }
}

/** A write that did not take all of its buffer: `done` bytes of it were written, then `cause`. */
export class ShortWrite extends Error {
  constructor(
    readonly done: number,
    override readonly cause: unknown,
  ) {
    super(reason(cause), { cause });
  }
}

/**
 * Writes the whole of `bytes` to `fd` (at `position`, when given): a write may take only part of it
 * (a disk filling up), so the rest is written on; a write that takes nothing or fails throws a
 * ShortWrite telling how much was written.
 */
export function writeAll(fd: number, bytes: Uint8Array, position?: number): void {
  let done = 0;
  while (done < bytes.length) {
    let n: number;
    try {
      n = writeSync(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done);
    } catch (error) {
      throw new ShortWrite(done, error);
    }
    if (n <= 0)
      throw new ShortWrite(
        done,
        Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      );
    done += n;
  }
}

/**
 * Removes `R.<pid>.merging` files beside the rejects file that a run killed while merging left
 * behind (their process is gone). Best effort: a folder that cannot be read is left as it is.
 */
export function removeStaleMerges(path: string): void {
  try {
    const real = realpathSync(path);
    const prefix = `${basename(real)}.`;
    for (const name of readdirSync(dirname(real))) {
      const pid = /^(\d+)\.merging$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '')?.[1];
      if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
      rmSync(join(dirname(real), name), { force: true });
    }
  } catch {
    // Nothing to tidy, or no right to.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
