// What an append does after losing a race to another writer: wait a little (with jitter) before it
// reads and decides again, and what to report when every attempt lost. And what it does when a
// node refuses one of its calls as not the leader: try that call once more, on the leader.
import { convertToCommandError, NotLeaderError } from '@eventstore/db-client';
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

/**
 * How long a call refused as not-leader waits before it is tried again. The client reconnects to
 * the leader the refusal names in its handleError (dist/Client/index.js), which runs once the
 * refused call has failed and finishes within a few microtasks; any timer comes after it.
 */
const NOT_LEADER_PAUSE_MS = 10;

/**
 * Runs `call`, one of an append's calls that must reach the leader (a read with requiresLeader, or
 * the write). When the node refuses it as not the leader, the client has reconnected to the leader
 * the refusal names, so the call is made once more there, after `beforeRetry` (which may throw to
 * stop it). A second refusal fails with StoreUnavailableError naming `what`, the client's
 * NotLeaderError as cause. A refused call did nothing on the server (it answers NotHandled before
 * reading or writing), and the write is retried as it was, at the same exact expected revision, so
 * the server takes a write that had got through after all as a repeat of the same ids.
 */
export async function onLeader<T>(
  call: () => Promise<T>,
  what: string,
  beforeRetry: () => void = () => {},
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (notLeaderIn(error) === undefined) throw error;
  }
  await new Promise((resolve) => setTimeout(resolve, NOT_LEADER_PAUSE_MS));
  beforeRetry();
  try {
    return await call();
  } catch (error) {
    const refusal = notLeaderIn(error);
    if (refusal === undefined) throw error;
    const leader = `${refusal.leader.address}:${refusal.leader.port}`;
    throw new StoreUnavailableError(
      `EventStoreDB: ${what} was refused as not the leader twice, the second time after the client had reconnected to the leader the first refusal named (the second names ${leader}); a leader election may be under way: try again later`,
      { cause: refusal },
    );
  }
}

/** The client's NotLeaderError in `error`, as thrown or as the cause mapEsdbError kept; else undefined. */
function notLeaderIn(error: unknown): NotLeaderError | undefined {
  const thrown = error instanceof StoreUnavailableError ? error.cause : error;
  // A raw gRPC error says not-leader in its metadata; the client's own reading makes it the class.
  const converted = thrown instanceof Error ? convertToCommandError(thrown) : thrown;
  return converted instanceof NotLeaderError ? converted : undefined;
}
