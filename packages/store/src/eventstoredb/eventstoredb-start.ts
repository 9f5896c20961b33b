// Where a $all read or subscription starts for the port's exclusive `after`, and which events it keeps. ESDB positions are
// byte offsets, and the server accepts only the exact start of an event record: any other number
// makes newer servers fail ("Trying to read from an invalid position", gRPC Unknown) and some
// versions deliver nothing at all (KurrentDB-Client-Dotnet issue #124). The port lets callers pass
// any whole number (`kb log --from N` reads after N-1), so `after` is resolved to a position the
// server is known to accept, and the caller still skips every event at or before `after`.
import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  type EventStoreDBClient,
  isCommandError,
  type Position,
  type ReadPosition,
  START,
} from '@eventstore/db-client';
import type { ReadFilter, StoredEvent } from '../port/event-store.js';
import { fromRecordedEvent } from './eventstoredb-envelope.js';
import { acceptsEvent, mapEsdbError, toGlobalPosition, toReadPosition } from './eventstoredb-mapping.js';

/**
 * A start the server accepts, from which reading and skipping positions <= `after` yields exactly
 * the events after it:
 * - no `after`: START;
 * - an empty log: START; `after` at or past the last event: that event's own position (so a
 *   subscription misses nothing appended meanwhile);
 * - `after` the exact position of an event: that position;
 * - otherwise START: correct, but the read goes through the log from its beginning.
 * A failure that is not the server refusing the position (unreachable, deadline, ...) is thrown as
 * the port's error rather than hidden behind a read from START.
 */
export async function resolveStart(
  client: EventStoreDBClient,
  after: number | undefined,
): Promise<ReadPosition> {
  if (after === undefined) return START;
  let last: Position | undefined;
  try {
    last = await firstOf(client, { fromPosition: END, direction: BACKWARDS, maxCount: 1 });
  } catch (error) {
    throw mapEsdbError(error);
  }
  if (last === undefined) return START;
  if (after >= toGlobalPosition(last, 'the last event in $all')) return last;
  const exact = toReadPosition(after);
  let probe: Position | undefined;
  try {
    probe = await firstOf(client, { fromPosition: exact, maxCount: 1 });
  } catch (error) {
    if (!refusesPosition(error)) throw mapEsdbError(error);
    return START;
  }
  return probe !== undefined && toGlobalPosition(probe, `the event at $all position ${after}`) === after
    ? probe
    : START;
}

/** The $all position of the first event a one-event read yields, undefined when it yields none. */
async function firstOf(
  client: EventStoreDBClient,
  options: Parameters<EventStoreDBClient['readAll']>[0],
): Promise<Position | undefined> {
  const read = client.readAll(options);
  let ended = false;
  try {
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
      return resolved.event?.position;
    }
    ended = true;
    return undefined;
  } finally {
    // Leaving after the first event leaves the call open unless it is cancelled.
    if (!ended) await read.cancel();
  }
}

/** Client errors that mean the server cannot be asked at all, as opposed to a refused request. */
const UNREACHABLE = new Set([
  'unavailable',
  'deadline-exceeded',
  'timeout',
  'cancelled',
  'not-leader',
  'access-denied',
]);

/**
 * Whether a probe failed because the server refused the position. Servers report an invalid
 * position as gRPC Unknown, which the client turns into UnknownError; any other CommandError that
 * is not about reaching the server is treated alike, since a read from START then settles it.
 */
function refusesPosition(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && !UNREACHABLE.has(error.type);
}

/** The port's view of one $all event, or undefined when it is a system event, filtered out or not after the checkpoint. */
export function acceptFrom(
  resolved: AllStreamResolvedEvent,
  after: number | undefined,
  filter: ReadFilter | undefined,
): StoredEvent | undefined {
  const recorded = resolved.event;
  if (!recorded || !acceptsEvent(recorded.streamId, recorded.type, filter)) return undefined;
  const event = fromRecordedEvent(recorded);
  return after !== undefined && event.position <= after ? undefined : event;
}
