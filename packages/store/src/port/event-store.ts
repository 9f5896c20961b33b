// The event-store port: the one interface every adapter (memory, SQLite, EventStoreDB) implements
// and the shared contract suite checks. Small on purpose; anything richer is built on top of it.

/**
 * What the writer expects of the stream before this append:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet (the first event of a mission, report or claim);
 * - `stream_exists`: the stream must have at least one event;
 * - a number: the stream's last revision must be exactly this (0 after its first event).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Metadata a writer may attach; the store adds the rest of the envelope. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** The ingest run that wrote the event, so an auditor can find every event of one run. */
  readonly ingestRunId?: string;
}

/** An event offered for appending. The id makes a retried append a no-op, so derive it deterministically. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  /**
   * A JSON value, stored as the text JSON.stringify writes for it and read back parsed from that
   * text, which the hash chain covers. No value is walked before it is written (that would cost
   * every append), so one JSON has no form for is stored as JSON.stringify writes it: NaN and
   * Infinity as null, a Map or Set as {}, a Date as its ISO text, undefined members left out.
   * A value with no JSON text at all (undefined, a function) is refused, and nothing is written.
   */
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

/** An event as the store holds it: the writer's event plus the envelope only the store sets. */
export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly stream: string;
  /** 0-based position within its stream. */
  readonly revision: number;
  /** Position in the whole log; strictly increasing in log order, not necessarily contiguous. */
  readonly position: number;
  /** When the store recorded it, ISO 8601 UTC. Set by the store, never by a writer. */
  readonly recordedAt: string;
  /** sha-256 over the event's content and `prevHash`: see integrity/chain-hash.ts. */
  readonly hash: string;
  readonly prevHash: string;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's last revision after the append (also when nothing new was written). */
  readonly nextRevision: number;
  /** Global position of the stream's last event after the append. */
  readonly position: number;
  /** How many events were new; 0 when every id was already stored (an idempotent retry). */
  readonly appended: number;
}

export interface ReadFilter {
  /** Only events of these types. */
  readonly eventTypes?: readonly string[];
  /** Only events of streams whose name starts with this. */
  readonly streamPrefix?: string;
}

export interface ReadAllOptions {
  /** Read events strictly after this global position; omit to read from the start. */
  readonly after?: number;
  readonly filter?: ReadFilter;
  readonly maxCount?: number;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive); default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Checkpoint: deliver events strictly after this position; omit to start from the beginning. */
  readonly after?: number;
  readonly filter?: ReadFilter;
}

/**
 * A catch-up subscription: iterating yields every stored event after the checkpoint, then keeps
 * waiting for new ones until `close()`. Iteration ends cleanly once closed.
 */
export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

/** One stream's share of a multi-stream batch. */
export interface StreamWrite {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision?: ExpectedRevision;
}

export interface EventStore {
  /**
   * True when `appendMany` is all-or-nothing across streams (SQLite, memory). EventStoreDB has no
   * multi-stream transaction: there a batch is written stream by stream and a re-run completes it.
   */
  readonly atomicBatches: boolean;
  /** Appends events to one stream atomically: all are stored or none. Ids already stored are skipped. */
  append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams; results in the order of `writes`. When `atomicBatches` is true, one
   * failed expectation or conflict stores nothing of the whole batch.
   */
  appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]>;
  /** A stream's events in revision order; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /** The whole log in position order. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Releases the connection; later calls fail with StoreClosedError. */
  close(): Promise<void>;
}
