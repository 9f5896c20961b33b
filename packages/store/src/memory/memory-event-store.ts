// The in-memory adapter: the whole log in an array, for tests and for tools that need no file.
// It keeps events as the JSON text it hashed and parses on read, so a caller that mutates an
// object it appended or read can never change the log, exactly as with the SQLite adapter.
import { type BatchLookup, type LogHead, type PlannedEvent, planBatch } from '../append/plan-batch.js';
import { recordedTimeAfter } from '../append/recorded-time.js';
import { singleWrite } from '../append/single-write.js';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { checkReadAllOptions, checkReadStreamOptions, checkWrites } from '../port/checks.js';
import { StoreClosedError } from '../port/errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../port/event-store.js';
import { matchesFilter } from '../read/read-filter.js';
import { CatchUpSubscription, type LogPage } from '../subscription/catch-up-subscription.js';
import { WakeSignal } from '../subscription/wake-signal.js';

export interface MemoryEventStoreOptions {
  /** Where recorded times come from; tests pass a fixed clock. */
  readonly clock?: () => Date;
}

/** An EventStore held in memory: atomic batches, one global hash chain, positions from 1. */
export class MemoryEventStore implements EventStore {
  readonly atomicBatches = true;
  readonly #clock: () => Date;
  readonly #log: PlannedEvent[] = [];
  readonly #byId = new Map<string, PlannedEvent>();
  readonly #streams = new Map<string, PlannedEvent[]>();
  readonly #signal = new WakeSignal();
  #head: LogHead = { position: 0, hash: GENESIS_HASH, count: 0 };
  #closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.#clock = options.clock ?? (() => new Date());
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const write = singleWrite(stream, events, options);
    checkWrites([write], 'append');
    const [result] = this.#appendMany([write]);
    return result!;
  }

  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    checkWrites(writes);
    return this.#appendMany(writes);
  }

  #appendMany(writes: readonly StreamWrite[]): AppendResult[] {
    this.#assertOpen();
    const lookup: BatchLookup = {
      tip: (stream) => this.#streams.get(stream)?.at(-1),
      stored: (id) => this.#byId.get(id),
    };
    const last = this.#log.at(-1)?.recordedAt ?? null;
    const plan = planBatch(writes, lookup, this.#head, recordedTimeAfter(this.#clock().toISOString(), last));
    for (const event of plan.events) {
      this.#log.push(event);
      this.#byId.set(event.id, event);
      const stream = this.#streams.get(event.stream);
      if (stream) stream.push(event);
      else this.#streams.set(event.stream, [event]);
    }
    this.#head = plan.head;
    if (plan.events.length > 0) this.#signal.fire();
    return [...plan.results];
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    checkReadStreamOptions(stream, options);
    this.#assertOpen();
    const events = this.#streams.get(stream) ?? [];
    const from = options.fromRevision ?? 0;
    const end = Math.min(events.length, from + (options.maxCount ?? Number.POSITIVE_INFINITY));
    for (let revision = Math.max(0, from); revision < end; revision++) {
      this.#assertOpen();
      yield toStored(events[revision]!);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    checkReadAllOptions(options);
    let after = options.after ?? 0;
    let left = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      this.#assertOpen();
      const page = this.#readPage(after, options.filter, Math.min(left, 1000));
      if (page.events.length === 0) return;
      for (const event of page.events) yield event;
      left -= page.events.length;
      after = page.scannedTo;
    }
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    checkReadAllOptions(options, 'subscribe');
    return new CatchUpSubscription(
      {
        readPage: (after, limit) => this.#readPage(after, options.filter, limit),
        isClosed: () => this.#closed,
        signal: this.#signal,
      },
      options.after,
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#signal.fire();
  }

  #readPage(after: number, filter: ReadAllOptions['filter'], limit: number): LogPage {
    const events: StoredEvent[] = [];
    // Positions are 1..n with no gaps here, so the first candidate is found by arithmetic.
    let index = Math.max(0, Math.floor(after));
    for (; index < this.#log.length && events.length < limit; index++) {
      const event = this.#log[index]!;
      if (matchesFilter(filter, event.type, event.stream)) events.push(toStored(event));
    }
    return { events, scannedTo: Math.max(after, index) };
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}

function toStored(event: PlannedEvent): StoredEvent {
  const { dataJson, metadataJson, ...envelope } = event;
  return { ...envelope, data: JSON.parse(dataJson), metadata: JSON.parse(metadataJson) };
}
