import { randomBytes } from 'node:crypto';
import type { EventStore, NewEvent } from '@kb/store';
import { tooLong } from '../../input/input-item.js';
import { openInput } from '../../input/open-input.js';
import { sameFile } from '../../input/same-file.js';
import { type ByteCounter, MAX_RECORD_LENGTH, splitRecords } from '../../input/split-records.js';
import { parseRecord, type RecordIssue } from '../../records/parse-record.js';
import { parseJsonSafely } from '../../records/safe-json.js';
import { clashMessage, commitBatch, differingFields } from '../batches/batch-writer.js';
import { differenceText, fieldsThatDiffer } from '../batches/content-difference.js';
import { FirstLines } from '../batches/first-lines.js';
import { KnownStreams } from '../batches/known-streams.js';
import { HeldCorrections } from '../corrections/held-corrections.js';
import { sameComposed } from '../identity/text-form.js';
import { prepareRecord } from '../prepare/prepare-record.js';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { RunContext } from '../prepare/run-context.js';
import { ABORTED, AbortWait } from './abort-wait.js';
import { checkIngestOptions } from './ingest-options.js';
import {
  IngestAbortedError,
  IngestInterruptedError,
  type IngestOptions,
  type IngestReport,
  NoticeTally,
  REPORTED_REJECTIONS,
  type Rejection,
} from './ingest-report.js';
import { RejectsFile, RejectsFileError } from './rejects-file.js';

/** What `ingest` reads: a file path, '-' for standard input, or records (objects or JSON strings). */
export type IngestInput = string | AsyncIterable<unknown> | Iterable<unknown>;

const DEFAULT_BATCH_SIZE = 100;

/**
 * Reads claim records and appends the events they imply, batch by batch, idempotently.
 * @example const report = await ingest(store, 'examples/central-asia-2023.ndjson');
 */
export async function ingest(
  store: EventStore,
  input: IngestInput,
  options: IngestOptions = {},
): Promise<IngestReport> {
  checkIngestOptions(options);
  checkInput(input);
  const run = new IngestRun(store, options);
  return run.run(input);
}

/** A path, '-', or something to iterate; anything else is the caller's slip, said before reading. */
function checkInput(input: unknown): void {
  if (typeof input === 'string') {
    if (input === '')
      throw new TypeError("ingest: the input path is empty (give a file's path, or '-' for stdin)");
    return;
  }
  const iterable =
    typeof input === 'object' &&
    input !== null &&
    (Symbol.iterator in input || Symbol.asyncIterator in input);
  if (!iterable)
    throw new TypeError(
      `ingest: input must be a file's path, '-' for stdin, or an iterable of records, got ${input === null ? 'null' : typeof input}`,
    );
}

/** A fresh run id: the ingest boundary is the one place a clock and randomness belong. */
export function newRunId(now: Date = new Date()): string {
  return `ingest-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-${randomBytes(3).toString('hex')}`;
}

interface Item {
  readonly line: number;
  readonly text: string;
  readonly error?: string;
  readonly unreadable?: true;
  /** The line a record spanning several ends on. */
  readonly endLine?: number;
}

class IngestRun {
  readonly #store: EventStore;
  readonly #options: IngestOptions;
  readonly #batchSize: number;
  readonly #known = new KnownStreams();
  /** What preparing a record asks, answered from the store and the batch being built. */
  readonly #ctx: RunContext;
  readonly #rejects: RejectsFile;
  readonly #counter: ByteCounter = { bytes: 0 };
  #totalBytes: number | null = null;
  /** Stops reading a file or stdin this run opened; absent for an iterable the caller owns. */
  #closeInput: (() => void) | undefined;

  // The batch being built.
  #batch: PreparedRecord[] = [];
  readonly #notices = new NoticeTally();
  /** Corrections already present whose values the claim no longer holds, waiting for a later line. */
  readonly #held = new HeldCorrections();
  #ownContent = new Map<string, { readonly event: NewEvent; readonly line: number }>();
  /** The line of this input that first stood for each claim the run stored or found stored. */
  readonly #firstLines: FirstLines;
  /** The ids of the events of the records the last commit rejected. */
  #rejectedInLastCommit = new Set<string>();

