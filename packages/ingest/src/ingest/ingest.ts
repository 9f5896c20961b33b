import { randomBytes } from 'node:crypto';
import { claimStream, decodeEvent, reportStream } from '@kb/domain';
import { canonicalJson, type EventStore, type NewEvent } from '@kb/store';
import { ActorRegistry } from '../gazetteer/actors.js';
import { openInput } from '../input/open-input.js';
import { sameFile } from '../input/same-file.js';
import { type ByteCounter, splitRecords } from '../input/split-records.js';
import { parseRecord, type RecordIssue } from '../records/parse-record.js';
import { parseJsonSafely } from '../records/safe-json.js';
import { ABORTED, AbortWait } from './abort-wait.js';
import { commitBatch } from './batch-writer.js';
import { ClaimSuggestions } from './claim-suggestion.js';
import { differenceText, fieldsThatDiffer } from './content-difference.js';
import {
  IngestAbortedError,
  IngestInterruptedError,
  type IngestOptions,
  type IngestReport,
  NoticeTally,
  REPORTED_REJECTIONS,
  type Rejection,
} from './ingest-report.js';
import { KnownStreams } from './known-streams.js';
import { type PrepareContext, prepareRecord } from './prepare-record.js';
import type { PreparedRecord } from './prepared-record.js';
import { RejectsFile } from './rejects-file.js';
import { SourceGrades } from './source-grades.js';

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
  const run = new IngestRun(store, options);
  return run.run(input);
}

/** A fresh run id: the ingest boundary is the one place a clock and randomness belong. */
export function newRunId(now: Date = new Date()): string {
  return `ingest-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}-${randomBytes(3).toString('hex')}`;
}

interface Item {
  readonly line: number;
  readonly text: string;
  /** The already parsed value, for iterables of objects. */
  readonly value?: unknown;
  readonly error?: string;
  readonly unreadable?: true;
  /** The line a record spanning several ends on. */
  readonly endLine?: number;
}

class IngestRun implements PrepareContext {
  readonly runId: string;
  readonly registry = new ActorRegistry();
  readonly #store: EventStore;
  readonly #options: IngestOptions;
  readonly #batchSize: number;
  readonly #known = new KnownStreams();
  readonly #rejects: RejectsFile;
  readonly #counter: ByteCounter = { bytes: 0 };
  #totalBytes: number | null = null;
  #actorsLoaded = false;
  /** Stops reading a file or stdin this run opened; absent for an iterable the caller owns. */
  #closeInput: (() => void) | undefined;

