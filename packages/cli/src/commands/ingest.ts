import { existsSync, statSync } from 'node:fs';
import {
  IngestAbortedError,
  IngestInterruptedError,
  type IngestReport,
  REPORTED_REJECTIONS,
  RejectsFileError,
} from '@kb/ingest';
import { type EventStore, SqliteEventStore, StoreClosedError, StoreUnavailableError } from '@kb/store';
import { type ParsedCommand, UsageError } from '../args/parse-args.js';
import { CliError, notWritable, openForWrite } from '../context/open-context.js';
import { scratchStore } from '../context/private-copy.js';
import { type HeldWriteLock, holdWriteLock } from '../context/write-lock.js';
import { writeRefusal } from '../context/write-protection.js';
import { showIngestProgress } from '../render/ingest-progress.js';
import { ingestReportJson } from '../render/ingest-report-json.js';
import { progressBar } from '../render/progress.js';
import {
  checkInputFile,
  checkRejectsPath,
  defaultRejectsPath,
  leftoverRejects,
  newStoreNote,
  storeFolderExists,
} from './ingest-paths.js';
import { holdRejects } from './ingest-rejects-hold.js';
import { stopOnSignal } from './ingest-stop.js';
import type { Output } from './output.js';

/** Exit code when some lines were rejected (the valid ones are stored). */
export const EXIT_REJECTED = 3;

/** `kb ingest FILE|-`: appends claim records; a bar on a terminal, a summary at the end. */
export async function ingestCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const input = cmd.positionals[0];
  if (!input)
    throw new UsageError(
      'kb ingest needs a file of claim records (NDJSON, a JSON array, or records pretty-printed one after another), or - for stdin',
    );
  if (input !== '-') checkInputFile(input);
  // `kb ingest -` typed with nothing piped in would wait on the keyboard without a word.
  else if (process.stdin.isTTY === true)
    out.error(
      'kb: reading claim records from the terminal, one per line; end with Ctrl-D (or pipe a file in)',
    );
  if (cmd.dryRun) return dryRun(cmd, input, out);
  const rejectsPath = defaultRejectsPath(cmd, input);
  checkRejectsPath(cmd, input, rejectsPath);
  const hold = holdRejects(rejectsPath, input);
  // Whether this run made the store is known once it is opened: another process may make it between
  // a look at the path and this run's opening of it (two runs started at once on a new path).
  const folderExisted = cmd.global.eventstore ? true : storeFolderExists(cmd.global.store);
  let made = false;
  const started = Date.now();
  let report: IngestReport;
  let written = false;
  try {
    report = await ingestFile(cmd, input, {
      opened: (store) => {
        made = store instanceof SqliteEventStore && store.createdTables;
      },
    });
    written = report.rejectsPath !== null;
    if (made) out.error(newStoreNote(cmd.global.store, folderExisted));
  } catch (error) {
    if (!(error instanceof IngestAbortedError)) throw error;
    const done = error.report;
    written = done.rejectsPath !== null;
    if (error instanceof IngestInterruptedError) {
      if (cmd.global.json) await out.json({ interrupted: true, ...ingestReportJson(done) });
      else out.text(summarise(done));
      out.error(interruptedLine(done, input));
      return EXIT_INTERRUPTED;
    }
    // The store failed mid-run (a full disk, say): what was committed is reported and kept.
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    if (cmd.global.json) await out.json({ stopped: cause, ...ingestReportJson(done) });
    else out.text(summarise(done));
    // The store, or something else: a rejects file that cannot be written, an input that failed.
    const byStore = !(error.cause instanceof RejectsFileError) && isStoreFailure(error.cause);
    out.error(stoppedLine(done, cause, byStore ? 'the store' : null, input));
    return 1;
  } finally {
    hold.release(written, (line) => out.error(line));
  }
  if (cmd.global.json) await out.json(ingestReportJson(report));
  else out.text(summarise(report));
  const left = leftoverRejects(rejectsPath, report, started);
  if (left !== null) out.error(left);
  const none = noRecordsLine(report, input);
  if (none !== null) out.error(none);
  return report.rejected.length > 0 ? EXIT_REJECTED : 0;
}

/**
 * What a run tells the user on stderr when its input held no records at all (an empty file, blank
 * lines only, an empty JSON array): not an error, so exit 0, but "0 lines" alone says too little of
 * a file expected to hold claims. Null when it held any, stored, present or rejected.
 */
