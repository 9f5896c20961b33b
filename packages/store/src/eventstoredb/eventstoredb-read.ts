// Reads of one stream and of $all, for the port's readStream and readAll and for the reads an append
// decides on and checks its write with. A read that close() cut short fails with StoreClosedError
// rather than ending as if the stream or log ended there.
import { START, StreamNotFoundError } from '@eventstore/db-client';
import { checkReadAllOptions } from '../port/checks.js';
import { StoreUnavailableError } from '../port/errors.js';
import type { ReadAllOptions, ReadStreamOptions, StoredEvent } from '../port/event-store.js';
import { type StreamState, streamStateOf } from './eventstoredb-append-plan.js';
import type { EventStoreDbConnection } from './eventstoredb-connection.js';
import { fromRecordedEvent } from './eventstoredb-envelope.js';
import { mapEsdbError } from './eventstoredb-mapping.js';
import { acceptFrom, resolveStart } from './eventstoredb-start.js';

/**
 * `forAppend`: a read an append decides on or checks its write with. It asks for the leader
 * (`requiresLeader`): with nodePreference follower or random, the node the client picked may
 * not have replicated the write yet, and a lagging read would make the append plan on a stale
 * stream (a false race) or miss its own event on the read-back. Plain reads go where the
 * connection string says.
 */
export async function* readStreamEvents(
  connection: EventStoreDbConnection,
  stream: string,
  options: ReadStreamOptions,
  forAppend: boolean,
): AsyncIterable<StoredEvent> {
  // An append's reads go on while close() waits for the append; only the disposed client stops them.
  const assertUsable = forAppend ? () => connection.assertNotDisposed() : () => connection.assertOpen();
  assertUsable();
  const from = options.fromRevision ?? 0;
  if (options.maxCount === 0) return;
  const read = connection.client.readStream(stream, {
    fromRevision: from <= 0 ? START : BigInt(from),
    ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    ...(forAppend ? { requiresLeader: true } : {}),
  });
  let finished = false;
  try {
    for await (const resolved of read) {
      if (resolved.event) yield fromRecordedEvent(resolved.event);
    }
    finished = true;
  } catch (error) {
    finished = true;
    if (error instanceof StreamNotFoundError) return;
    throw mapEsdbError(error, { stream });
  } finally {
    // A reader that stops early leaves the server call open unless it is cancelled.
    if (!finished) await read.cancel();
  }
  // close() disposes the client, which cancels open calls; the client's ReadStream ignores that
  // cancellation (dist/streams/utils/ReadStream.js), so a read cut short by close() ends as if
  // the stream or log ended there. Said, rather than passed off as the whole: verify() would
  // otherwise report ok over part of the log.
  assertUsable();
}

/** The port's readAll: $all from the start `after` resolves to, filtered here. */
export async function* readAllEvents(
  connection: EventStoreDbConnection,
  options: ReadAllOptions,
): AsyncIterable<StoredEvent> {
  checkReadAllOptions(options);
  connection.assertOpen();
  const { after, filter, maxCount } = options;
  if (maxCount === 0) return;
  // The client's readAll takes no filter, so filtering happens here; a read includes the event
  // at its start, and acceptFrom skips everything at or before `after` (see resolveStart).
  const fromPosition = await resolveStart(connection.client, after);
  connection.assertOpen();
  const read = connection.client.readAll({ fromPosition });
  let delivered = 0;
  let finished = false;
  try {
    for await (const resolved of read) {
      const event = acceptFrom(resolved, after, filter);
      if (!event) continue;
      yield event;
      delivered++;
      if (maxCount !== undefined && delivered >= maxCount) return;
    }
    finished = true;
  } catch (error) {
    finished = true;
    throw mapEsdbError(error);
  } finally {
    if (!finished) await read.cancel();
  }
  connection.assertOpen(); // cut short by close(), as in readStreamEvents
}

/** The whole stream as an append decides on it, read from the leader. */
export async function readState(connection: EventStoreDbConnection, stream: string): Promise<StreamState> {
  const events: StoredEvent[] = [];
  for await (const event of readStreamEvents(connection, stream, {}, true)) events.push(event);
  return streamStateOf(events);
}

/**
 * The event at `revision` as reads give it, to check it is the one just planned (its hash) and
 * to report its position. The append result carries a position too, but for a write of several
 * events its halves need not both name the last event, and the port promises the same number
 * that readStream and readAll give.
 */
export async function readBack(
  connection: EventStoreDbConnection,
  stream: string,
  revision: number,
): Promise<StoredEvent> {
  for await (const event of readStreamEvents(
    connection,
    stream,
    { fromRevision: revision, maxCount: 1 },
    true,
  )) {
    return event;
  }
  throw new StoreUnavailableError(
    `EventStoreDB: event ${revision} of "${stream}" could not be read back after the append`,
  );
}
