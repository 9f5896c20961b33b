// Pure translations between the port's vocabulary and the EventStoreDB client's: revisions,
// positions, filters and errors. No connection here, so all of it is unit-tested without a server.
import {
  ANY,
  type AppendExpectedRevision,
  type CurrentRevision,
  convertToCommandError,
  eventTypeFilter,
  type Filter,
  isCommandError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  type Position,
  STREAM_EXISTS,
  streamNameFilter,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AppendTooLargeError,
  EventIdConflictError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../port/errors.js';
import type { ExpectedRevision, ReadFilter, StreamWrite } from '../port/event-store.js';
import { matchesFilter } from '../read/read-filter.js';

/** The port's expected revision as the client's: numbers become bigints, the three words map one to one. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`expected revision must be a non-negative integer, got ${expected}`);
      }
      return BigInt(expected);
  }
}

/** The client's expected revision back in the port's words (used when a server error is all we have). */
export function fromEsdbExpectedRevision(expected: AppendExpectedRevision): ExpectedRevision {
  return typeof expected === 'bigint' ? bigintToNumber(expected, 'revision') : expected;
}

/** A stream's current revision as the port counts it: 0-based, -1 when the stream does not exist. */
export function fromCurrentRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : bigintToNumber(current, 'revision');
}

/** ulong.MaxValue: how the server sends a position half it does not have (-1). */
export const NO_POSITION_HALF = 2n ** 64n - 1n;

/**
 * A log position as the port's single number: the prepare position, the byte offset of the event's
 * own record in the transaction log. It is unique per event and grows in log order. On `$all`
 * reads the commit position equals it (the server commits gRPC appends record by record); on
 * stream reads and append results the commit half may name the write's commit point instead, so it
 * is not the one to trust.
 */
export function toGlobalPosition(position: Position, where?: string): number {
  const prepare = position.prepare;
  if (prepare > BigInt(Number.MAX_SAFE_INTEGER) || prepare < 0n) {
    // 2^64-1 is the server's "no position"; callers that can meet it check for it first.
    throw new StoreUnavailableError(
      `${where ?? 'an event'}: its $all position ${prepare} (prepare) is beyond 2^53-1, the largest a JavaScript number holds exactly${prepare === NO_POSITION_HALF ? '; 2^64-1 is how the server sends "no position"' : ''}, so the adapter cannot report it`,
    );
  }
  return Number(prepare);
}

/** The port's position back as a $all position to read or subscribe from. */
export function toReadPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`a $all position must be a non-negative integer, got ${position}`);
  }
  const value = BigInt(position);
  return { commit: value, prepare: value };
}

/** Events the server writes for itself ($-prefixed types such as `$metadata`, or $-prefixed streams). */
export function isSystemEvent(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$');
}

/**
 * Throws a RangeError (the class the shared argument checks use for a value outside what is
 * allowed) naming the first stream or event type that starts with `$`: the server keeps those for
 * its own events, and readAll and subscribe leave them out as such, so an event written under one
 * would never be read back from the log.
 */
export function refuseSystemNames(writes: readonly StreamWrite[], call = 'appendMany'): void {
  const reserved =
    'starts with "$", which EventStoreDB keeps for its own system events; readAll and subscribe would never return it';
  writes.forEach((write, w) => {
    const at = call === 'append' ? call : `${call}: writes[${w}]`;
    if (write.stream.startsWith('$'))
      throw new RangeError(`${at}: stream ${JSON.stringify(write.stream)} ${reserved}`);
    write.events.forEach((event, e) => {
      if (event.type.startsWith('$')) {
        throw new RangeError(`${at}: events[${e}].type ${JSON.stringify(event.type)} ${reserved}`);
      }
    });
  });
}

/** The port's read filter checked on the client, system events excluded; the safety net behind any server-side filter. */
export function acceptsEvent(stream: string, type: string, filter: ReadFilter | undefined): boolean {
  return !isSystemEvent(stream, type) && matchesFilter(filter, type, stream);
}

