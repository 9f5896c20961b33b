import { randomBytes } from 'node:crypto';
import type { EventStore } from '@kb/store';
import { checkIngestOptions } from './ingest-options.js';
import type { IngestOptions, IngestReport } from './ingest-report.js';
import { IngestRun } from './ingest-run.js';
import type { IngestInput } from './input-items.js';

export type { IngestInput } from './input-items.js';

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
  const run = new IngestRun(store, options, options.runId ?? newRunId());
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
