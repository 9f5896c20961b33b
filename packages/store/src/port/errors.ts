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

/**
 * An append larger than an EventStoreDB server takes in one write. Two limits of the server can
 * refuse it: `MaxAppendSize` (1 MiB by default), counted over all the append's events (data,
 * metadata and type; servers before 24.10.4 counted the data alone), and, from 24.10.4 (and
 * KurrentDB), `MaxAppendEventSize`, counted per event (no limit by default). The server is fine; the same append fails again every time, so it is not a
 * StoreUnavailableError. `limit` names the one that refused it; `maxAppendSize` is the whole-append
 * limit in bytes and `maxAppendEventSize` the per-event one, each when the server said.
 */
export class AppendTooLargeError extends Error {
  override readonly name = 'AppendTooLargeError';
  readonly limit: 'MaxAppendSize' | 'MaxAppendEventSize';
  readonly maxAppendEventSize: number | undefined;
  /** The server's id of the event over MaxAppendEventSize, when it said. */
  readonly eventId: string | undefined;
  constructor(
    readonly stream: string | undefined,
    readonly maxAppendSize: number | undefined,
    options?: {
      cause?: unknown;
      /** Set when the per-event limit refused it, with what the server said of it. */
      event?: { readonly maxAppendEventSize?: number; readonly id?: string; readonly size?: number };
    },
  ) {
    super(
      appendTooLargeMessage(stream, maxAppendSize, options?.event),
      options !== undefined && 'cause' in options ? { cause: options.cause } : undefined,
    );
    const event = options?.event;
    this.limit = event === undefined ? 'MaxAppendSize' : 'MaxAppendEventSize';
    this.maxAppendEventSize = event?.maxAppendEventSize;
    this.eventId = event?.id;
  }
}

function appendTooLargeMessage(
  stream: string | undefined,
  maxAppendSize: number | undefined,
  event: { readonly maxAppendEventSize?: number; readonly id?: string; readonly size?: number } | undefined,
): string {
  const where = stream === undefined ? 'the append' : `the append to "${stream}"`;
  if (event === undefined) {
    const limit = maxAppendSize === undefined ? '' : ` of ${maxAppendSize} bytes`;
    return `${where} is larger than the EventStoreDB server's limit for one append (MaxAppendSize${limit}); nothing was written. Append fewer or smaller events at a time, or raise the server's MaxAppendSize`;
  }
  const limit = event.maxAppendEventSize === undefined ? '' : ` of ${event.maxAppendEventSize} bytes`;
  const size = event.size === undefined ? '' : ` counts ${event.size} bytes`;
  const which = event.id === undefined ? '' : `: event ${event.id}${size}`;
  return `${where} holds an event larger than the EventStoreDB server's limit for one event (MaxAppendEventSize${limit})${which}; nothing was written. Make the event smaller, or raise the server's MaxAppendEventSize`;
}

/** Where an event is in the log: enough to find it with `kb log --from`. */
export interface EventAt {
  readonly position: number;
  readonly stream: string;
  readonly type: string;
}

/**
 * An event the store holds but that cannot be read: its data or metadata is not JSON (an edit to the
 * file, a damaged page that still reads), or its data does not decode as its type. Named by
 * position, stream and type, with what failed, and pointing to `kb verify`, instead of passing on a
 * parser's bare message. The store throws it for a row it cannot parse; the projections for an
 * event they cannot decode.
 */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  constructor(
    readonly event: EventAt,
    /** What failed, in words: "its data is not JSON (…)". */
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(
      `the event at position ${event.position} (${event.stream}, ${event.type}) cannot be read: ${problem}. kb verify checks the whole log`,
      options,
    );
  }
}