/**
 * The narrowest server-side filter the client can express for a subscription: exact event types
 * (as an anchored regex), else a stream prefix, else "no system events". The server applies one
 * filter only, so when both criteria are given the stream prefix is checked by `acceptsEvent`.
 */
export function toServerFilter(filter: ReadFilter | undefined): Filter {
  if (filter?.eventTypes) {
    const alternatives = filter.eventTypes.map(escapeRegex).join('|');
    // An empty list matches nothing, as on the other adapters; `(?!)` is a regex that never matches.
    return eventTypeFilter({ regex: filter.eventTypes.length > 0 ? `^(?:${alternatives})$` : '(?!)' });
  }
  if (filter?.streamPrefix !== undefined && filter.streamPrefix !== '') {
    return streamNameFilter({ prefixes: [filter.streamPrefix] });
  }
  return eventTypeFilter({ regex: '^[^$]' });
}

/** What the adapter knows about the write that failed, to name the conflict the way the caller put it. */
export interface ErrorContext {
  readonly stream?: string;
  readonly expected?: ExpectedRevision;
}

/**
 * A failure of a client call in the port's terms: a wrong expected version becomes
 * WrongExpectedRevisionError (actual -1 when the stream is absent), a too large append or event
 * (MaxAppendSize, or a newer server's MaxAppendEventSize, which the client does not know)
 * AppendTooLargeError; the port's own errors (raised by the adapter while it read, e.g. an
 * envelope it cannot map) pass through unchanged; everything else becomes StoreUnavailableError with the original as `cause`, its message starting "EventStoreDB ".
 * That includes what is not a CommandError: the plain `Error("Failed to discover after N
 * attempts.")` of a cluster connection string (client dist/Client/discovery.js), a raw gRPC error
 * with a numeric `code` (the capability fetch before an append, dist/Client/ServerFeatures.js), and
 * bare strings. Call sites keep their own checks outside the code they map, so a RangeError of ours
 * never reaches here.
 */
export function mapEsdbError(error: unknown, context: ErrorContext = {}): Error {
  if (isPortError(error)) return error;
  // A raw gRPC error gets the client's own reading (unavailable, deadline exceeded, ...) first.
  const converted = error instanceof Error ? convertToCommandError(error) : error;
  if (converted instanceof MaxAppendSizeExceededError) {
    // The limit the server sent: parsed from the unary path's trailers (NaN when not a number,
    // dist/utils/CommandError.js), and on the batch-append path read with getMaxappendsize(),
    // which gives protobuf's default 0 for an absent field (dist/streams/appendToStream/
    // unpackError.js). No server refuses appends at a limit of 0, so 0 too means "not said".
    const limit =
      Number.isSafeInteger(converted.maxAppendSize) && converted.maxAppendSize > 0
        ? converted.maxAppendSize
        : undefined;
    return new AppendTooLargeError(context.stream, limit, { cause: error });
  }
  const overEventLimit = eventSizeRefusal(converted);
  if (overEventLimit) {
    return new AppendTooLargeError(context.stream, undefined, { cause: error, event: overEventLimit });
  }
  if (converted instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(
      context.stream ?? converted.streamName,
      context.expected ?? fromEsdbExpectedRevision(converted.expectedVersion),
      fromCurrentRevision(converted.actualVersion),
      { cause: error },
    );
  }
  const where = context.stream === undefined ? '' : ` (stream "${context.stream}")`;
  if (converted instanceof Error && isCommandError(converted)) {
    // gRPC ends a refused connection's message with an empty "Resolution note:"; it says nothing.
    const message =
      converted.message.replace(/\s*Resolution note:\s*$/, '') || withoutMessage(converted.type);
    return new StoreUnavailableError(`EventStoreDB ${converted.type}${where}: ${message}`, {
      cause: error,
    });
  }
  // The client throws plain Errors (discovery) and bare strings for a few "impossible" wire states.
  const message = converted instanceof Error ? converted.message : String(converted);
  return new StoreUnavailableError(`EventStoreDB client failed${where}: ${message}`, { cause: error });
}

