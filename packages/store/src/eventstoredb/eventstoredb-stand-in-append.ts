// TEST SUPPORT ONLY, part of StandInClient (eventstoredb-client-stand-in.ts): what the server does
// with an append, given the stream as it stands, and how the client reports a cancelled call.
import {
  ANY,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { Recorded } from './eventstoredb-stand-in-read.js';

/**
 * An event's size as the server counts it against its MaxAppendSize (Event.SizeOnDisk, summed
 * over the append in Streams.BatchAppend.cs): the bytes of its data and its metadata as the client
 * sends them, JSON text in UTF-8 (dist/streams/appendToStream/batchAppend.js; metadata only when
 * there is some), plus two bytes per UTF-16 unit of its type. Bytes, not string length: "é" is
 * one unit of a JavaScript string and two bytes on the wire. (Servers before 24.10.4 counted the
 * data alone; the stand-in counts as the later ones do.)
 */
export function sizeOnServer(event: EventData): number {
  const bytes = (value: unknown): number =>
    value instanceof Uint8Array ? value.byteLength : Buffer.byteLength(JSON.stringify(value), 'utf8');
  const metadata = event.metadata ? bytes(event.metadata) : 0;
  return bytes(event.data) + metadata + event.type.length * 2;
}

/** The server's size limits on an append (see StandInClient). */
export interface AppendLimits {
  readonly maxAppendSize: number;
  readonly maxAppendEventSize: number;
  readonly reportsMaxAppendSize: boolean;
}

/**
 * The server's answer to an append of `events` to `stream`, which holds `current`: it throws what
 * the client throws for a refusal, returns the result of a repeat (nothing to write), or returns
 * undefined when the events are to be written at the stream's end.
 */
export function decideAppend(
  stream: string,
  current: readonly Recorded[],
  events: readonly EventData[],
  expectedRevision: AppendExpectedRevision,
  limits: AppendLimits,
): AppendResult | undefined {
  // The server sizes each event as it adds it to the write, refusing at the first over
  // MaxAppendEventSize, and then the write as a whole (ClientWriteRequest.AddEvents and the check
  // after it, Streams.BatchAppend.cs). Either refusal drops the whole append.
  let size = 0;
  for (const e of events) {
    const eventSize = sizeOnServer(e);
    // Its status (details MaximumAppendEventSizeExceeded, message that name) is a type client
    // 6.2.1 does not know: unpackToCommandError (dist/streams/appendToStream/unpackError.js)
    // rejects with UnknownError "Could not recognize " and the message, the details dropped.
    if (eventSize > limits.maxAppendEventSize) {
      throw new UnknownError(undefined, 'Could not recognize MaximumAppendEventSizeExceeded');
    }
    size += eventSize;
  }
  // The client reports it as MaxAppendSizeExceededError with the limit read by
  // getMaxappendsize() (fromMaxAppendSize, same file): protobuf's 0 when the server left it out.
  if (size > limits.maxAppendSize) {
    throw MaxAppendSizeExceededError.fromMaxAppendSize(
      limits.reportsMaxAppendSize ? limits.maxAppendSize : 0,
    );
  }
  const at = current.length;
  const next =
    expectedRevision === NO_STREAM
      ? 0
      : typeof expectedRevision === 'bigint'
        ? Number(expectedRevision) + 1
        : at;
  // The server's idempotency check (docs: "Appending events", idempotence): at an exact or
  // no_stream expectation, events whose ids are already at the next revisions count as a repeat
  // and the append succeeds without writing. It compares ids only, not content.
  const already = current.slice(next, next + events.length);
  if (
    (expectedRevision === NO_STREAM || typeof expectedRevision === 'bigint') &&
    already.length === events.length &&
    already.every((e, i) => e.id === events[i]!.id)
  ) {
    // Nothing was written, so the server sends no position (its success carries "no position"),
    // and the client's result leaves it undefined (dist/streams/appendToStream/batchAppend.js).
    return { success: true, nextExpectedRevision: BigInt(next + events.length - 1) };
  }
  const holds =
    expectedRevision === ANY ||
    (expectedRevision === STREAM_EXISTS && at > 0) ||
    (expectedRevision === NO_STREAM && at === 0) ||
    (typeof expectedRevision === 'bigint' && Number(expectedRevision) === at - 1);
  if (!holds) {
    throw new WrongExpectedVersionError(undefined, {
      streamName: stream,
      expected: expectedRevision,
      current: at === 0 ? NO_STREAM : BigInt(at - 1),
    });
  }
  return undefined;
}

/** How the client reports a call it cancelled itself: gRPC CANCELLED "Cancelled on client", as UnknownError. */
export function clientCancellation(): Error {
  return new UnknownError({
    code: 1,
    details: 'Cancelled on client',
    message: '1 CANCELLED: Cancelled on client',
  } as unknown as ConstructorParameters<typeof UnknownError>[0]);
}
