// The EventStoreDB adapter: opening it, and the port's calls, each handed to the module that does
// it: appends (eventstoredb-append.ts), reads (eventstoredb-read.ts), subscriptions
// (eventstoredb-subscription.ts), the client's life and close() (eventstoredb-connection.ts).
// See docs/eventstoredb.md for the guarantees and limits.
import { EventStoreDBClient } from '@eventstore/db-client';
import { singleWrite } from '../append/single-write.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { checkReadAllOptions, checkReadStreamOptions, checkWrites } from '../port/checks.js';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
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
import { EventStoreDbAppends } from './eventstoredb-append.js';
import { verifyLogPerStream } from './eventstoredb-chain.js';
import { EventStoreDbConnection } from './eventstoredb-connection.js';
import { refuseSystemNames, toServerFilter } from './eventstoredb-mapping.js';
import { readAllEvents, readStreamEvents } from './eventstoredb-read.js';
import { acceptFrom, resolveStart } from './eventstoredb-start.js';
import { EventStoreDbSubscription, failedSubscription } from './eventstoredb-subscription.js';

// Kept in the port's errors (exported by @kb/store without loading the client); also from here.
export { AppendTooLargeError } from '../port/errors.js';

/** The environment variable that names the server, e.g. `esdb://localhost:2113?tls=false`. */
export const CONNECTION_STRING_ENV = 'EVENTSTORE_CONNECTION_STRING';

/** The connection string from `EVENTSTORE_CONNECTION_STRING`, or undefined when it is unset or blank. */
export function connectionStringFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[CONNECTION_STRING_ENV]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export interface EventStoreDbOptions {
  /** Where `recordedAt` comes from; the server's own `created` time is kept beside it. */
  readonly clock?: () => Date;
  /** How often an append re-reads and retries after losing a race to another writer. */
  readonly maxAppendAttempts?: number;
  /**
   * How long close() waits for appends in flight before it disposes the client anyway (default
   * 10,000 ms, the client's default deadline for one call). An append cut off then fails with
   * StoreUnavailableError saying it may or may not have been stored.
   */
  readonly closeTimeoutMs?: number;
}

/**
 * Opens the adapter on `connectionString`, or on `EVENTSTORE_CONNECTION_STRING` when it is omitted.
 * @example const store = await openEventStoreDb('esdb://localhost:2113?tls=false')
 */
export async function openEventStoreDb(
  connectionString?: string,
  options: EventStoreDbOptions = {},
): Promise<EventStoreDbStore> {
  const target = connectionString ?? connectionStringFromEnv();
  if (target === undefined) {
    throw new StoreUnavailableError(
      `no EventStoreDB connection string given and ${CONNECTION_STRING_ENV} is unset`,
    );
  }
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(target);
  } catch (error) {
    throw new StoreUnavailableError(`invalid EventStoreDB connection string "${target}"`, { cause: error });
  }
  return new EventStoreDbStore(client, options);
}

export class EventStoreDbStore implements EventStore {
  /** EventStoreDB has no multi-stream transaction: appendMany writes stream by stream. */
  readonly atomicBatches = false;
  readonly #connection: EventStoreDbConnection;
  readonly #appends: EventStoreDbAppends;

  constructor(client: EventStoreDBClient, options: EventStoreDbOptions = {}) {
    this.#connection = new EventStoreDbConnection(client, options.closeTimeoutMs ?? 10_000);
    this.#appends = new EventStoreDbAppends(
      this.#connection,
      options.clock ?? (() => new Date()),
      options.maxAppendAttempts ?? 5,
    );
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const write = singleWrite(stream, events, options);
    checkWrites([write], 'append');
    refuseSystemNames([write], 'append');
    return this.#appends.append(stream, events, options);
  }

  /**
   * Not atomic: streams are written one after another, so a failure leaves the earlier ones written.
   * A conflict is looked for in every stream before the first is written, though.
   */
  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    checkWrites(writes);
    // Every write checked before the first is made: appendMany is not atomic here.
    refuseSystemNames(writes);
    return this.#appends.appendMany(writes);
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    checkReadStreamOptions(stream, options);
    yield* readStreamEvents(this.#connection, stream, options, false);
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return readAllEvents(this.#connection, options);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    // A wrong argument is refused at once, as on every adapter. Failures of the store surface when
    // iterating, as with readStream and readAll, never from this call itself.
    checkReadAllOptions(options, 'subscribe');
    const connection = this.#connection;
    if (connection.closed) return failedSubscription(new StoreClosedError());
    const { after, filter } = options;
    // The start is resolved first (a read or two, see resolveStart); the subscription's own queue
    // fails iteration with the mapped error if that or the client call fails.
    const source = resolveStart(connection.client, after).then((fromPosition) =>
      connection.client.subscribeToAll({ fromPosition, filter: toServerFilter(filter) }),
    );
    const subscription = new EventStoreDbSubscription(
      source,
      (resolved) => acceptFrom(resolved, after, filter),
      (closed) => connection.forget(closed),
    );
    connection.track(subscription);
    return subscription;
  }

  /** Checks every stream's hash chain over the whole `$all` log (see verifyLogPerStream). */
  async verify(): Promise<VerifyReport> {
    return verifyLogPerStream(this.readAll());
  }

  /**
   * Refuses new calls at once, ends open subscriptions, lets appends under way finish (up to
   * `closeTimeoutMs`), then disposes the client. Calling it again returns the same promise
   * (eventstoredb-connection.ts).
   */
  close(): Promise<void> {
    return this.#connection.close();
  }
}