function noRecordsLine(report: IngestReport, input: string): string | null {
  if (report.records > 0 || report.rejectedLines > 0) return null;
  return `kb: ${input === '-' ? 'stdin' : input} held no claim records (it is empty, blank lines only, or an empty JSON array): nothing was stored`;
}

/** Exit code of an ingest stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

/**
 * What an interrupted ingest tells the user on stderr: how far it got and how to go on. `input` is
 * the run's (`-` for stdin).
 */
export function interruptedLine(done: IngestReport, input?: string): string {
  const again = keptRejects(done, input);
  const goOn =
    again === null
      ? 'Run the same command again to go on'
      : `To go on, ${again}, then run the same command again`;
  return `kb: interrupted ${howFar(done)} (${counted(done.batches, 'batch', 'batches')} committed). ${goOn}: what is already stored is skipped.`;
}

/**
 * What to do first with the rejects file a run reading stdin wrote lines to: another run reading
 * stdin does not overwrite it (its lines could not be made again), so the same command would be
 * refused. Null when the same command may simply run again.
 */
function keptRejects(done: IngestReport, input: string | undefined): string | null {
  const rejects = done.rejectsPath;
  if (input !== '-' || rejects === null) return null;
  return `move ${rejects} aside (ingest it once its lines are mended: kb ingest ${rejects}) or give --rejects another path, as a run reading stdin does not overwrite the rejected lines of another`;
}

/**
 * Where the run stopped, as far as the report tells: `lines` runs to the end of the last record
 * handled, `records` counts them. More records than lines means a line holds several (a JSON array
 * on one line): the run stops between records, so it may have stopped inside that line.
 */
function howFar(done: IngestReport): string {
  if (done.records <= done.lines)
    return `after line ${done.lines}: every line up to it is stored or rejected`;
  const records = counted(done.records, 'record').replace(/^\d+/, (n) => Number(n).toLocaleString('en-US'));
  if (done.lines === 1)
    return `in line 1 after its first ${records}: each of them is stored or rejected, the rest of the line is not read`;
  return `in or after line ${done.lines}, after the first ${records}: each of them is stored or rejected; line ${done.lines} may hold more records, not read`;
}

/**
 * What an ingest stopped midway (by the store, say a full disk, or by a rejects file that could not
 * be written) tells the user on stderr: the cause, what is kept, how to go on.
 */
export function stoppedLine(
  done: IngestReport,
  cause: string,
  by: string | null = 'the store',
  input?: string,
): string {
  const unwritten = done.records - done.added - done.skipped - done.rejectedLines;
  const lost = unwritten > 0 ? `; the last ${unwritten} records read were not written` : '';
  const again = keptRejects(done, input);
  const goOn = again === null ? 'run the same command again' : `${again}, and run the same command again`;
  return `kb: ingest stopped${by === null ? '' : ` by ${by}`}: ${cause}. ${batchesKept(done.batches)}${lost}. Once that is fixed, ${goOn}: what is already stored is skipped.`;
}

/** "The 3 batches committed before it are kept", in the singular for one. */
function batchesKept(batches: number): string {
  return `The ${counted(batches, 'batch', 'batches')} committed before it ${batches === 1 ? 'is' : 'are'} kept`;
}

/** A store this large takes a second or more to copy for a dry run: the user is told first. */
const NOTICE_COPY_FROM = 200_000_000;

/**
 * `kb ingest --dry-run`: the whole ingest, every check and idempotency lookup included, run on a
 * private scratch copy of the store that is removed afterwards. The report is exactly what the real
 * ingest would say now; the store and the input's folder are left as they were. `--eventstore` is
 * refused beside it as a usage mistake (embeddedOnly in option-rules.ts).
 */