/**
 * What a client error means when the client made it without a message, as its batch-append path
 * does for several of the server's refusals of an append (unpackToCommandError,
 * dist/streams/appendToStream/unpackError.js: `new AccessDeniedError()` and the like, whose
 * message CommandErrorBase leaves ""). A timeout there may come after the server wrote the events.
 */
function withoutMessage(type: string): string {
  switch (type) {
    case 'access-denied':
      return "the server refused it for lack of permission and said no more: check the user's rights on the stream";
    case 'deadline-exceeded':
      return 'the server did not finish it within its deadline and said no more; an append may or may not have been written: read the stream to see';
    case 'stream-deleted':
      return 'the stream was deleted on the server (a tombstone), which takes no more events';
    case 'unknown':
      return 'the server reported a failure and said nothing of it';
    default:
      return 'the client gave no message';
  }
}

/**
 * What the server said of an event over its MaxAppendEventSize (24.10.4 and later, KurrentDB), a
 * refusal client 6.2.1 does not know, or undefined for any other error. On the batch-append path
 * the server answers with a status whose details are MaximumAppendEventSizeExceeded and whose
 * message is that name (Status.MaximumAppendEventSizeExceeded in the server's gRPC layer); the
 * client, not knowing the type, rejects with `UnknownError("Could not recognize
 * MaximumAppendEventSizeExceeded")` and drops the details (unpackToCommandError,
 * dist/streams/appendToStream/unpackError.js). On the unary append the server throws gRPC
 * INVALID_ARGUMENT with `exception: maximum-append-event-size-exceeded` and the limit, event id
 * and size in its trailers, which convertToCommandError (dist/utils/CommandError.js) leaves an
 * UnknownError holding the raw error.
 */
function eventSizeRefusal(
  converted: unknown,
): { maxAppendEventSize?: number; id?: string; size?: number } | undefined {
  if (!(converted instanceof UnknownError)) return undefined;
  if (/^Could not recognize MaximumAppendEventSizeExceeded\b/.test(converted.message)) return {};
  const trailers = rawTrailers(converted._raw);
  if (trailers?.['exception'] !== 'maximum-append-event-size-exceeded') return undefined;
  const count = (value: string | undefined): number | undefined => {
    const n = value === undefined ? Number.NaN : Number(value);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  };
  const limit = count(trailers['maximum-append-event-size']);
  const size = count(trailers['proposed-append-event-size']);
  const id = trailers['event-id'];
  return {
    ...(limit === undefined ? {} : { maxAppendEventSize: limit }),
    ...(id === undefined || id === '' ? {} : { id }),
    ...(size === undefined ? {} : { size }),
  };
}

/** A raw gRPC error's trailers as text, the way the client reads them (metadata.getMap()). */
function rawTrailers(raw: unknown): Readonly<Record<string, string | undefined>> | undefined {
  const metadata = (raw as { metadata?: { getMap?: () => Record<string, unknown> } } | undefined)?.metadata;
  if (typeof metadata?.getMap !== 'function') return undefined;
  const map = metadata.getMap();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) out[key] = String(value);
  return out;
}

/** The port's own errors, and this adapter's: already in the caller's terms, never re-wrapped. */
function isPortError(error: unknown): error is Error {
  return (
    error instanceof WrongExpectedRevisionError ||
    error instanceof EventIdConflictError ||
    error instanceof StoreClosedError ||
    error instanceof StoreUnavailableError ||
    error instanceof AppendTooLargeError
  );
}

function bigintToNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new StoreUnavailableError(
      `EventStoreDB ${what} ${value} is beyond 2^53-1, the largest a JavaScript number holds exactly`,
    );
  }
  return Number(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
