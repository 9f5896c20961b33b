import type { EventStore } from '@kb/store';
import { malformedAt } from '../../input/json-syntax.js';
import { openInput } from '../../input/open-input.js';
import { sameFile } from '../../input/same-file.js';
import { type ByteCounter, splitRecords } from '../../input/split-records.js';
import { parseRecord, type RecordIssue } from '../../records/parse-record.js';
import { parseJsonSafely } from '../../records/safe-json.js';
import { BatchContent, keyPath, storedClash } from '../batches/batch-content.js';
import { commitBatch } from '../batches/batch-writer.js';
import { FirstLines } from '../batches/first-lines.js';
import { KnownStreams } from '../batches/known-streams.js';
import { HeldCorrections } from '../corrections/held-corrections.js';
import { prepareRecord } from '../prepare/prepare-record.js';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { RunContext, rejectedClaimId } from '../prepare/run-context.js';
import { ABORTED, AbortWait } from './abort-wait.js';
import {
  IngestAbortedError,
  IngestInterruptedError,
  type IngestOptions,
  type IngestReport,
} from './ingest-report.js';
import { type IngestInput, type Item, valuesAsItems } from './input-items.js';
import { RejectsFile, RejectsFileError } from './rejects-file.js';
import { RunTally } from './run-tally.js';

const DEFAULT_BATCH_SIZE = 100;

/**
 * One ingest run: reads the input item by item, prepares each record (prepare-record.ts), gathers
 * the valid ones into batches and commits each (batch-writer.ts), holding back the corrections that
 * wait for a later line (held-corrections.ts), until the input ends, fails or the signal aborts.
 */
export class IngestRun {
  readonly #store: EventStore;
  readonly #options: IngestOptions;
  readonly #batchSize: number;
  readonly #known = new KnownStreams();
  /** What preparing a record asks, answered from the store and the batch being built. */
  readonly #ctx: RunContext;
  readonly #rejects: RejectsFile;
  readonly #counter: ByteCounter = { bytes: 0 };
  readonly #tally: RunTally;
  /** Stops reading a file or stdin this run opened; absent for an iterable the caller owns. */
  #closeInput: (() => void) | undefined;

  // The batch being built.
  #batch: PreparedRecord[] = [];
  /** Corrections already present whose values the claim no longer holds, waiting for a later line. */
  readonly #held = new HeldCorrections();
  readonly #content = new BatchContent();
  /** The line of this input that first stood for each claim the run stored or found stored. */
  readonly #firstLines: FirstLines;
  /** The ids of the events of the records the last commit rejected. */
  #rejectedInLastCommit = new Set<string>();
  /** Records taken so far: each one's order in the input, kept for the rejects file's line order. */
  #taken = 0;
  readonly #order = new WeakMap<PreparedRecord, number>();

  constructor(store: EventStore, options: IngestOptions, runId: string) {
    this.#store = store;
    this.#options = options;
    this.#ctx = new RunContext(store, runId, this.#known);
    this.#firstLines = new FirstLines(runId);
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.#rejects = new RejectsFile(options.rejectsPath ?? null);
    this.#tally = new RunTally(runId, options, this.#rejects, this.#counter);
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
          await this.#finish();
          throw error;
        }
        if (step === ABORTED) {
          next.catch(() => undefined);
          this.#closeInput?.();
        } else if (step.done) break;
        else {
          this.#tally.lines = Math.max(this.#tally.lines, step.value.endLine ?? step.value.line);
          await this.#take(step.value);
          // A commit may release held lines into the next batch (#flush): it may be full at once.
          while (this.#batch.length >= this.#batchSize) await this.#flush();
        }
        if (signal?.aborted) {
          await this.#finish();
          // Closed before the report is made: closing may put late lines elsewhere than planned (at
          // the end of a file that cannot be replaced) or drop them (a full disk), and the report
          // names the lines where they are.
          await this.#rejects.close();
          throw new IngestInterruptedError(this.#tally.report(), { cause: signal.reason });
        }
      }
      await this.#finish();
      await this.#rejects.close();
    } catch (error) {
      // Rejected lines that cannot be written stop the run; the valid records read are still kept.
      if (error instanceof RejectsFileError) await this.#flushAll().catch(() => undefined);
      await this.#rejects.close().catch(() => undefined);
      if (error instanceof IngestAbortedError) throw error;
      throw new IngestAbortedError(this.#tally.report(), { cause: error });
    } finally {
      stop?.dispose();
      // Read to its end, or left early: either way nothing more is read (and stdin lets the process go).
      this.#closeInput?.();
    }
    this.#tally.progress();
    return this.#tally.report();
  }

  async #items(input: IngestInput): Promise<AsyncIterable<Item>> {
    if (typeof input === 'string') {
      const source = await openInput(input);
      this.#tally.totalBytes = source.totalBytes;
      this.#closeInput = () => source.close();
      return splitRecords(source.chunks, this.#counter);
    }
    return valuesAsItems(input);
  }