async function dryRun(cmd: ParsedCommand, input: string, out: Output): Promise<number> {
  // The ingest would be refused a store it may not write: so is its dry run, which writes only a copy.
  const refused = writeRefusal(cmd.global.store);
  if (refused !== undefined)
    throw notWritable(cmd.global.store, refused, '; a dry run stops where the ingest would');
  const size = existsSync(cmd.global.store) ? statSync(cmd.global.store).size : 0;
  if (size >= NOTICE_COPY_FROM)
    out.error(
      `kb: the dry run works on a private copy of ${cmd.global.store}; copying its ${(size / 1e6).toFixed(0)} MB first`,
    );
  const scratch = scratchStore(cmd.global.store);
  let report: IngestReport;
  try {
    report = await ingestFile({ ...cmd, global: { ...cmd.global, store: scratch.path } }, input, {
      rejectsPath: null,
      dry: true,
    });
  } catch (error) {
    if (error instanceof IngestInterruptedError)
      throw new CliError(
        `dry run interrupted; nothing was written to ${cmd.global.store}`,
        EXIT_INTERRUPTED,
        {
          cause: error,
        },
      );
    // What is wrong with the copy (not a knowledge base, say) is wrong with the user's file.
    if (error instanceof Error && error.message.includes(scratch.path))
      throw new CliError(error.message.replaceAll(scratch.path, cmd.global.store), 1, { cause: error });
    throw error;
  } finally {
    scratch.remove();
  }
  if (cmd.global.json) await out.json({ dryRun: true, ...ingestReportJson(report) });
  else {
    out.text(
      `Dry run: nothing was written to ${cmd.global.store}; this is what the ingest would do now.\n${summarise(report, true)}`,
    );
  }
  const none = noRecordsLine(report, input);
  if (none !== null) out.error(none);
  return report.rejected.length > 0 ? EXIT_REJECTED : 0;
}

/** How one ingest run is made (ingestFile). */
export interface IngestFileOptions {
  /** Where rejected lines go: by default beside the input; nowhere when null. */
  readonly rejectsPath?: string | null;
  /** The store is a scratch copy (kb ingest --dry-run). */
  readonly dry?: boolean;
  /**
   * Runs on the open store before anything is read or written, and may refuse it by throwing; on
   * the embedded store it runs under the write lock, which the run keeps until its end (write-lock.ts).
   */
  readonly before?: (store: EventStore) => Promise<void>;
  /** Told the store as soon as it is open (whether opening it made it: kb ingest's note). */
  readonly opened?: (store: EventStore) => void;
}

/** Runs one ingest with a progress bar; shared with `kb demo`. */
export async function ingestFile(
  cmd: ParsedCommand,
  input: string,
  options: IngestFileOptions = {},
): Promise<IngestReport> {
  const { dry = false, before, opened } = options;
  const rejectsPath =
    options.rejectsPath === undefined ? defaultRejectsPath(cmd, input) : options.rejectsPath;
  const kb = await openForWrite(cmd.global);
  opened?.(kb.store);
  // A check that may refuse the store (kb demo's) is made under the embedded store's write lock,
  // held until the run ends: another process writing between the check and this run's writes (a
  // kb ingest beside kb demo on a new file) would make what the check saw untrue.
  let lock: HeldWriteLock | null = null;
  try {
    if (before !== undefined) {
      lock = holdWriteLock(kb.store);
      await before(kb.store);
    }
  } catch (error) {
    lock?.release(false);
    await kb.close();
    throw error;
  }
  const bar = progressBar(process.stderr, 'ingest');
  const stop = stopOnSignal(dry, bar);
  try {
    return await kb.ingest(input, {
      signal: stop.signal,
      ...(rejectsPath === null ? {} : { rejectsPath }),
      ...(cmd.batchSize ? { batchSize: cmd.batchSize } : {}),
      onProgress: (p) => showIngestProgress(bar, p),
    });
  } finally {
    stop.dispose();
    bar.finish();
    try {
      // What the run wrote is kept, as each batch's commit would have kept it (an interrupted run's too).
      lock?.release(true);
    } finally {
      await kb.close();
    }
  }
}

