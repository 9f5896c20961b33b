import type { ExpectedRevision } from './event-store.js';

/** The stream was not at the revision the writer expected. `actual` is -1 when the stream does not exist. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
    options?: { cause?: unknown },
  ) {
    super(
      `stream "${stream}": expected revision ${String(expected)}, but it is ${actual < 0 ? 'absent' : `at ${actual}`}`,
      options,
    );
  }
}

/** An event id that is already stored with other content, or in another stream: never overwritten. */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly eventId: string,
    readonly stream: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`event ${eventId} in "${stream}": ${reason}`, options);
  }
}

/** The store was used after close(). */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('the event store is closed');
  }
}

/** The underlying driver failed in a way the port has no better name for; `cause` holds the original. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