  async #take(item: Item): Promise<void> {
    const order = ++this.#taken;
    if (item.error !== undefined) {
      if (item.unreadable) this.#tally.records++;
      await this.#tally.reject(item, [{ path: '', message: item.error }], order);
      return;
    }
    // JSON's white space alone is no record; a no-break space is, and is rejected naming it.
    if (/^[ \t\n\r]*$/.test(item.text)) return;
    this.#tally.records++;
    const json = parseJsonSafely(item.text);
    if (!json.ok) {
      // Malformed JSON is named where it breaks: a file's line and column, or a character of a text given.
      const message =
        json.syntax !== undefined && this.#closeInput !== undefined
          ? malformedAt(item, json.syntax, true)
          : json.message;
      await this.#tally.reject(item, [{ path: json.path, message }], order);
      return;
    }
    const parsed = parseRecord(json.value, { keysChecked: true });
    if (!parsed.ok) {
      this.#claimRejected(json.value, item.line);
      await this.#tally.reject(item, parsed.issues, order);
      return;
    }
    const prepared = await prepareRecord(parsed.record, item.line, item.text, this.#ctx);
    if (!prepared.ok) {
      this.#claimRejected(parsed.record, item.line);
      await this.#tally.reject(item, prepared.issues, order);
      return;
    }
    this.#order.set(prepared.record, order);
    const clash = this.#content.clash(prepared.record);
    if (clash !== null) {
      // The earlier line meets the store first: this one clashes only if that one is stored. One
      // the store refused (it clashed with a stored claim itself) leaves this line to be compared
      // with what is stored, as if the earlier one had never been in the input. One stored, or found
      // stored, is what this line is refused against, in the words a later batch would hear.
      await this.#flush();
      if (!this.#rejectedInLastCommit.has(clash.eventId)) {
        const stored = await storedClash(this.#store, prepared.record, clash.eventId, this.#firstLines);
        const issue = { path: keyPath(prepared.record), message: stored ?? clash.message };
        await this.#tally.reject(item, [issue], order);
        return;
      }
    }
    // Lines held for the fields this one corrects are released once the store takes it (#flush).
    if ((prepared.record.correction?.stale.length ?? 0) > 0) {
      for (const out of this.#held.hold(prepared.record, order)) await this.#reject(out.record, out.issues);
      return;
    }
    this.#accept(prepared.record);
  }

  /**
   * The input ends (or fails, or the run is stopped): the batch is committed, and so are the held
   * lines its commit releases, with those their own commit releases, until no batch is left; a
   * correction still held then changed nothing and nothing after it that the store took did, so it
   * is refused. A commit that fails leaves the held lines unreported, as the lines of its batch: the
   * run aborts, and running the input again decides them.
   */
  async #finish(): Promise<void> {
    await this.#flushAll();
    for (const { record, issues } of this.#held.drain()) await this.#reject(record, issues);
  }

  /** Commits batches until none is left (each commit may release held lines into the next). */
  async #flushAll(): Promise<void> {
    while (this.#batch.length > 0) await this.#flush();
  }

  #accept(record: PreparedRecord): void {
    this.#batch.push(record);
    this.#content.add(record);
    this.#ctx.accepted(record);
  }

  async #flush(): Promise<void> {
    const batch = this.#batch;
    if (batch.length === 0) return;
    const outcome = await commitBatch(this.#store, batch, this.#known, (twin) =>
      this.#firstLines.earlier(twin),
    );
    // Committed: whatever fails from here on (a rejected line that cannot be written) must not
    // commit and count this batch again.
    this.#batch = [];
    this.#content.clear();
    // A held correction released by a later line joins the batch after lines that follow it.
    this.#tally.committed(
      outcome,
      batch.map((r) => r.line),
    );
    this.#rejectedInLastCommit = new Set(
      outcome.rejected.flatMap(({ record }) => record.own.map(({ event }) => event.id)),
    );
    const taken = [...outcome.added, ...outcome.skipped];
    this.#ctx.committed(outcome.added);
    this.#firstLines.taken(outcome.added);
    this.#firstLines.taken(outcome.skipped);
    await this.#ctx.stored(outcome.appended, taken, outcome.created);
    for (const record of taken) this.#tally.notices.add(record.line, record.notices);
    this.#release(taken);
    for (const { record, message } of outcome.rejected) {
      // A claim without an id is under the id its content derives, which a line names only by chance.
      if (record.claim !== null && record.claim.derived !== true)
        this.#ctx.claimRejected(record.claim.claimId, record.line);
      await this.#reject(record, [{ path: keyPath(record), message }]);
    }
    // The rejected lines gathered are written at every batch: one that cannot be (a full disk) stops
    // the run here, not at the end of the input.
    this.#rejects.flush();
    this.#tally.progress();
  }

  /**
   * The records a commit took (added, or found already present) release the lines held before them
   * for the fields they correct (held-corrections.ts), and only those: a line the store refused (a
   * correction whose own id is stored, or earlier in this input, with other content) set nothing
   * again, so the lines it would have released go on waiting for a later line, or are rejected when
   * the run ends. Released lines are already stored (or are earlier in this input, now committed):
   * they join the next batch, whose commit finds them present and lets them release lines held
   * before them in turn; the end of the input commits batches until none is left (#finish). Their
   * rejections, if any, and the rejects file keep input order (#reject passes each line's order).
   */
  #release(taken: readonly PreparedRecord[]): void {
    const released = taken.flatMap((record) => this.#held.takeOver(record, this.#orderOf(record)));
    released.sort((a, b) => this.#orderOf(a) - this.#orderOf(b));
    for (const record of released) this.#accept(record);
  }

  #orderOf(record: PreparedRecord): number {
    return this.#order.get(record) ?? this.#taken;
  }

  /** A line rejected at parse or prepare: a claim whose id can be read is remembered as rejected (RunContext). */
  #claimRejected(record: unknown, line: number): void {
    const claimId = rejectedClaimId(record);
    if (claimId !== null) this.#ctx.claimRejected(claimId, line);
  }

  /** A record taken earlier rejected: at its own place in the input, whenever its rejection is known. */
  #reject(record: PreparedRecord, issues: readonly RecordIssue[]): Promise<void> {
    return this.#tally.reject(record, issues, this.#orderOf(record));
  }
}