  #lines = 0;
  #records = 0;
  #added = 0;
  #skipped = 0;
  #events = 0;
  #batches = 0;
  #rejectedLines = 0;
  #rejectedProblems = 0;
  readonly #rejected: Rejection[] = [];

  constructor(store: EventStore, options: IngestOptions) {
    this.#store = store;
    this.#options = options;
    this.#ctx = new RunContext(store, options.runId ?? newRunId(), this.#known);
    this.#firstLines = new FirstLines(this.#ctx.runId);
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.#rejects = new RejectsFile(options.rejectsPath ?? null);
  }

  async run(input: IngestInput): Promise<IngestReport> {
    const { rejectsPath } = this.#options;
    if (
      rejectsPath !== undefined &&
      typeof input === 'string' &&
      input !== '-' &&
      sameFile(input, rejectsPath)
    )
      throw new Error(
        `rejectsPath ${rejectsPath} is the input file itself: writing rejected lines there would overwrite the input while it is read`,
      );
    // Opening the input fails before anything is written (no such file): that error is the caller's as is.
    const items = await this.#items(input);
    const { signal } = this.#options;
    const stop = signal === undefined ? null : new AbortWait(signal);
    try {
      const reading = items[Symbol.asyncIterator]();
      for (;;) {
        // The signal also ends a wait for input that may never come (a pipe gone quiet on stdin).
        const next = reading.next();
        let step: Awaited<typeof next> | typeof ABORTED;
        try {
          step = stop === null ? await next : await stop.race(next);
        } catch (error) {
          // The input failed midway (an iterable that throws, a file that cannot be read on): what
          // was read before it is valid and is committed, as when the run is stopped.
          await this.#rejectHeld();
          await this.#flush();
          throw error;
        }
        if (step === ABORTED) {
          next.catch(() => undefined);
          this.#closeInput?.();
        } else if (step.done) break;
        else {
          this.#lines = Math.max(this.#lines, step.value.endLine ?? step.value.line);
          await this.#take(step.value);
          if (this.#batch.length >= this.#batchSize) await this.#flush();
        }
        if (signal?.aborted) {
          await this.#rejectHeld();
          await this.#flush();
          throw new IngestInterruptedError(this.#report(), { cause: signal.reason });
        }
      }
      await this.#rejectHeld();
      await this.#flush();
      await this.#rejects.close();
    } catch (error) {
      // Rejected lines that cannot be written stop the run; the valid records read are still kept.
      if (error instanceof RejectsFileError) await this.#flush().catch(() => undefined);
      await this.#rejects.close().catch(() => undefined);
      if (error instanceof IngestAbortedError) throw error;
      throw new IngestAbortedError(this.#report(), { cause: error });
    } finally {
      stop?.dispose();
      // Read to its end, or left early: either way nothing more is read (and stdin lets the process go).
      this.#closeInput?.();
    }
    this.#progress();
    return this.#report();
  }

  async #items(input: IngestInput): Promise<AsyncIterable<Item>> {
    if (typeof input === 'string') {
      const source = await openInput(input);
      this.#totalBytes = source.totalBytes;
      this.#closeInput = () => source.close();
      return splitRecords(source.chunks, this.#counter);
    }
    return valuesAsItems(input);
  }

  async #take(item: Item): Promise<void> {
    if (item.error !== undefined) {
      if (item.unreadable) this.#records++;
      await this.#reject(item, [{ path: '', message: item.error }]);
      return;
    }
    if (item.text.trim() === '') return;
    this.#records++;
    const json = parseJsonSafely(item.text);
    if (!json.ok) {
      await this.#reject(item, [{ path: json.path, message: json.message }]);
      return;
    }
    const parsed = parseRecord(json.value, { keysChecked: true });
    if (!parsed.ok) {
      await this.#reject(item, parsed.issues);
      return;
    }
    const prepared = await prepareRecord(parsed.record, item.line, item.text, this.#ctx);
    if (!prepared.ok) {
      await this.#reject(item, prepared.issues);
      return;
    }
    const clash = this.#clashWithinBatch(prepared.record);
    if (clash !== null) {
      // The earlier line meets the store first: this one clashes only if that one is stored. One
      // the store refused (it clashed with a stored claim itself) leaves this line to be compared
      // with what is stored, as if the earlier one had never been in the input. One stored, or found
      // stored, is what this line is refused against, in the words a later batch would hear.
      await this.#flush();
      if (!this.#rejectedInLastCommit.has(clash.eventId)) {
        const message = (await this.#storedClash(prepared.record, clash.eventId)) ?? clash.message;
        await this.#reject(item, [{ path: keyPath(prepared.record), message }]);
        return;
      }
    }
    // Lines held for the fields this one corrects were truthfully present: this one decides them.
    for (const released of this.#held.takeOver(prepared.record)) this.#accept(released);
    if ((prepared.record.correction?.stale.length ?? 0) > 0) {
      for (const out of this.#held.hold(prepared.record)) await this.#reject(out, out.correction!.stale);
      return;
    }
    this.#accept(prepared.record);
  }

  /**
   * Why a record is refused whose event `eventId` the last commit stored (or found stored) with other
   * content: as the batch writer says it of a line of a later batch (clashMessage), so the message
   * does not depend on whether the two lines shared a batch. Null if the store does not hold it.
   */
  async #storedClash(record: PreparedRecord, eventId: string): Promise<string | null> {
    const own = record.own.find((p) => p.event.id === eventId);
    if (own === undefined) return null;
    for await (const twin of this.#store.readStream(own.stream)) {
      if (twin.id !== eventId) continue;
      const which = differenceText(differingFields(twin, own.event));
      return clashMessage(record, own.event, which, this.#firstLines.earlier(twin));
    }
    return null;
  }

  /** The run ends: a correction still held changed nothing and nothing after it did, so it is refused. */
  async #rejectHeld(): Promise<void> {
    for (const record of this.#held.drain()) await this.#reject(record, record.correction!.stale);
  }

  // The store catches a clash with an earlier batch; within one batch two records with one claim id
  // and different content are caught here, before they share a transaction.
  #clashWithinBatch(record: PreparedRecord): { eventId: string; message: string } | null {
    for (const { event } of record.own) {
      const earlier = this.#ownContent.get(event.id);
      if (earlier !== undefined && !sameEvent(earlier.event, event)) {
        const which = differenceText(fieldsThatDiffer(earlier.event.data, event.data));
        // Said as of a stored twin (the store's answer replaces it once the earlier line is stored).
        return { eventId: event.id, message: clashMessage(record, event, which, { line: earlier.line }) };
      }
    }
    return null;
  }

  #accept(record: PreparedRecord): void {
    this.#batch.push(record);
    for (const { event } of record.own)
      if (!this.#ownContent.has(event.id)) this.#ownContent.set(event.id, { event, line: record.line });
    this.#ctx.accepted(record);
  }

  async #flush(): Promise<void> {
    const batch = this.#batch;
    if (batch.length === 0) return;
    const outcome = await commitBatch(this.#store, batch, this.#known, (twin) =>
      this.#firstLines.earlier(twin),
    );
    this.#batches++;
    this.#added += outcome.added.length;
    this.#skipped += outcome.skipped.length;
    this.#events += outcome.eventsAppended;
    // A held correction released by a later line joins the batch after lines that follow it.
    const lines = batch.map((r) => r.line);
    this.#options.onBatch?.({
      batch: this.#batches,
      firstLine: Math.min(...lines),
      lastLine: Math.max(...lines),
      added: outcome.added.length,
      skipped: outcome.skipped.length,
      rejected: outcome.rejected.length,
      eventsAppended: outcome.eventsAppended,
    });
    this.#rejectedInLastCommit = new Set(
      outcome.rejected.flatMap(({ record }) => record.own.map(({ event }) => event.id)),
    );
    for (const { record, message } of outcome.rejected) {
      await this.#reject(record, [{ path: keyPath(record), message }]);
    }
    this.#ctx.committed(outcome.added);
    this.#firstLines.taken(outcome.added);
    this.#firstLines.taken(outcome.skipped);
    await this.#ctx.stored(outcome.appended, [...outcome.added, ...outcome.skipped]);
    for (const record of [...outcome.added, ...outcome.skipped])
      this.#notices.add(record.line, record.notices);
    this.#batch = [];
    this.#ownContent = new Map();
    this.#progress();
  }

  async #reject(item: { line: number; text: string }, issues: readonly RecordIssue[]): Promise<void> {
    this.#rejectedLines++;
    for (const issue of issues) {
      const rejection = { line: item.line, path: issue.path, message: issue.message };
      this.#rejectedProblems++;
      if (this.#rejected.length < REPORTED_REJECTIONS) this.#rejected.push(rejection);
      this.#options.onReject?.(rejection);
    }
    if (item.text !== '') await this.#rejects.write(item.text);
  }

  #progress(): void {
    this.#options.onProgress?.({
      lines: this.#lines,
      bytes: this.#counter.bytes,
      totalBytes: this.#totalBytes,
      added: this.#added,
      skipped: this.#skipped,
      rejected: this.#rejectedLines,
    });
  }

  #report(): IngestReport {
    return {
      runId: this.#ctx.runId,
      lines: this.#lines,
      records: this.#records,
      added: this.#added,
      eventsAppended: this.#events,
      skipped: this.#skipped,
      // In line order: a line the store refuses is heard of at its batch's commit, after later lines.
      rejected: [...this.#rejected].sort((a, b) => a.line - b.line),
      rejectedLines: this.#rejectedLines,
      rejectedProblems: this.#rejectedProblems,
      notices: this.#notices.list(),
      noticesNotListed: this.#notices.more,
      batches: this.#batches,
      rejectsPath: this.#rejects.written,
    };
  }
}

