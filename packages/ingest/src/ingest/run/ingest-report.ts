/** One problem with one input line. */
export interface Rejection {
  /** 1-based line of the input (for a JSON array, the line its element starts on; for an iterable, its 1-based index). */
  readonly line: number;
  /** The field, as a dotted path (`source.published`, `via.0.relation`); '' for the line as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * Problems a report keeps: a run's memory must not grow with a file of bad lines (a million of them
 * once held 9 million entries, 2.3 GB). `rejectedProblems` counts them all, the rejects file keeps
 * every rejected line, and `onReject` is given every problem as it is found.
 */
export const REPORTED_REJECTIONS = 1000;

/** A note on stored lines: the first line that gave it, and how many lines gave the same note. */
export interface Notice extends Rejection {
  readonly lines: number;
}

/**
 * Distinct notes a report keeps, as it keeps rejections: a note naming each line's own claim (an
 * answer to a claim about another mission, say) is a distinct note on every line, and a million of
 * them held 430 MB more than the run otherwise needs.
 */
export const REPORTED_NOTICES = 1000;

/**
 * Notes gathered over a run, one per distinct path and message: a note every line gives costs one
 * entry. The first REPORTED_NOTICES distinct notes are kept; past them, a note already kept is still
 * counted, and the others only in `more`.
 */
export class NoticeTally {
  readonly #notes = new Map<string, { line: number; path: string; message: string; lines: number }>();
  #more = 0;

  /** Notes given past REPORTED_NOTICES distinct ones: not kept, counted once per line and note. */
  get more(): number {
    return this.#more;
  }

  /** The notes of a stored record, at its line. */
  add(line: number, notes: readonly { readonly path: string; readonly message: string }[]): void {
    for (const { path, message } of notes) {
      const key = `${path}\n${message}`;
      const seen = this.#notes.get(key);
      if (seen !== undefined) seen.lines++;
      else if (this.#notes.size < REPORTED_NOTICES) this.#notes.set(key, { line, path, message, lines: 1 });
      else this.#more++;
    }
  }

  /** The notes by their first line. */
  list(): Notice[] {
    return [...this.#notes.values()].map((n) => ({ ...n })).sort((a, b) => a.line - b.line);
  }
}

export interface IngestProgress {
  readonly lines: number;
  /** The input's bytes handled: up to the end of the last record read, not what was read ahead. */
  readonly bytes: number;
  /** The input's size when it is a file; null for stdin and iterables. */
  readonly totalBytes: number | null;
  readonly added: number;
  readonly skipped: number;
  /** Rejected lines (a line with three problems counts once). */
  readonly rejected: number;
}

export interface IngestOptions {
  /** Names the run in every event's metadata; generated from the clock when absent. */
  readonly runId?: string;
  /** Records per transaction; default 100. */
  readonly batchSize?: number;
  /** Where to write rejected lines verbatim, one per line, to fix and ingest again. Created only if a line is rejected. */
  readonly rejectsPath?: string;
  /** Called after every committed batch and at the end. */
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Called with every problem of every rejected line, as it is found (the report keeps the first REPORTED_REJECTIONS). */
  readonly onReject?: (rejection: Rejection) => void;
  /** Called once per batch, right after its transaction committed: which lines it held and what it did. */
  readonly onBatch?: (batch: CommittedBatch) => void;
  /**
   * Stops the run between records once aborted, and ends a wait for input that has not come (a
   * quiet pipe on stdin; a file or stdin the run opened is closed). The records read so far are
   * committed (a batch is never cut in two); a record still being read is not taken. The run then
   * fails with IngestInterruptedError, whose report says how far it got. Running the same input
   * again goes on from there, as every stored record is skipped.
   */
  readonly signal?: AbortSignal;
}

/** One committed batch (one transaction): its records' lines and what became of them. */
export interface CommittedBatch {
  /** 1-based number of the batch in this run. */
  readonly batch: number;
  /** Lines of the records the batch held, ascending; rejected lines never reach a batch. */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly added: number;
  readonly skipped: number;
  /** Records the store turned away at commit (a claim id stored with other content). */
  readonly rejected: number;
  readonly eventsAppended: number;
}

export interface IngestReport {
  readonly runId: string;
  /** Lines read, empty ones included (items, for an iterable). */
  readonly lines: number;
  /** Non-empty lines, valid or not. */
  readonly records: number;
  /** Records newly stored: claims, retractions, corrections and raw events. */
  readonly added: number;
  /** Events appended, registrations of missions, actors, sources and reports included. */
  readonly eventsAppended: number;
  /** Valid records already in the store (an earlier run, or a repeat within this input). */
  readonly skipped: number;
  /** One entry per problem (a line may have several), the first REPORTED_REJECTIONS of them, in line order. */
  readonly rejected: readonly Rejection[];
  /**
   * For each entry of `rejected`, at the same index: the 1-based line of the rejects file that holds
   * its record's copy, or null when the record is not copied (no rejects file; a record past the
   * length limit, or with bytes that are not UTF-8).
   */
  readonly rejectedCopies: readonly (number | null)[];
  /** How many lines were rejected. */
  readonly rejectedLines: number;
  /** How many problems were found in all; more than `rejected` holds when it was cut short. */
  readonly rejectedProblems: number;
  /**
   * Stored lines with something taken other than as written (an outlet's grade that did not apply):
   * one entry per distinct note, at the first line that gave it, with how many lines gave it.
   */
  readonly notices: readonly Notice[];
  /** Notes not in `notices`, given after REPORTED_NOTICES distinct ones were kept (one per line and note). */
  readonly noticesNotListed: number;
  /** Batches committed, each one transaction. */
  readonly batches: number;
  /** The rejects file, when one was written. */
  readonly rejectsPath: string | null;
}

/** The store failed mid-run (not a bad line): `report` says what was committed before the failure. */
export class IngestAbortedError extends Error {
  override readonly name: string = 'IngestAbortedError';
  constructor(
    readonly report: IngestReport,
    options?: { cause?: unknown },
  ) {
    super(
      `ingest stopped after ${report.batches} committed batches (${report.added} records added): ${
        options?.cause instanceof Error ? options.cause.message : String(options?.cause)
      }`,
      options,
    );
  }
}

/** The run was stopped through IngestOptions.signal: `report` covers every line read, all committed. */
export class IngestInterruptedError extends IngestAbortedError {
  override readonly name = 'IngestInterruptedError';
}
