import {
  ANY,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import {
  AppendTooLargeError,
  EventIdConflictError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from '../port/errors.js';
import {
  acceptsEvent,
  fromCurrentRevision,
  fromEsdbExpectedRevision,
  isSystemEvent,
  mapEsdbError,
  refuseSystemNames,
  toEsdbExpectedRevision,
  toGlobalPosition,
  toReadPosition,
  toServerFilter,
} from './eventstoredb-mapping.js';

describe('expected revision mapping', () => {
  it('maps the three words one to one and numbers to bigints', () => {
    expect(toEsdbExpectedRevision('any')).toBe(ANY);
    expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
  });

  it('refuses revisions the server could not mean', () => {
    expect(() => toEsdbExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toEsdbExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('maps back, and a missing stream counts as revision -1', () => {
    expect(fromEsdbExpectedRevision(7n)).toBe(7);
    expect(fromEsdbExpectedRevision(NO_STREAM)).toBe('no_stream');
    expect(fromCurrentRevision(NO_STREAM)).toBe(-1);
    expect(fromCurrentRevision(0n)).toBe(0);
  });
});

describe('position mapping', () => {
  it('uses the prepare position, the offset of the event itself', () => {
    expect(toGlobalPosition({ commit: 1234n, prepare: 1234n })).toBe(1234);
    expect(toGlobalPosition({ commit: 2000n, prepare: 1234n })).toBe(1234);
  });

  it('round-trips a number through a $all read position, where commit equals prepare', () => {
    expect(toReadPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
    expect(toGlobalPosition(toReadPosition(987_654_321))).toBe(987_654_321);
  });

  it('refuses a position beyond a safe integer, and a negative one', () => {
    const huge = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
    expect(() => toGlobalPosition({ commit: huge, prepare: huge })).toThrow(StoreUnavailableError);
    expect(() => toGlobalPosition({ commit: huge, prepare: huge })).toThrow(/beyond 2\^53-1/);
    // Named when the caller says which event it is.
    expect(() => toGlobalPosition({ commit: huge, prepare: huge }, 'event e in "s"')).toThrow(
      /^event e in "s": its \$all position 9007199254740992 \(prepare\) is beyond 2\^53-1/,
    );
    expect(() => toReadPosition(-1)).toThrow(RangeError);
  });
});

describe('filters', () => {
  it('treats $-prefixed types and streams as system events', () => {
    expect(isSystemEvent('$settings', 'Anything')).toBe(true);
    expect(isSystemEvent('mission-1', '$metadata')).toBe(true);
    expect(isSystemEvent('mission-1', 'ClaimRecorded')).toBe(false);
  });

  it('refuses streams and event types starting with $ at append, naming the first, as a RangeError', () => {
    const ok = { id: 'e', type: 'T', version: 1, data: {} };
    expect(() => refuseSystemNames([{ stream: 's', events: [ok] }], 'append')).not.toThrow();
    expect(() => refuseSystemNames([{ stream: '$s', events: [ok] }], 'append')).toThrow(
      /^append: stream "\$s" starts with "\$", which EventStoreDB keeps for its own system events/,
    );
    const writes = [
      { stream: 's', events: [ok] },
      { stream: 't', events: [ok, { ...ok, type: '$metadata' }] },
    ];
    expect(() => refuseSystemNames(writes)).toThrow(RangeError);
    expect(() => refuseSystemNames(writes)).toThrow(
      /^appendMany: writes\[1\]: events\[1\]\.type "\$metadata" starts with "\$"/,
    );
    // Further in is no system name: the server reserves only the leading $.
    expect(() => refuseSystemNames([{ stream: 'a$b', events: [{ ...ok, type: 'T$' }] }])).not.toThrow();
  });

  it('matches event types exactly and streams by prefix, both when both are given', () => {
    const filter = { eventTypes: ['ClaimRecorded'], streamPrefix: 'mission-' };
    expect(acceptsEvent('mission-1', 'ClaimRecorded', filter)).toBe(true);
    expect(acceptsEvent('mission-1', 'ClaimRecordedV2', filter)).toBe(false);
    expect(acceptsEvent('report-1', 'ClaimRecorded', filter)).toBe(false);
    expect(acceptsEvent('mission-1', 'Anything', undefined)).toBe(true);
    expect(acceptsEvent('mission-1', 'Anything', { eventTypes: [] })).toBe(false);
    expect(acceptsEvent('$stats-127.0.0.1:2113', 'StatsCollected', undefined)).toBe(false);
  });

  it('builds one server-side filter: exact types first, then stream prefix, else no system events', () => {
    const types = toServerFilter({ eventTypes: ['Claim.Recorded', 'AliasAdded'], streamPrefix: 'm-' });
    expect(types).toMatchObject({ filterOn: 'eventType', regex: '^(?:Claim\\.Recorded|AliasAdded)$' });
    expect(toServerFilter({ streamPrefix: 'mission-' })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['mission-'],
    });
    expect(toServerFilter(undefined)).toMatchObject({ filterOn: 'eventType', regex: '^[^$]' });
  });
});

describe('error mapping', () => {
  it('turns a wrong expected version into the port conflict, naming the caller expectation', () => {
    const raw = new WrongExpectedVersionError(undefined, {
      streamName: 'mission-1',
      expected: 3n,
      current: 5n,
    });
    const mapped = mapEsdbError(raw, { stream: 'mission-1', expected: 3 });
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ stream: 'mission-1', expected: 3, actual: 5, cause: raw });
  });

  it('reports an absent stream as actual -1 and falls back on the server expectation', () => {
    const raw = new WrongExpectedVersionError(undefined, {
      streamName: 'report-9',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    expect(mapEsdbError(raw)).toMatchObject({ stream: 'report-9', expected: 'stream_exists', actual: -1 });
  });

  it('wraps other driver failures as StoreUnavailableError with the original as cause', () => {
    const raw = new UnavailableError(undefined, 'connection refused');
    const mapped = mapEsdbError(raw, { stream: 'mission-1' });
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped.cause).toBe(raw);
    expect(mapped.message).toContain('unavailable');
    expect(mapped.message).toContain('mission-1');
    expect(mapEsdbError(new StreamNotFoundError(undefined, 'x'))).toBeInstanceOf(StoreUnavailableError);
    // What the client says when nothing listens on the port: the empty note at its end is dropped.
    const refused = new UnavailableError(
      undefined,
      '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2113. Resolution note: ',
    );
    expect(mapEsdbError(refused).message).toBe(
      'EventStoreDB unavailable: 14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2113.',
    );
  });

  it('reports an append the server finds too large as AppendTooLargeError, not as unavailable', () => {
    // What the client makes of the server's answer (dist/streams/appendToStream/unpackError.js).
    const raw = MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576);
    const mapped = mapEsdbError(raw, { stream: 'report-1', expected: 'any' });
    expect(mapped).toBeInstanceOf(AppendTooLargeError);
    expect(mapped).not.toBeInstanceOf(StoreUnavailableError);
    expect(mapped).toMatchObject({ stream: 'report-1', maxAppendSize: 1_048_576, cause: raw });
    expect(mapped.message).toBe(
      'the append to "report-1" is larger than the EventStoreDB server\'s limit for one append (MaxAppendSize of 1048576 bytes); nothing was written. Append fewer or smaller events at a time, or raise the server\'s MaxAppendSize',
    );
    expect(mapEsdbError(mapped)).toBe(mapped);
  });

  it("leaves out a MaxAppendSize of 0: the batch-append path reads protobuf's default when the server sent none", () => {
    // unpackToCommandError calls getMaxappendsize(), which gives 0, never undefined, for an absent field.
    const raw = MaxAppendSizeExceededError.fromMaxAppendSize(0);
    const mapped = mapEsdbError(raw, { stream: 'report-1' });
    expect(mapped).toBeInstanceOf(AppendTooLargeError);
    expect(mapped).toMatchObject({ maxAppendSize: undefined, limit: 'MaxAppendSize' });
    expect(mapped.message).not.toContain('0 bytes');
    expect(mapped.message).toContain('(MaxAppendSize);');
  });

  it("reports a newer server's MaxAppendEventSize refusal, which the client does not know, as AppendTooLargeError", () => {
    // Batch-append path: the client cannot unpack MaximumAppendEventSizeExceeded and rejects with
    // this UnknownError, the details dropped (dist/streams/appendToStream/unpackError.js).
    const batch = new UnknownError(undefined, 'Could not recognize MaximumAppendEventSizeExceeded');
    const mapped = mapEsdbError(batch, { stream: 'report-1', expected: 'any' });
    expect(mapped).toBeInstanceOf(AppendTooLargeError);
    expect(mapped).not.toBeInstanceOf(StoreUnavailableError);
    expect(mapped).toMatchObject({
      stream: 'report-1',
      limit: 'MaxAppendEventSize',
      maxAppendSize: undefined,
      maxAppendEventSize: undefined,
      cause: batch,
    });
    expect(mapped.message).toBe(
      'the append to "report-1" holds an event larger than the EventStoreDB server\'s limit for one event (MaxAppendEventSize); nothing was written. Make the event smaller, or raise the server\'s MaxAppendEventSize',
    );
    // Unary path: a raw gRPC INVALID_ARGUMENT with the server's trailers, which the client's own
    // convertToCommandError turns into an UnknownError holding it; the limit and event are read from it.
    const trailers: Record<string, string> = {
      exception: 'maximum-append-event-size-exceeded',
      'maximum-append-event-size': '4096',
      'event-id': '00000000-0000-4000-8000-000000000007',
      'proposed-append-event-size': '5000',
    };
    const unary = Object.assign(
      new Error('3 INVALID_ARGUMENT: Event with Id: …, exceeds Maximum Append Event Size of 4096.'),
      {
        code: 3,
        details: 'Event with Id: …, exceeds Maximum Append Event Size of 4096.',
        metadata: { getMap: () => trailers },
      },
    );
    const fromUnary = mapEsdbError(unary, { stream: 'report-1' });
    expect(fromUnary).toMatchObject({
      limit: 'MaxAppendEventSize',
      maxAppendEventSize: 4096,
      eventId: '00000000-0000-4000-8000-000000000007',
    });
    expect(fromUnary.message).toContain(
      '(MaxAppendEventSize of 4096 bytes): event 00000000-0000-4000-8000-000000000007 counts 5000 bytes; nothing was written',
    );
    // Any other status the client cannot unpack is still the server being unavailable.
    const other = new UnknownError(undefined, 'Could not recognize BadRequest');
    expect(mapEsdbError(other)).toBeInstanceOf(StoreUnavailableError);
  });

  it('leaves out a MaxAppendEventSize limit of 0 and an empty event id rather than reporting them', () => {
    // A trailer the server left empty or at 0 says nothing: no limit is 0 bytes, no event has id ''.
    const unary = (trailers: Record<string, string>) =>
      Object.assign(new Error('3 INVALID_ARGUMENT: Event exceeds Maximum Append Event Size.'), {
        code: 3,
        details: 'Event exceeds Maximum Append Event Size.',
        metadata: { getMap: () => ({ exception: 'maximum-append-event-size-exceeded', ...trailers }) },
      });
    const none = mapEsdbError(
      unary({ 'maximum-append-event-size': '0', 'event-id': '', 'proposed-append-event-size': '0' }),
      { stream: 'report-1' },
    );
    expect(none).toBeInstanceOf(AppendTooLargeError);
    expect(none).toMatchObject({
      limit: 'MaxAppendEventSize',
      maxAppendEventSize: undefined,
      eventId: undefined,
    });
    expect(none.message).toBe(
      'the append to "report-1" holds an event larger than the EventStoreDB server\'s limit for one event (MaxAppendEventSize); nothing was written. Make the event smaller, or raise the server\'s MaxAppendEventSize',
    );
    // Each on its own: a limit of 0 beside a real id, an empty id beside a real limit.
    const zeroLimit = mapEsdbError(
      unary({ 'maximum-append-event-size': '0', 'event-id': '00000000-0000-4000-8000-000000000007' }),
    );
    expect(zeroLimit).toMatchObject({
      maxAppendEventSize: undefined,
      eventId: '00000000-0000-4000-8000-000000000007',
    });
    expect(zeroLimit.message).toContain('(MaxAppendEventSize): event 00000000-0000-4000-8000-000000000007;');
    const emptyId = mapEsdbError(unary({ 'maximum-append-event-size': '4096', 'event-id': '' }));
    expect(emptyId).toMatchObject({ maxAppendEventSize: 4096, eventId: undefined });
    expect(emptyId.message).toContain('(MaxAppendEventSize of 4096 bytes); nothing was written');
  });

  it('passes the port’s own errors through unchanged', () => {
    const own = [
      new WrongExpectedRevisionError('s', 0, 1),
      new EventIdConflictError('e1', 's', 'is already stored in this stream with other content'),
      new StoreClosedError(),
      new StoreUnavailableError('event e1 in "s": metadata.version: expected an integer'),
    ];
    for (const error of own) expect(mapEsdbError(error)).toBe(error);
  });

  it('wraps what is not a CommandError too: a plain Error, a raw gRPC error, a thrown string', () => {
    // What discovery throws for a cluster string when no node answers (client dist/Client/discovery.js).
    const discovery = new Error('Failed to discover after 1 attempts.');
    const mapped = mapEsdbError(discovery, { stream: 'mission-1' });
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped.cause).toBe(discovery);
    expect(mapped.message).toBe(
      'EventStoreDB client failed (stream "mission-1"): Failed to discover after 1 attempts.',
    );
    // A raw gRPC error (numeric code 14, UNAVAILABLE), as the capability fetch can reject with.
    const raw = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
    });
    const rawMapped = mapEsdbError(raw);
    expect(rawMapped).toBeInstanceOf(StoreUnavailableError);
    expect(rawMapped.cause).toBe(raw);
    expect(rawMapped.message).toMatch(/^EventStoreDB unavailable: /);
    const thrown = mapEsdbError('Impossible situation');
    expect(thrown).toBeInstanceOf(StoreUnavailableError);
    expect(thrown.message).toContain('Impossible situation');
  });
});