async function* valuesAsItems(input: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Item> {
  let line = 0;
  for await (const value of input) yield itemOf(value, ++line);
}

/**
 * One element of an iterable as the record reader takes it: the text of a string (a String, or
 * UTF-8 bytes), or an object's JSON, which is all a record can be. A value JSON cannot write (a
 * BigInt, a cycle, a getter that throws) is that element's problem, not the whole run's; a byte
 * order mark in front of a string is dropped, as at the start of a file; the length limit of a
 * file's records holds here too.
 */
function itemOf(value: unknown, line: number): Item {
  let text: string | undefined;
  if (typeof value === 'string') text = value;
  else if (value instanceof String) text = value.valueOf();
  else if (value instanceof Uint8Array) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return { line, text: '', unreadable: true, error: 'the bytes given are not UTF-8 text' };
    }
  } else {
    try {
      text = JSON.stringify(value) as string | undefined;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { line, text: '', unreadable: true, error: `not a record: JSON cannot hold it (${reason})` };
    }
    if (text === undefined || typeof value !== 'object')
      return { line, text: '', unreadable: true, error: `expected a record object, got ${kindOf(value)}` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > MAX_RECORD_LENGTH) return tooLong(line, MAX_RECORD_LENGTH);
  return { line, text };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value === 'symbol'
    ? 'a symbol'
    : typeof value === 'function'
      ? 'a function'
      : String(typeof value);
}

/** The field a record's key was given in, for a clash: a claim's or a correction's own `id`. */
function keyPath(record: PreparedRecord): string {
  return record.claim !== null || (record.correction?.id ?? null) !== null ? 'id' : '';
}

/** Two versions of one event with the same content, text compared in composed form (text-form.ts). */
function sameEvent(a: NewEvent, b: NewEvent): boolean {
  return a.type === b.type && a.version === b.version && sameComposed(a.data, b.data);
}
