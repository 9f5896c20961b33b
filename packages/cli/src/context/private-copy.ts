import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { StoreUnavailableError } from '@kb/store';
import { CliError } from './cli-error.js';
import { copyAtOneMoment } from './copying.js';
import { WRITE_PROTECTED } from './write-protection.js';

export { writeProtection } from './write-protection.js';

// Evidence is often kept where nobody may write: a write-protected copy, a folder of read-only
// files, media behind a write blocker. SQLite cannot read a write-ahead-logged file there (it needs
// to create the shared-memory file beside it), and the read commands also bring the read models up
// to date in the file. So when the file refuses writing, the commands read a private copy of it,
// made byte for byte in a new temporary folder and removed afterwards; the original is never opened
// for writing.

/**
 * Whether opening an existing store failed because SQLite may not write into the file or beside it:
 * a read-only file or folder (SQLITE_READONLY and its variants), or a write-ahead log it cannot
 * create the shared-memory file for (SQLITE_CANTOPEN, on a file the caller knows exists).
 */
export function refusedWriting(error: unknown): boolean {
  return (
    sqliteErrorIn(
      error,
      (code) => code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === WRITE_PROTECTED,
    ) !== undefined
  );
}

/** The first error along `error`'s chain of causes whose SQLite code passes `test`. */
export function sqliteErrorIn(error: unknown, test: (code: string) => boolean): Error | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && test(code)) return e;
  }
  return undefined;
}

/**
 * Where a trial run may write as it likes: a private copy of the store file, or, when there is no
 * such file yet, a path for a new one in a new temporary folder.
 */
export function scratchStore(path: string): PrivateCopy {
  if (existsSync(path)) return privateCopy(path);
  removeOrphans();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  return { path: join(dir, basename(path)), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PrivateCopy {
  readonly path: string;
  remove(): void;
}

/**
 * Copies a store file, with its write-ahead log when there is one, into a new temporary folder: the
 * two as they stood at one moment, though another process may be writing the store (copying.ts).
 */
export function privateCopy(path: string): PrivateCopy {
  removeOrphans();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const copy = join(dir, basename(path));
  try {
    copyAtOneMoment(path, copy);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new CliError(
      `${path} cannot be written here, and copying it to ${dir} failed: ${(error as Error).message}`,
    );
  }
  liveCopies.add(dir);
  return {
    path: copy,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      liveCopies.delete(dir);
    },
  };
}

/** The folders of this process's private copies not removed yet. */
const liveCopies = new Set<string>();

/**
 * Removes every private copy this process still has: a read command stopped by a signal ends
 * without unwinding (read-stop.ts), and a copy is a whole copy of the evidence.
 */
export function removeLiveCopies(): void {
  for (const dir of liveCopies) rmSync(dir, { recursive: true, force: true });
  liveCopies.clear();
}

/**
 * `error`, met opening or reading a private copy of `path`, as the user is to read it: a store's
 * refusal (not a knowledge base, damaged, of another schema version) names the file it opened, the
 * copy, which is gone once the command ends; what is wrong with the copy is wrong with `path`.
 */
export function namingOriginal(error: unknown, copy: PrivateCopy, path: string): unknown {
  if (!(error instanceof StoreUnavailableError) || !error.message.includes(copy.path)) return error;
  return new StoreUnavailableError(error.message.replaceAll(copy.path, path), { cause: error });
}

const PREFIX = 'kb-private-copy-';

/**
 * A private copy is a whole copy of the evidence, so none should outlive its command. One killed
 * (SIGKILL, a crash) cannot remove its own; Ctrl-C and SIGTERM do (removeLiveCopies). So
 * each copy's folder names the process that made it, and the next copy made removes the folders of
 * processes that no longer run. A process that does, or that belongs to another user, is left alone.
 */
function removeOrphans(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^kb-private-copy-(\d+)-/.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || running(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
