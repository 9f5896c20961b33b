// A run's hold on its rejects file (`kb ingest`): the lock that keeps two runs from writing one
// rejects file, and the note beside it (`.NAME.kb`) of what kb wrote there, so a file kb did not
// write, or that was changed since, is never overwritten without a word.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../context/open-context.js';
import { EXIT_USAGE } from './ingest-paths.js';

/**
 * A run's hold on its rejects file, taken before a line is read: `R.lock`, made only if absent, so
 * two runs naming one rejects file cannot both write it (the second is refused, exit 2). A lock
 * whose process no longer runs (a run killed outright) is taken over. On taking it, the run notes
 * in `.R.kb` that a run of its input is writing R (no SHA-256 yet), so a run killed mid-way leaves R
 * marked as its input's and the same command may overwrite it. release() records what the run left
 * in the file, when it wrote one, and gives up the lock. It never throws: it runs as the run ends,
 * before its result is told, so what it cannot do (the rejects file removed meanwhile, no room or no
 * right to write the note) is said through `warn` (stderr by default), and the result stands.
 */
export interface RejectsHold {
  release(written: boolean, warn?: (line: string) => void): void;
}

const toStderr = (line: string) => void process.stderr.write(`${line}\n`);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The advice when a rejects file there already may not be overwritten. */
function refusal(reason: string, rejects: string): string {
  const file = deviceLink(rejects);
  if (file !== null)
    return `${reason}: ${rejects} leads to ${file} (stdout or another descriptor redirected there), whose lines would be overwritten by this run's. Ingest that file (kb ingest ${file}), then move or remove it, and run this again; or redirect ${rejects} to a new file, or give --rejects another path`;
  return `${reason}: its lines would be overwritten by this run's. Ingest it (kb ingest ${rejects}), then move or remove it, and run this again; or give --rejects another path`;
}

/** The file a descriptor's name (/dev/stdout, /dev/fd/3, /proc/self/fd/1) leads to; null for any other path. */
function deviceLink(path: string): string | null {
  const absolute = resolve(path);
  if (!absolute.startsWith('/dev/') && !absolute.startsWith('/proc/')) return null;
  try {
    const real = realpathSync(absolute);
    return real === absolute ? null : real;
  } catch {
    return null;
  }
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
  // /dev/stdout or /dev/fd/3 led to a file: the lock and note go beside that file, not in /dev.
  const at = deviceLink(rejects) ?? rejects;
  const lock = `${at}.lock`;
  // Where no lock can be made (a write-protected folder), no run can write the rejects file either:
  // the store's own refusal, or the first rejected line's, says so as before.
  if (!takeLock(lock, rejects)) return { release: () => undefined };
  const source = input === '-' ? '-' : resolve(input);
  const ledger = ledgerOf(at);
  let before: string | null = null;
  try {
    before = readLedger(ledger);
    const refused = existing(rejects, source, before);
    if (refused !== null) throw new CliError(refusal(refused, rejects), EXIT_USAGE);
    // Before a line is read: a run killed from here on leaves R noted as this input's, as it is now.
    const running: Fingerprint = { input: source, sha256: null, running: true };
    writeNote(ledger, `${JSON.stringify(running)}\n`);
  } catch (error) {
    rmSync(lock, { force: true });
    throw error instanceof CliError ? error : cannotWrite(ledger, rejects, error);
  }
  return {
    release(written, warn = toStderr) {
      try {
        if (written) writeNote(ledger, `${JSON.stringify(fingerprint(rejects, source))}\n`);
        // Nothing written and no file: a note would tell of nothing (a run killed mid-way left one
        // saying it was writing the file), so none is left, as after a run that never rejected.
        else if (!existsSync(rejects)) rmSync(ledger, { force: true });
        // Nothing written: the note is as it was (none, when there was none).
        else if (unchangedSince(rejects, before)) {
          if (before === null) rmSync(ledger, { force: true });
          else writeNote(ledger, before);
        }
        // Otherwise this run may have written part of it before failing: it stays noted as running.
      } catch (error) {
        // The note stays as the run began (a run of this input writing it): the same command may
        // still overwrite the rejects file; another input's run is refused.
        warn(
          `kb: warning: could not note in ${ledger} what this run left in ${rejects}: ${messageOf(error)}`,
        );
      }
      try {
        rmSync(lock, { force: true });
      } catch (error) {
        warn(
          `kb: warning: could not remove ${lock}: ${messageOf(error)}; a later run takes it over, as its process has ended`,
        );
      }
    },
  };
}

