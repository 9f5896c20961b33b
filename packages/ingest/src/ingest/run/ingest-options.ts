// What `ingest` checks of its options before it reads a line: a script in plain JavaScript gets a
// clear error naming the option, not a batch committed and then a failure deep inside, nor an
// option misspelt and silently ignored.
import { closestName } from '@kb/domain';
import type { IngestOptions } from './ingest-report.js';

/** The most records one transaction may hold (as `kb ingest --batch-size` allows). */
export const MAX_BATCH_SIZE = 10_000;
/** A run id is written into every event's metadata and looked up by `kb log --run`. */
const RUN_ID = /^[\x21-\x7e]{1,200}$/;

const NAMES = ['runId', 'batchSize', 'rejectsPath', 'onProgress', 'onReject', 'onBatch', 'signal'] as const;
const CALLBACKS = ['onProgress', 'onReject', 'onBatch'] as const;

/** Throws a TypeError or RangeError for the first option that is wrong; returns when all are right. */
export function checkIngestOptions(options: IngestOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new TypeError(
      `ingest: options must be an object, got ${options === null ? 'null' : typeof options}`,
    );
  for (const name of Object.keys(options)) {
    if ((NAMES as readonly string[]).includes(name)) continue;
    const meant = closestName(name, NAMES);
    throw new TypeError(
      `ingest: unknown option "${name}"${meant === null ? '' : `; did you mean "${meant}"?`}`,
    );
  }
  const { runId, batchSize, rejectsPath, signal } = options;
  if (runId !== undefined && (typeof runId !== 'string' || !RUN_ID.test(runId)))
    throw new TypeError(
      `ingest: runId must be 1 to 200 printable characters without spaces, got ${shown(runId)}`,
    );
  if (
    batchSize !== undefined &&
    (typeof batchSize !== 'number' ||
      !Number.isInteger(batchSize) ||
      batchSize < 1 ||
      batchSize > MAX_BATCH_SIZE)
  )
    throw new RangeError(
      `ingest: batchSize must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${shown(batchSize)}`,
    );
  if (rejectsPath !== undefined && (typeof rejectsPath !== 'string' || rejectsPath === ''))
    throw new TypeError(`ingest: rejectsPath must be the path of a file, got ${shown(rejectsPath)}`);
  for (const name of CALLBACKS) {
    const callback = options[name];
    if (callback !== undefined && typeof callback !== 'function')
      throw new TypeError(`ingest: ${name} must be a function, got ${typeof callback}`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new TypeError('ingest: signal must be an AbortSignal (new AbortController().signal)');
}

/** A wrong value as the message shows it: numbers as written (NaN too), anything else as JSON. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? typeof value;
}
