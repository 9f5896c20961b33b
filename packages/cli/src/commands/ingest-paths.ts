import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type IngestReport, sameFile, unreadableInput } from '@kb/ingest';
import type { ParsedCommand } from '../args/parse-args.js';
import { CliError } from '../context/open-context.js';

// What `kb ingest` checks of the paths it is given before anything is read (the input, where
// rejected lines go) and says of them after (a new store made, an old rejects file left).

/**
 * A rejects file an earlier run wrote, when this run rejected nothing and so left it as it was: said,
 * since its lines would otherwise look like this run's. It is not removed: its lines may be being
 * mended by hand.
 */
export function leftoverRejects(path: string, report: IngestReport, started: number): string | null {
  if (report.rejectedLines > 0) return null;
  let modified: number;
  try {
    modified = statSync(path).mtimeMs;
  } catch {
    return null;
  }
  if (modified >= started) return null;
  return `kb: ${path} is left from an earlier run (${new Date(modified).toISOString()}); this run rejected nothing`;
}

/**
 * What to tell the user when this ingest made the knowledge base (a path mistyped is otherwise only
 * found out at the next read): said only when its own connection created the store's tables
 * (SqliteEventStore.createdTables), so of two runs started at once on a new path, only the one that
 * made it. `folderExisted`: whether the store's folder was there before the store was opened.
 */
export function newStoreNote(store: string, folderExisted: boolean): string {
  const folderNote = folderExisted ? '' : ` (and the folder ${dirname(resolve(store))})`;
  return `kb: made a new knowledge base at ${store}${folderNote}`;
}

/** Whether the folder of the store's file is there (before the store is opened, which makes it). */
export function storeFolderExists(store: string): boolean {
  return existsSync(dirname(resolve(store)));
}

/** Before the store is opened (or created): an input that cannot be read is the user's slip, said plainly. */
export function checkInputFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`no such input file: ${path}`);
    throw new CliError(`cannot read the input file ${path}: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
  if (!isFile)
    throw new CliError(`${path} is not a file: kb ingest reads a file of claim records, or - for stdin`);
  // A file that cannot be claim records at all (another encoding, compressed, a database) is refused
  // here, before a store is opened or made for it. (From stdin, the same refusal is line 1's problem.)
  const refused = unreadableInput(firstBytes(path));
  if (refused !== null) throw new CliError(`${path}: ${refused}`);
}

/** Enough of a file's first bytes to tell what it is (input-format.ts needs 16). */
function firstBytes(path: string): Uint8Array {
  const bytes = new Uint8Array(64);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new CliError(`cannot read the input file ${path}: ${(error as Error).message}`, 1, {
      cause: error,
    });
  }
  try {
    return bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Where rejected lines go unless --rejects says: beside the input, or rejected.ndjson for stdin. */
export function defaultRejectsPath(cmd: ParsedCommand, input: string): string {
  return cmd.rejects ?? (input === '-' ? 'rejected.ndjson' : `${input}.rejected.ndjson`);
}

/** Exit code of a --rejects path refused: an option's value the command cannot take, as in usage. */
export const EXIT_USAGE = 2;

/**
 * The rejects file is created at the first rejected line: never over the input or the store, and
 * only where a file can be made. A path that cannot be is refused before anything is read, not at
 * the first bad line, when the valid lines before it would already be stored. A path given with
 * --rejects is refused as a value of an option is (exit 2, usage: the command line must change);
 * the default, beside the input, with exit 1, as the user named no path.
 */
export function checkRejectsPath(cmd: ParsedCommand, input: string, rejects: string): void {
  const named =
    cmd.rejects === null
      ? `rejected lines go to ${rejects} (give --rejects FILE to change it)`
      : `--rejects ${rejects}`;
  const code = cmd.rejects === null ? 1 : EXIT_USAGE;
  const folder = dirname(resolve(rejects));
  let stat: Stats | undefined;
  try {
    stat = statSync(rejects, { throwIfNoEntry: false });
  } catch (error) {
    // A step of the path is a file, not a folder (ENOTDIR): there is no folder to make the file in.
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    throw new CliError(
      `${named}: ${fileOnTheWay(folder)} is a file, not a folder: name a file in a folder`,
      code,
    );
  }
  if (stat?.isDirectory())
    throw new CliError(
      `${named}: that is a folder; name a file for them, such as ${join(rejects, 'rejected.ndjson')}`,
      code,
    );
  if (stat === undefined && statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true)
    throw new CliError(`${named}: the folder ${folder} does not exist`, code);
  // The default beside the input too: found only at the first rejected line, the run would stop
  // there with batches committed, and the rest of the input never read.
  // A store that cannot be written is refused first, as when no line would be rejected.
  const storeRefused =
    cmd.rejects === null &&
    !cmd.global.eventstore &&
    existsSync(cmd.global.store) &&
    !writable(cmd.global.store);
  if (!storeRefused && !writable(stat === undefined ? folder : rejects))
    throw new CliError(
      cmd.rejects === null
        ? `${named}: ${stat === undefined ? `the folder ${folder}` : 'that file'} cannot be written; give --rejects a path where it can`
        : `${named}: ${stat === undefined ? `the folder ${folder}` : 'that file'} cannot be written here; name a file where it can`,
      code,
    );
  // --json promises one JSON object on stdout: rejected lines written there too would break it.
  if (cmd.global.json && isStdout(rejects, stat))
    throw new CliError(
      `${named}: that is stdout, where --json writes its report: the rejected lines would make it no JSON. Give --rejects a file, or leave out --json`,
      EXIT_USAGE,
    );
  if (input !== '-' && sameFile(rejects, input))
    throw new CliError(
      `--rejects ${rejects} is the input file itself: rejected lines would overwrite it`,
      EXIT_USAGE,
    );
  if (cmd.global.eventstore) return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (sameFile(rejects, `${cmd.global.store}${suffix}`))
      throw new CliError(
        `--rejects ${rejects} is the knowledge base's own file (${cmd.global.store}${suffix}): rejected lines would overwrite it`,
        EXIT_USAGE,
      );
  }
}

/**
 * Whether rejected lines written to `path` would go to this process's stdout: /dev/stdout and its
 * other names, or the file or pipe stdout leads to (`> out.json` and `--rejects out.json`). Not
 * /dev/null, which holds nothing.
 */
function isStdout(path: string, stat: Stats | undefined): boolean {
  if (['/dev/stdout', '/dev/fd/1', '/proc/self/fd/1'].includes(resolve(path))) return true;
  if (stat === undefined) return false;
  let out: Stats;
  try {
    out = fstatSync(1);
  } catch {
    return false; // stdout closed
  }
  if (stat.isCharacterDevice() && stat.rdev === statSync('/dev/null', { throwIfNoEntry: false })?.rdev)
    return false;
  return stat.dev === out.dev && stat.ino === out.ino;
}

/** The step of `folder` that is a file, not a folder (the path goes on past a file). */
function fileOnTheWay(folder: string): string {
  for (let at = folder; dirname(at) !== at; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // Not there, or a file further up: look further up.
    }
  }
  return folder;
}

function writable(path: string): boolean {
  // A mode with no write bit for anyone says not to be written, root included, as for the store
  // (write-protection.ts): an input on write-protected media gets no rejects file beside it.
  const mode = statSync(path, { throwIfNoEntry: false })?.mode;
  if (mode !== undefined && (mode & 0o222) === 0) return false;
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