/**
 * Writes the note whole or not at all: to a file beside it, renamed over it. Written in place, a run
 * killed (or a disk filling up) between emptying the note and writing it left an empty note, which
 * reads as "not kb's", and every later run of the same command was refused.
 */
function writeNote(ledger: string, text: string): void {
  const next = `${ledger}.${process.pid}.next`;
  try {
    writeFileSync(next, text);
    renameSync(next, ledger);
  } catch (error) {
    rmSync(next, { force: true });
    throw error;
  }
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
  return kept !== null && kept.sha256 === sha256Of(rejects);
}

/** Makes the lock, or says (false) that none can be made there; refuses when a running ingest holds it. */
function takeLock(lock: string, rejects: string): boolean {
  const started = startOf(process.pid);
  const mine = started === null ? `${process.pid}\n` : `${process.pid}\n${started}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, mine, { flag: 'wx' });
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT') return false;
      if (code !== 'EEXIST') {
        // Made, maybe, but not written (a full disk): an empty lock would stop the next run.
        rmSync(lock, { force: true });
        throw cannotWrite(lock, rejects, error);
      }
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
    if (holderRuns(held)) throw busy(lock, rejects, pid);
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

/** The lock or the note beside the rejects file could not be written (a full disk): exit 1, saying so. */
function cannotWrite(path: string, rejects: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOSPC' ? 'the disk is full' : (error as Error).message;
  return new CliError(
    `cannot write ${path} beside the rejects file ${rejects}: ${why}; free some room, or give --rejects a path on another disk`,
  );
}

function busy(lock: string, rejects: string, pid?: number): CliError {
  const who = pid !== undefined && Number.isInteger(pid) ? ` (process ${pid})` : '';
  return new CliError(
    `another kb ingest${who} is writing rejected lines to ${rejects} now; wait for it to end, or give --rejects another path (if no ingest runs, remove ${lock})`,
    EXIT_USAGE,
  );
}

/**
 * Whether the run that made a lock still runs: its process is there and, where the lock notes when
 * that process started (Linux), it is the same process, not a later one given its number again.
 * A lock of a version that noted only the number is held while any process has that number.
 */
function holderRuns(lock: string): boolean {
  const [pidLine, startLine] = lock.split('\n');
  const pid = Number.parseInt(pidLine ?? '', 10);
  if (!running(pid)) return false;
  if (startLine === undefined || startLine === '') return true;
  const now = startOf(pid);
  return now === null || now === startLine;
}

/**
 * When a process started, in clock ticks since the machine booted (field 22 of /proc/PID/stat), as
 * text; null where there is no /proc to read it from. The name in field 2 may hold spaces and
 * parentheses, so the fields are counted from its last closing parenthesis.
 */
function startOf(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields from the third on: the start time is the 22nd field, the 20th of these.
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : null;
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

/**
 * What the run left: its input's path (`-` for stdin) and the rejects file's SHA-256. The input's
 * content is not noted: the same input path, mended or not, may overwrite its own last rejects file
 * (mend the source, run it again), so nothing would read it.
 */
function fingerprint(rejects: string, input: string): Fingerprint {
  return { input, sha256: sha256Of(rejects) };
}

function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
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

/**
 * Why the rejects file there already may not be overwritten by this run; null when it may (not
 * there, empty, or what the last run of this same input path left, unchanged since, or left still
 * being written by a run killed mid-way). The input's content is not compared: a source mended
 * since is run again over its own last rejects file (the lines it still rejects are made again).
 * Stdin is refused: piped input cannot be shown to be the same, and its rejected lines might be lost
 * with no way to make them again.
 */
function existing(rejects: string, input: string, noted: string | null): string | null {
  const stat = statSync(rejects, { throwIfNoEntry: false });
  if (stat === undefined || stat.size === 0) return null;
  const kept = parseLedger(noted);
  if (kept === null)
    return `${rejects} is there already, and nothing shows kb ingest wrote it (kb notes what it writes there since 2026-12-06)`;
  const another = `${rejects} holds the rejected lines of another input (${kept.input === '-' ? 'stdin' : kept.input})`;
  if (kept.input !== input) return another;
  if (input === '-')
    return `${rejects} holds the rejected lines of an earlier run reading stdin, and what is piped in now cannot be shown to be the same input`;
  // Left by a run of this input that did not end (killed): this one's to write anew.
  if (kept.sha256 === null) return null;
  if (kept.sha256 !== sha256Of(rejects)) return `${rejects} has been changed since kb ingest wrote it`;
  return null;
}
