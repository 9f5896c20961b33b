// TEST SUPPORT ONLY: an in-process stand-in for the few EventStoreDBClient methods the adapter
// calls (readStream, readAll, appendToStream, subscribeToAll, dispose, capabilities), so the unit tests can drive
// logic that needs a server. It is NOT an EventStoreDB and the contract suite never runs on it
// (eventstoredb-store.int.test.ts needs a real server). Each behaviour copies what the client
// source in node_modules/@eventstore/db-client/dist/ or the server's documentation says, cited
// where it is implemented; nothing else of the server is modelled. The server's rules for an
// append are in eventstoredb-stand-in-append.ts, a read call in eventstoredb-stand-in-read.ts, live
// subscriptions and their server-side filters in eventstoredb-stand-in-subscription.ts, and what
// becomes of an event's data and metadata on the wire in eventstoredb-stand-in-wire.ts.
import {
  type AllStreamSubscription,
  ANY,
  type AppendExpectedRevision,
  type AppendResult,
  BACKWARDS,
  END,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  NotLeaderError,
  type Position,
  type ReadPosition,
  START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import { NO_POSITION_HALF } from './eventstoredb-mapping.js';
import { clientCancellation, decideAppend } from './eventstoredb-stand-in-append.js';
import { invalidPositionError, type Recorded, StandInRead } from './eventstoredb-stand-in-read.js';
import { StandInSubscriptions } from './eventstoredb-stand-in-subscription.js';
import { throughTheWire } from './eventstoredb-stand-in-wire.js';

export { StandInRead } from './eventstoredb-stand-in-read.js';

/** Bytes a record takes in the stand-in's log besides its JSON: positions are byte offsets, not counts. */
const RECORD_OVERHEAD = 160n;

export class StandInClient {
  readonly log: Recorded[] = [];
  /**
   * What a read or subscription from a $all position that is not the start of an event record
   * does: newer servers fail with gRPC Unknown "Trying to read from an invalid position" (the
   * client turns Unknown into UnknownError, dist/utils/CommandError.js convertToCommandError);
   * some versions deliver nothing (KurrentDB-Client-Dotnet issue #124).
   */
  invalidPosition: 'error' | 'nothing' = 'error';
  /**
   * Whether stream reads carry each event's $all position, as servers do from 22.6 on. Set false
   * for an older server: it sends -1 for both halves, as ulong.MaxValue (Position.FromInt64 in the
   * server's gRPC layer), which the client hands on as 2^64-1 (dist/utils/convertGrpcEvent.js
   * extractPosition). $all reads always carry positions.
   */
  streamReadPositions = true;
  /** The server's MaxAppendSize (default 1 MiB), counted as the server counts it (sizeOnServer). */
  maxAppendSize = 1024 * 1024;
  /**
   * The server's MaxAppendEventSize, per event (24.10.4 and later, KurrentDB; no limit by
   * default), counted the same way. Client 6.2.1 does not know its refusal (see decideAppend).
   */
  maxAppendEventSize = Number.POSITIVE_INFINITY;
  /**
   * Whether a MaxAppendSize refusal carries the limit, as the server's does. False models an
   * answer without it, which the client reads as protobuf's default 0.
   */
  reportsMaxAppendSize = true;
  /** Runs before an append is applied, so a test can let another writer in between read and write. */
  beforeAppend: ((stream: string) => void | Promise<void>) | undefined;
  /** Lets a test fail a readAll as the client would (e.g. UnavailableError); undefined reads normally. */
  failReadAll: ((fromPosition: ReadPosition, direction: string) => Error | undefined) | undefined;
  /** Runs after a read has delivered each event, with how many it delivered so far. */
  afterDeliver: ((delivered: number) => void) | undefined;
  /** Every readAll call's options, so a test can see where reads started. */
  readonly readAllCalls: { fromPosition: ReadPosition; direction: string; maxCount: number }[] = [];
  /** Every readStream call's stream and options, so a test can see which reads asked for the leader. */
  readonly readStreamCalls: { stream: string; requiresLeader: boolean }[] = [];
  /**
   * Set while the client is connected to a follower (nodePreference follower or random) that has
   * not yet replicated the log's last `lag` records: reads are served from what it has. A read
   * with `requiresLeader` is refused there with NotLeaderError (the client's `requires-leader`
   * header, dist/Client/index.js callArguments), and the client then reconnects to the leader the
   * error names (shouldReconnect/handleError there), which clears this. Appends reach the leader.
   */
  follower: { lag: number } | undefined;
  /**
   * Lets a test have the node refuse a leader-only call with NotLeaderError on demand: a readStream
   * with requiresLeader, or an append (as a read-only replica refuses every write, and a follower
   * one sent with requires-leader). 'refuse': the node answers NotHandled before reading or
   * writing anything (the server's ClusterVNodeController, DenyRequestBecauseNotLeader), which the
   * gRPC layer sends as not-leader with the leader's address. 'refuse-after-write',
   * for an append: it is written, yet fails as not-leader all the same, as an append pending on the
   * batch-append call does when another's refusal ends the call (see notLeaderEndsBatchCall). Each
   * refusal clears `follower`, as the client then reconnects to the leader the error names.
   */
  notLeader:
    | ((call: 'read' | 'append', stream: string) => 'refuse' | 'refuse-after-write' | undefined)
    | undefined;
  /**
   * Whether an append's not-leader refusal fails every append pending on the client, other
   * streams' included, as it does when the client appends over its one shared batch-append call
   * (every append without per-call credentials on a server of 21.10 or later,
   * dist/streams/appendToStream/index.js). The server throws the not-leader error from the write's
   * callback, which ends the whole call with it (Streams.BatchAppend.cs, ConvertMessage and
   * writer.TryComplete), and the client rejects every promise pending on the call with it
   * (dist/streams/appendToStream/batchAppend.js, on 'error'); it opens a new call for the next
   * append. A pending append cut off so may have been written all the same: here it still is, once
   * beforeAppend lets it through (a test's beforeAppend that throws for it drops it instead). False:
   * only the refused append fails, as on the unary append of servers without batch append.
   */
  notLeaderEndsBatchCall = true;
  /**
   * The version the server reports through ServerFeatures, as the client's `capabilities` getter
   * gives it (dist/Client/ServerFeatures.js): "unknown" for a server that does not implement that
   * call (before 21.10).
   */
  serverVersion = '24.10.0.0';
  /** How many times the adapter asked for the server's version. */
  capabilityCalls = 0;
  readonly #open = new Set<StandInRead>();
  readonly #subscriptions = new StandInSubscriptions();
  readonly #appending = new Set<(error: Error) => void>();
  #end = 4096n;

  /** The client's `capabilities` getter: what the server says of itself, here only its version. */
  get capabilities(): Promise<{ readonly serverVersion: string }> {
    this.capabilityCalls++;
    return Promise.resolve({ serverVersion: this.serverVersion });
  }

  /** The stand-in as the adapter's constructor takes it; only the methods above exist. */
  asClient(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /**
   * Writes an event at the log's end: the adapter's (from appendToStream) or one it did not write (a
   * system event, another writer). Data and metadata are kept as the client sends them
   * (eventstoredb-stand-in-wire.ts), by `contentType` (an appended event's); without one, a
   * Uint8Array as binary and anything else as JSON text.
   */
  record(
    streamId: string,
    type: string,
    id: string,
    data: unknown,
    metadata: unknown,
    contentType?: string,
  ): Recorded {
    const revision = BigInt(this.log.filter((e) => e.streamId === streamId).length);
    // Bytes, as the server keeps them: a read returns values parsed afresh, never the writer's objects.
    const sent = throughTheWire(data, metadata, contentType);
    const position: Position = { commit: this.#end, prepare: this.#end };
    this.#end += RECORD_OVERHEAD + BigInt(sent.bytes);
    const event = {
      streamId,
      id,
      revision,
      type,
      data: sent.data,
      metadata: sent.metadata,
      isJson: sent.isJson,
      created: new Date(),
      position,
    } as unknown as Recorded;
    this.log.push(event);
    this.#subscriptions.deliver(event);
    return event;
  }

  readStream(
    stream: string,
    {
      fromRevision = START,
      maxCount = Number.MAX_SAFE_INTEGER,
      requiresLeader = false,
    }: { fromRevision?: bigint | 'start'; maxCount?: number; requiresLeader?: boolean } = {},
  ): StandInRead {
    this.readStreamCalls.push({ stream, requiresLeader });
    if (requiresLeader && (this.follower || this.notLeader?.('read', stream))) {
      return this.#read([], this.#notLeader());
    }
    const events = this.#replicated().filter((e) => e.streamId === stream);
    // The server answers an absent stream with stream-not-found; the client's ReadStream destroys
    // the call with StreamNotFoundError (dist/streams/utils/ReadStream.js _transform).
    if (events.length === 0) return this.#read([], new StreamNotFoundError(undefined, stream));
    const from = fromRevision === START ? 0n : fromRevision;
    const read = events.filter((e) => e.revision >= from).slice(0, maxCount);
    if (this.streamReadPositions) return this.#read(read);
    const none = { commit: NO_POSITION_HALF, prepare: NO_POSITION_HALF };
    return this.#read(read.map((e) => ({ ...e, position: none })));
  }

  readAll({
    fromPosition = START,
    maxCount = Number.MAX_SAFE_INTEGER,
    direction = 'forwards',
    requiresLeader = false,
  }: {
    fromPosition?: ReadPosition;
    maxCount?: number;
    direction?: string;
    requiresLeader?: boolean;
  } = {}): StandInRead {
    this.readAllCalls.push({ fromPosition, direction, maxCount });
    const failure = this.failReadAll?.(fromPosition, direction);
    if (failure) return this.#read([], failure);
    if (requiresLeader && this.follower) return this.#read([], this.#notLeader());
    const log = this.#replicated();
    // The client sends no filter for readAll (dist/streams/readAll.js setNoFilter): system events come too.
    if (direction === BACKWARDS) {
      if (fromPosition !== END) throw new Error('stand-in: backwards reads only from END');
      return this.#read([...log].reverse().slice(0, maxCount));
    }
    const from = this.#startIndex(fromPosition);
    // A forwards read from a position includes the event at it.
    if (from === 'invalid') return this.#invalidRead();
    return this.#read(log.slice(from, from + maxCount));
  }

  /** The log as the node serving a read has it (see follower). */
  #replicated(): readonly Recorded[] {
    const lag = this.follower?.lag ?? 0;
    return lag === 0 ? this.log : this.log.slice(0, -lag);
  }

  /** The server's answer to a leader-only call on a follower; the client reconnects to the leader. */
  #notLeader(): Error {
    this.follower = undefined;
    const leader = { 'leader-endpoint-host': 'leader.local', 'leader-endpoint-port': '2113' };
    return new NotLeaderError({
      code: 5,
      message: '5 NOT_FOUND: Leader info available',
      metadata: { getMap: () => leader },
    } as unknown as ConstructorParameters<typeof NotLeaderError>[0]);
  }

  /**
   * Returns the result the client returns with throwOnAppendFailure on (dist/streams/appendToStream).
   * dispose() cancels an append still in flight: the client rejects it with UnknownError, since its
   * batch-append call ends with gRPC CANCELLED "Cancelled on client", which convertToCommandError
   * (dist/utils/CommandError.js) does not map to CancelledError. The server may have the write
   * by then, so here it is still applied once beforeAppend lets it through.
   */
  appendToStream(
    stream: string,
    events: EventData[],
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    const refusal = this.notLeader?.('append', stream);
    if (refusal === 'refuse') {
      this.#endBatchCall();
      return Promise.reject(this.#notLeader());
    }
    if (refusal === 'refuse-after-write') {
      return this.#applyAppend(stream, events, options).then(() => {
        this.#endBatchCall();
        return Promise.reject(this.#notLeader());
      });
    }
    const applied = this.#applyAppend(stream, events, options);
    // A write whose caller was told it was cancelled fails (or succeeds) unobserved.
    applied.catch(() => {});
    let cancel: (error: Error) => void = () => {};
    const cancelled = new Promise<never>((_, reject) => {
      cancel = reject;
    });
    this.#appending.add(cancel);
    return Promise.race([applied, cancelled]).finally(() => this.#appending.delete(cancel));
  }

  /** A not-leader reply ending the batch-append call: every append pending on it fails (see notLeaderEndsBatchCall). */
  #endBatchCall(): void {
    if (!this.notLeaderEndsBatchCall) return;
    for (const cut of [...this.#appending]) cut(this.#notLeader());
  }

  async #applyAppend(
    stream: string,
    events: EventData[],
    { expectedRevision = ANY }: { expectedRevision?: AppendExpectedRevision },
  ): Promise<AppendResult> {
    await this.beforeAppend?.(stream);
    const current = this.log.filter((e) => e.streamId === stream);
    const repeat = decideAppend(stream, current, events, expectedRevision, this);
    if (repeat) return repeat;
    let last: Recorded | undefined;
    for (const e of events) last = this.record(stream, e.type, e.id!, e.data, e.metadata, e.contentType);
    return { success: true, nextExpectedRevision: last!.revision, position: last!.position };
  }

  /** Opens a catch-up subscription; a `filter` is applied as the server applies it (eventstoredb-stand-in-subscription.ts). */
  subscribeToAll({
    fromPosition = START,
    filter,
  }: {
    fromPosition?: ReadPosition;
    filter?: Filter;
  } = {}): AllStreamSubscription {
    const from = this.#startIndex(fromPosition);
    if (from === 'invalid' && this.invalidPosition === 'error') {
      return this.#subscriptions.failing(invalidPositionError());
    }
    // A subscription from a position starts after the event at it (unlike a read); from START, at the first.
    const skip = from === 'invalid' ? this.log.length : fromPosition === START ? from : from + 1;
    return this.#subscriptions.open(this.log.slice(skip), filter);
  }

  /**
   * The client's dispose cancels every open call (dist/Client/index.js); the ReadStream ignores a
   * client cancellation (isClientCancellationError in dist/streams/utils/ReadStream.js) and grpc-js
   * ends the call, so an open read just ends, as if the log ended there, and so does a live
   * subscription. An append in flight fails (see appendToStream). Like the client's, it sets no
   * flag: a call made after it still works.
   */
  async dispose(): Promise<void> {
    for (const read of this.#open) read.endEarly();
    for (const cancel of this.#appending) cancel(clientCancellation());
    this.#subscriptions.cancelAll();
  }

  #startIndex(fromPosition: ReadPosition): number | 'invalid' {
    if (fromPosition === START) return 0;
    if (fromPosition === END) return this.log.length;
    const index = this.log.findIndex(
      (e) => e.position.prepare === fromPosition.prepare && e.position.commit === fromPosition.commit,
    );
    if (index >= 0) return index;
    // The end of the log is where the next record goes: a valid place to read from, with nothing there.
    return fromPosition.prepare === this.#end && fromPosition.commit === this.#end
      ? this.log.length
      : 'invalid';
  }

  #invalidRead(): StandInRead {
    return this.invalidPosition === 'error' ? this.#read([], invalidPositionError()) : this.#read([]);
  }

  #read(events: readonly Recorded[], failure?: Error): StandInRead {
    const read = new StandInRead(
      events.map((event) => ({ event })),
      failure,
      (delivered) => this.afterDeliver?.(delivered),
      () => this.#open.delete(read),
    );
    this.#open.add(read);
    return read;
  }
}