  // The batch being built.
  #batch: PreparedRecord[] = [];
  #absent = new Set<string>();
  #registering = new Set<string>();
  #claims = new Map<string, string>();
  readonly #suggestions: ClaimSuggestions;
  readonly #grades: SourceGrades;
  readonly #notices = new NoticeTally();
  #ownContent = new Map<string, { readonly event: NewEvent; readonly line: number }>();
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
    this.runId = options.runId ?? newRunId();
    this.#batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
    this.#rejects = new RejectsFile(options.rejectsPath ?? null);
    this.#suggestions = new ClaimSuggestions(store);
    this.#grades = new SourceGrades(store);
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
        const step = stop === null ? await next : await stop.race(next);
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
          await this.#flush();
          throw new IngestInterruptedError(this.#report(), { cause: signal.reason });
        }
      }
      await this.#flush();
      await this.#rejects.close();
    } catch (error) {
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
    if (item.value === undefined && item.text.trim() === '') return;
    this.#records++;
    let value = item.value;
    const fromText = value === undefined;
    if (fromText) {
      const json = parseJsonSafely(item.text);
      if (!json.ok) {
        await this.#reject(item, [{ path: json.path, message: json.message }]);
        return;
      }
      value = json.value;
    }
    const parsed = parseRecord(value, { keysChecked: fromText });
    if (!parsed.ok) {
      await this.#reject(item, parsed.issues);
      return;
    }
    const prepared = await prepareRecord(parsed.record, item.line, item.text, this);
    if (!prepared.ok) {
      await this.#reject(item, prepared.issues);
      return;
    }
    const clash = this.#clashWithinBatch(prepared.record);
    if (clash !== null) {
      // The earlier line meets the store first: this one clashes only if that one is stored. One
      // the store refused (it clashed with a stored claim itself) leaves this line to be compared
      // with what is stored, as if the earlier one had never been in the input.
      await this.#flush();
      if (!this.#rejectedInLastCommit.has(clash.eventId)) {
        await this.#reject(item, [
          { path: prepared.record.claim === null ? '' : 'id', message: clash.message },
        ]);
        return;
      }
    }
    this.#accept(prepared.record);
  }

  // The store catches a clash with an earlier batch; within one batch two records with one claim id
  // and different content are caught here, before they share a transaction.
  #clashWithinBatch(record: PreparedRecord): { eventId: string; message: string } | null {
    for (const { event } of record.own) {
      const earlier = this.#ownContent.get(event.id);
      if (earlier !== undefined && contentOf(earlier.event) !== contentOf(event)) {
        const which = differenceText(fieldsThatDiffer(earlier.event.data, event.data));
        const what = record.claim === null ? `record ${record.key}` : `claim "${record.key}"`;
        return {
          eventId: event.id,
          message: `${what} appears earlier in this input (line ${earlier.line}) with different content${which}; send a correction record to change it`,
        };
      }
    }
    return null;
  }

  #accept(record: PreparedRecord): void {
    this.#batch.push(record);
    for (const { event } of record.own)
      if (!this.#ownContent.has(event.id)) this.#ownContent.set(event.id, { event, line: record.line });
    for (const need of record.needs) {
      this.#registering.add(need.stream);
      this.#grades.written(need.event);
    }
    for (const { event } of record.own) this.#grades.written(event);
    if (record.claim !== null) this.#claims.set(record.claim.claimId, record.claim.published);
  }

  async #flush(): Promise<void> {
    const batch = this.#batch;
    if (batch.length === 0) return;
    const outcome = await commitBatch(this.#store, batch, this.#known);
    this.#batches++;
    this.#added += outcome.added.length;
    this.#skipped += outcome.skipped.length;
    this.#events += outcome.eventsAppended;
    this.#options.onBatch?.({
      batch: this.#batches,
      firstLine: batch[0]!.line,
      lastLine: batch[batch.length - 1]!.line,
      added: outcome.added.length,
      skipped: outcome.skipped.length,
      rejected: outcome.rejected.length,
      eventsAppended: outcome.eventsAppended,
    });
    this.#rejectedInLastCommit = new Set(
      outcome.rejected.flatMap(({ record }) => record.own.map(({ event }) => event.id)),
    );
    for (const { record, message } of outcome.rejected) {
      await this.#reject(record, [{ path: record.claim === null ? '' : 'id', message }]);
    }
    this.#suggestions.committed(outcome.added.flatMap((r) => (r.claim === null ? [] : [r.claim.claimId])));
    for (const record of [...outcome.added, ...outcome.skipped])
      this.#notices.add(record.line, record.notices);
    this.#batch = [];
    this.#absent = new Set();
    this.#registering = new Set();
    this.#claims = new Map();
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
      runId: this.runId,
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
      batches: this.#batches,
      rejectsPath: this.#rejects.written,
    };
  }

  // PrepareContext: what preparing a record asks of the store and of the batch being built.

  // No store lookup here: offering a registration the store already holds costs nothing on a first
  // run, and on a re-run the batch writer finds it stored and counts it as present.
  async needsRegistration(stream: string): Promise<boolean> {
    return !this.#known.has(stream);
  }

  standingRegistration(stream: string): unknown {
    return this.#known.standing(stream);
  }

  async streamExists(stream: string): Promise<boolean> {
    if (this.#known.has(stream) || this.#registering.has(stream)) return true;
    if (this.#absent.has(stream)) return false;
    if (await this.#exists(stream)) {
      this.#known.add(stream);
      return true;
    }
    this.#absent.add(stream);
    return false;
  }

  notePending(stream: string): void {
    this.#registering.add(stream);
    this.#absent.delete(stream);
  }

  async claimPublished(claimId: string): Promise<{ published: string } | null> {
    const pending = this.#claims.get(claimId);
    if (pending !== undefined) return { published: pending };
    for await (const stored of this.#store.readStream(claimStream(claimId), { maxCount: 1 })) {
      const event = decodeEvent(stored.type, stored.version, stored.data);
      if (event.type !== 'ClaimRecorded') return null;
      for await (const report of this.#store.readStream(reportStream(event.data.reportId), { maxCount: 1 })) {
        const captured = decodeEvent(report.type, report.version, report.data);
        if (captured.type === 'ReportCaptured') return { published: captured.data.published.text };
      }
      return { published: 'unknown' };
    }
    return null;
  }

  sourceGrade(sourceId: string): Promise<string | null> {
    return this.#grades.current(sourceId);
  }

  async claimExists(claimId: string): Promise<boolean> {
    return this.#claims.has(claimId) || (await this.streamExists(claimStream(claimId)));
  }

  claimLike(claimId: string): Promise<string | null> {
    return this.#suggestions.closest(claimId, this.#claims.keys());
  }

  async loadStoredActors(): Promise<boolean> {
    if (this.#actorsLoaded) return false;
    this.#actorsLoaded = true;
    const aliases: { id: string; alias: string }[] = [];
    for await (const stored of this.#store.readAll({
      filter: { eventTypes: ['ActorRegistered', 'AliasAdded'] },
    })) {
      const event = decodeEvent(stored.type, stored.version, stored.data);
      if (event.type === 'ActorRegistered')
        this.registry.add({
          ...event.data,
          builtIn: this.registry.get(event.data.actorId)?.builtIn ?? false,
        });
      else if (event.type === 'AliasAdded' && event.data.subject === 'actor') aliases.push(event.data);
    }
    for (const { id, alias } of aliases) this.registry.addAlias(id, alias);
    return true;
  }

  async #exists(stream: string): Promise<boolean> {
    for await (const _ of this.#store.readStream(stream, { maxCount: 1 })) return true;
    return false;
  }
}

async function* valuesAsItems(input: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Item> {
  let line = 0;
  for await (const value of input) {
    line++;
    if (typeof value === 'string') yield { line, text: value };
    else yield { line, text: safeStringify(value), value };
  }
}

function contentOf(event: NewEvent): string {
  return canonicalJson([event.type, event.version, event.data]);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
