import type { ByteCounter } from '../../input/split-records.js';
import type { RecordIssue } from '../../records/parse-record.js';
import type { CommitOutcome } from '../batches/batch-writer.js';
import {
  type IngestOptions,
  type IngestReport,
  NoticeTally,
  REPORTED_REJECTIONS,
  type Rejection,
} from './ingest-report.js';
import type { RejectsFile } from './rejects-file.js';

/**
 * What a run counts, and what it tells as it goes: each rejected line (to `onReject` and the rejects
 * file), the progress after each batch (`onProgress`), and at the end its report.
 */
export class RunTally {
  /** The last line read. */
  lines = 0;
  records = 0;
  /** The size of the file read, when the run opened one. */
  totalBytes: number | null = null;
  readonly notices = new NoticeTally();
  readonly #runId: string;
  readonly #options: IngestOptions;
  readonly #rejects: RejectsFile;
  readonly #counter: ByteCounter;
  #added = 0;
  #skipped = 0;
  #events = 0;
  #batches = 0;
  #rejectedLines = 0;
  #rejectedProblems = 0;
  /** The problems listed, each with its record's order in the input and whether its text was copied. */
  readonly #rejected: (Rejection & { readonly order: number; readonly copied: boolean })[] = [];

  constructor(runId: string, options: IngestOptions, rejects: RejectsFile, counter: ByteCounter) {
    this.#runId = runId;
    this.#options = options;
    this.#rejects = rejects;
    this.#counter = counter;
  }

  /** A batch was committed: counted, and told to `onBatch`. */
  committed(outcome: CommitOutcome, lines: readonly number[]): void {
    this.#batches++;
    this.#added += outcome.added.length;
    this.#skipped += outcome.skipped.length;
    this.#events += outcome.eventsAppended;
    this.#options.onBatch?.({
      batch: this.#batches,
      firstLine: Math.min(...lines),
      lastLine: Math.max(...lines),
      added: outcome.added.length,
      skipped: outcome.skipped.length,
      rejected: outcome.rejected.length,
      eventsAppended: outcome.eventsAppended,
    });
  }

  /** A record rejected; `order` is its place among the input's records (the rejects file keeps that order). */
  async reject(
    item: { line: number; text: string },
    issues: readonly RecordIssue[],
    order: number,
  ): Promise<void> {
    this.#rejectedLines++;
    const copied = item.text !== '';
    for (const issue of issues) {
      const rejection = { line: item.line, path: issue.path, message: issue.message };
      this.#rejectedProblems++;
      if (this.#rejected.length < REPORTED_REJECTIONS) this.#rejected.push({ ...rejection, order, copied });
      this.#options.onReject?.(rejection);
    }
    if (copied) await this.#rejects.write(order, item.text);
  }

  progress(): void {
    this.#options.onProgress?.({
      lines: this.lines,
      bytes: this.#counter.bytes,
      totalBytes: this.totalBytes,
      added: this.#added,
      skipped: this.#skipped,
      rejected: this.#rejectedLines,
    });
  }

  report(): IngestReport {
    // In input order: a line the store refuses is heard of at its batch's commit, after later lines,
    // and a correction held to the end of the run at its end.
    const listed = [...this.#rejected].sort((a, b) => a.order - b.order);
    return {
      runId: this.#runId,
      lines: this.lines,
      records: this.records,
      added: this.#added,
      eventsAppended: this.#events,
      skipped: this.#skipped,
      rejected: listed.map(({ line, path, message }) => ({ line, path, message })),
      rejectedCopies: listed.map((r) => (r.copied ? this.#rejects.lineOf(r.order) : null)),
      rejectedLines: this.#rejectedLines,
      rejectedProblems: this.#rejectedProblems,
      notices: this.notices.list(),
      noticesNotListed: this.notices.more,
      batches: this.#batches,
      rejectsPath: this.#rejects.written,
    };
  }
}
