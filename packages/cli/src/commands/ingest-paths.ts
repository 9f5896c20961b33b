import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  linkSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type IngestReport, sameFile, unreadableInput } from '@kb/ingest';
import type { ParsedCommand } from '../args/parse-args.js';
import { CliError, holdsNoStore } from '../context/open-context.js';

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
 * What to tell the user when this ingest makes the knowledge base (a path mistyped is otherwise
 * only found out at the next read); null when the file holds one already.
 */
export function newStoreNote(store: string): string | null {
  if (!holdsNoStore(store)) return null;
  const folder = dirname(resolve(store));
  const folderNote = existsSync(folder) ? '' : ` (and the folder ${folder})`;
  return `kb: made a new knowledge base at ${store}${folderNote}`;
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
  const stat = statSync(rejects, { throwIfNoEntry: false });
  if (stat?.isDirectory())
    throw new CliError(
      `${named}: that is a folder; name a file for them, such as ${join(rejects, 'rejected.ndjson')}`,
      code,
    );
  const folder = dirname(resolve(rejects));
  if (stat === undefined && statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true)
    throw new CliError(`${named}: the folder ${folder} does not exist`, code);
  // Only a path the user named: the default sits beside the input, which may be read-only evidence
  // with nothing to reject. There, a rejects file that cannot be made stops the run at the first
  // rejected line, with every valid record read before it committed.
  if (cmd.rejects !== null && !writable(stat === undefined ? folder : rejects))
    throw new CliError(
      `${named}: ${stat === undefined ? `the folder ${folder}` : 'that file'} cannot be written here; name a file where it can`,
      code,
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

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A run's hold on its rejects file, taken before a line is read: `R.lock`, made only if absent, so
 * two runs naming one rejects file cannot both write it (the second is refused, exit 2). A lock
 * whose process no longer runs (a run killed outright) is taken over. On taking it, the run notes
 * in `.R.kb` that a run of its input is writing R (no SHA-256 yet), so a run killed mid-way leaves R
 * marked as its input's and the same command may overwrite it. release() records what the run left
 * in the file, when it wrote one, and gives up the lock.
 */
export interface RejectsHold {
  release(written: boolean): void;
}

/** The advice when a rejects file there already may not be overwritten. */
function refusal(reason: string, rejects: string): string {
  return `${reason}: its lines would be overwritten by this run's. Ingest it (kb ingest ${rejects}), then move or remove it, and run this again; or give --rejects another path`;
}

/**
 * Takes the rejects file for this run, or refuses (exit 2, before the store is opened) when another
 * run holds it, or when it is there already and is not what an earlier run of this same input left
 * in it: changed since (mended in place, say), or written by another input's run, or not by kb
 * ingest at all. Its lines would be overwritten at this run's first rejected line; so the user is
 * told to ingest it and then move or remove it (ingesting leaves it as it is). Re-running the same
 * command, with the source mended or not, overwrites the file that command's last run wrote, as
 * before, or the one a run of it killed mid-way left. What kb wrote is kept beside it, in `.NAME.kb`
 * (the input and the file's SHA-256, or `running: true` while a run of that input writes it).
 */
export function holdRejects(rejects: string, input: string): RejectsHold {
  // A rejects path that is no regular file (/dev/null to drop the lines, a pipe to a script) holds
  // nothing a run could overwrite: there is nothing to hold.
  const stat = statSync(rejects, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isFile()) return { release: () => undefined };
  const lock = `${rejects}.lock`;
  // Where no lock can be made (a write-protected folder), no run can write the rejects file either:
  // the store's own refusal, or the first rejected line's, says so as before.
  if (!takeLock(lock, rejects)) return { release: () => undefined };
  const source = input === '-' ? '-' : resolve(input);
  const ledger = ledgerOf(rejects);
  let before: string | null = null;
  try {
    before = readLedger(ledger);
    const refused = existing(rejects, source, before);
    if (refused !== null) throw new CliError(refusal(refused, rejects), EXIT_USAGE);
    // Before a line is read: a run killed from here on leaves R noted as this input's.
    writeFileSync(ledger, `${JSON.stringify({ input: source, sha256: null, running: true })}\n`);
  } catch (error) {
    rmSync(lock, { force: true });
    throw error;
  }
  return {
    release(written) {
      try {
        if (written) writeFileSync(ledger, `${JSON.stringify(fingerprint(rejects, source))}\n`);
        else if (!existsSync(rejects) || unchangedSince(rejects, before)) {
          // Nothing written: the note is as it was (none, when there was none).
          if (before === null) rmSync(ledger, { force: true });
          else writeFileSync(ledger, before);
        }
        // Otherwise this run may have written part of it before failing: it stays noted as running.
      } finally {
        rmSync(lock, { force: true });
      }
    },
  };
}

function readLedger(ledger: string): string | null {
  try {
    return readFileSync(ledger, 'utf8');
  } catch {
    return null;
  }
}

function unchangedSince(rejects: string, noted: string | null): boolean {
  const kept = parseLedger(noted);
  return kept !== null && kept.sha256 === fingerprint(rejects, '').sha256;
}

/** Makes the lock, or says (false) that none can be made there; refuses when a running ingest holds it. */
function takeLock(lock: string, rejects: string): boolean {
  const mine = `${process.pid}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, mine, { flag: 'wx' });
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT') return false;
      if (code !== 'EEXIST') throw error;
      // A second EEXIST: another run made the lock after this one found it gone or stale.
      if (attempt > 0) throw busy(lock, rejects);
    }
    let held: string;
    try {
      held = readFileSync(lock, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // its run ended: make it once more
      throw error;
    }
    const pid = Number.parseInt(held, 10);
    if (running(pid)) throw busy(lock, rejects, pid);
    // Taken over only as found: moved aside under a name of this run's own, so another run that
    // found it stale too cannot remove a lock made meanwhile; one that is not the stale lock read
    // (another run's, made since) is put back, and this run refused.
    const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      renameSync(lock, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // another run took it over
      throw error;
    }
    let moved: string | null;
    try {
      moved = readFileSync(aside, 'utf8');
    } catch {
      moved = null;
    }
    if (moved !== held) {
      try {
        linkSync(aside, lock);
      } catch {
        // Another lock is there again: that run holds it.
      }
      rmSync(aside, { force: true });
      throw busy(lock, rejects, Number.parseInt(moved ?? '', 10));
    }
    rmSync(aside, { force: true });
  }
}

function busy(lock: string, rejects: string, pid?: number): CliError {
  const who = pid !== undefined && Number.isInteger(pid) ? ` (process ${pid})` : '';
  return new CliError(
    `another kb ingest${who} is writing rejected lines to ${rejects} now; wait for it to end, or give --rejects another path (if no ingest runs, remove ${lock})`,
    EXIT_USAGE,
  );
}

function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Fingerprint {
  readonly input: string;
  /** null while a run of `input` writes the file (`running`): one killed mid-way left it so. */
  readonly sha256: string | null;
  readonly running?: boolean;
}

/** Where what kb wrote to a rejects file is kept: `.NAME.kb` beside it. */
function ledgerOf(rejects: string): string {
  return join(dirname(rejects), `.${basename(rejects)}.kb`);
}

function fingerprint(rejects: string, input: string): Fingerprint {
  return { input, sha256: createHash('sha256').update(readFileSync(rejects)).digest('hex') };
}

function parseLedger(text: string | null): Fingerprint | null {
  if (text === null) return null;
  try {
    const kept = JSON.parse(text) as Fingerprint;
    if (kept === null || typeof kept.input !== 'string') return null;
    if (typeof kept.sha256 === 'string' || (kept.sha256 === null && kept.running === true)) return kept;
    return null;
  } catch {
    return null;
  }
}

/** Why the rejects file there already may not be overwritten by this run; null when it may (or is not there). */
function existing(rejects: string, input: string, noted: string | null): string | null {
  if (!existsSync(rejects)) return null;
  const kept = parseLedger(noted);
  if (kept === null)
    return `${rejects} is there already, and nothing shows kb ingest wrote it (kb notes what it writes there since 2026-12-06)`;
  const another = `${rejects} holds the rejected lines of another input (${kept.input === '-' ? 'stdin' : kept.input})`;
  // Left by a run of this input that did not end (killed): that run's, so this one's to write anew.
  if (kept.sha256 === null) return kept.input === input ? null : another;
  if (kept.sha256 !== fingerprint(rejects, input).sha256)
    return `${rejects} has been changed since kb ingest wrote it`;
  if (kept.input !== input) return another;
  return null;
}
