// What an append does after losing a race to another writer: wait a little (with jitter) before it
// reads and decides again, and what to report when every attempt lost.
import { meetsExpectation } from '../append/expectation.js';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../port/errors.js';
import type { ExpectedRevision } from '../port/event-store.js';

/** The first wait between append attempts, doubled each time up to BACKOFF_CAP_MS. */
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 200;

/**
 * Waits before append attempt `attempt + 1`: a random time up to 10, 20, 40, ... ms (capped at
 * 200), so writers that raced each other do not race again in step ("full jitter").
 */
export function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/**
 * The error for an append whose every attempt lost a race, the stream now at `lastRevision`: the
 * caller's WrongExpectedRevisionError when their expectation no longer holds; otherwise (always
 * for 'any') no conflict their words allow, but contention: StoreUnavailableError, try later.
 */
export function lostEveryRace(
  stream: string,
  expected: ExpectedRevision,
  lastRevision: number,
  attempts: number,
  raced: unknown,
): Error {
  if (!meetsExpectation(expected, lastRevision)) {
    return new WrongExpectedRevisionError(stream, expected, lastRevision, { cause: raced });
  }
  return new StoreUnavailableError(
    `EventStoreDB contention on stream "${stream}": other writers got in first ${attempts} times in a row; try again later`,
    { cause: raced },
  );
}