/** The run's report as text; `dry`: a dry run's, whose lines would be stored but were not. */
export function summarise(r: IngestReport, dry = false): string {
  const lines = [
    `Ingest run ${r.runId}: ${counted(r.lines, 'line')}, ${counted(r.records, 'record')} in ${counted(r.batches, 'batch', 'batches')}.`,
    `  added ${r.added} (${counted(r.eventsAppended, 'event')}), already present ${r.skipped}, rejected ${counted(r.rejectedLines, 'line')}${
      r.rejectedProblems > r.rejectedLines ? ` (${r.rejectedProblems} problems)` : ''
    }.`,
  ];
  if (r.added === 0 && r.skipped > 0 && r.rejected.length === 0)
    lines.push('  Nothing new: every record was already in the knowledge base.');
  if (r.notices.length > 0) {
    const shown = r.notices.slice(0, 20);
    lines.push('', `Notes (${notedLines(r, dry)}; each note says what to check):`);
    for (const x of shown) {
      const more = x.lines > 1 ? ` (and ${x.lines - 1} more line${x.lines === 2 ? '' : 's'} like it)` : '';
      lines.push(`  line ${x.line}, ${x.path}: ${x.message}${more}`);
    }
    if (r.notices.length > shown.length)
      lines.push(
        `  … and ${r.notices.length - shown.length} more (--json lists ${r.noticesNotListed > 0 ? `the first ${r.notices.length}` : 'every one'})`,
      );
    if (r.noticesNotListed > 0)
      lines.push(`  and ${r.noticesNotListed} notes more on later lines, not listed`);
    if (r.notices.length > shown.length)
      lines.push(byField('lines noted', r.notices, (x) => x.lines, r.noticesNotListed > 0));
  }
  if (r.rejected.length > 0) {
    const shown = r.rejected.slice(0, 20);
    lines.push('', 'Rejected:');
    for (const x of shown) lines.push(`  line ${x.line}, ${x.path || '(record)'}: ${x.message}`);
    if (r.rejectedProblems > shown.length) {
      const listed = Math.min(r.rejectedProblems, REPORTED_REJECTIONS);
      const where = r.rejectedProblems > REPORTED_REJECTIONS ? `the first ${listed}` : 'every one';
      lines.push(`  … and ${r.rejectedProblems - shown.length} more (--json lists ${where})`);
      lines.push(byField('problems', r.rejected, () => 1, r.rejectedProblems > r.rejected.length));
    }
    if (notJson(r))
      lines.push(
        '',
        'These lines are not JSON at all: kb ingest reads claim records as NDJSON (one JSON object a line), a JSON array, or objects pretty-printed one after another (docs/claim-records.md). A CSV file or a spreadsheet needs converting first.',
      );
    if (r.rejectsPath)
      lines.push('', `The rejected lines are in ${r.rejectsPath}: fix them and ingest that file again.`);
  }
  return lines.join('\n');
}

/**
 * How many of a long list fall on each field, most first, so a run of thousands of lines says what
 * kind of problem it has before anyone reads the list: `  problems, by field: quote 120, occurred 30`.
 * `cut`: the report kept only the first of them, and the counts are of those.
 */
function byField<T extends { readonly path: string }>(
  what: string,
  items: readonly T[],
  weight: (item: T) => number,
  cut: boolean,
): string {
  const counts = new Map<string, number>();
  for (const x of items)
    counts.set(x.path || '(record)', (counts.get(x.path || '(record)') ?? 0) + weight(x));
  const fields = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = fields.slice(0, 12).map(([path, n]) => `${path} ${n}`);
  const rest = fields.length > shown.length ? `, and ${fields.length - shown.length} fields more` : '';
  return `  ${what}, by field${cut ? ' (of those listed)' : ''}: ${shown.join(', ')}${rest}`;
}

/**
 * What the noted lines are, as far as the run knows: stored by it, or already stored by an earlier
 * run (a run again that adds nothing notes the same lines), or some of each; a dry run's would be.
 */
function notedLines(r: IngestReport, dry: boolean): string {
  if (r.skipped === 0) return dry ? 'these lines would be stored' : 'these lines were stored';
  if (r.added === 0) return 'these lines were already stored by an earlier run';
  return dry
    ? 'these lines are stored already or would be by this run'
    : 'these lines are stored, by this run or an earlier one';
}

/** Whether nothing was taken and every problem reported is a line that is not JSON at all (a CSV file, say). */
function notJson(r: IngestReport): boolean {
  return (
    r.added === 0 &&
    r.skipped === 0 &&
    r.rejected.length > 0 &&
    r.rejected.every((x) => x.path === '' && x.message.startsWith('not JSON'))
  );
}

/** `n` and the word for n of it: 1 line, 2 lines. */
function counted(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}

/** Whether an ingest was stopped by the store (a full disk, a server gone) rather than by its input. */
function isStoreFailure(cause: unknown): boolean {
  return cause instanceof StoreUnavailableError || cause instanceof StoreClosedError;
}
