// A view of one store in which every stream name carries a hidden prefix. The contract suite
// expects each factory call to start from an empty log, but one EventStoreDB server (and a
// long-lived one named by EVENTSTORE_CONNECTION_STRING above all) keeps every earlier run's events;
// a fresh prefix per call gives each test its own empty corner of the same server.

import { singleWrite } from '../append/single-write.js';
import { checkReadAllOptions, checkReadStreamOptions, checkWrites } from '../port/checks.js';
import { EventIdConflictError, WrongExpectedRevisionError } from '../port/errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadFilter,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../port/event-store.js';

/**
 * Wraps `store` so callers see stream names without `prefix`, and readAll/subscribe see only the
 * prefixed streams. Hashes stay those of the real (prefixed) streams, so verify against the inner store.
 */
export function namespacedStore(store: EventStore, prefix: string): EventStore {
  const outer = (event: StoredEvent): StoredEvent => ({
    ...event,
    stream: event.stream.slice(prefix.length),
  });
  const inner = (filter: ReadFilter | undefined): ReadFilter => ({
    ...filter,
    streamPrefix: prefix + (filter?.streamPrefix ?? ''),
  });
  const unprefix = (error: unknown): unknown => {
    if (error instanceof WrongExpectedRevisionError && error.stream.startsWith(prefix)) {
      return new WrongExpectedRevisionError(error.stream.slice(prefix.length), error.expected, error.actual, {
        cause: error,
      });
    }
    if (error instanceof EventIdConflictError && error.stream.startsWith(prefix)) {
      const stream = error.stream.slice(prefix.length);
      return new EventIdConflictError(error.eventId, stream, error.reason, { cause: error });
    }
    return error;
  };
  async function* mapped(events: AsyncIterable<StoredEvent>): AsyncIterable<StoredEvent> {
    for await (const event of events) yield outer(event);
  }
  return {
    atomicBatches: store.atomicBatches,
    async append(
      stream: string,
      events: readonly NewEvent[],
      options?: AppendOptions,
    ): Promise<AppendResult> {
      // Checked before the prefix: '' would otherwise become a valid stream name, "ns-".
      checkWrites([singleWrite(stream, events, options ?? {})], 'append');
      try {
        return await store.append(prefix + stream, events, options);
      } catch (error) {
        throw unprefix(error);
      }
    },
    async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
      checkWrites(writes);
      try {
        return await store.appendMany(writes.map((write) => ({ ...write, stream: prefix + write.stream })));
      } catch (error) {
        throw unprefix(error);
      }
    },
    readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
      checkReadStreamOptions(stream, options ?? {});
      return mapped(store.readStream(prefix + stream, options));
    },
    // The options are checked before the filter gains the prefix, which would turn a wrong one (a
    // prefix that is not a string, a filter that is not an object) into one that reads something.
    readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
      checkReadAllOptions(options ?? {}, 'readAll');
      return mapped(store.readAll({ ...options, filter: inner(options?.filter) }));
    },
    subscribe(options?: SubscribeOptions): Subscription {
      checkReadAllOptions(options ?? {}, 'subscribe');
      const subscription = store.subscribe({ ...options, filter: inner(options?.filter) });
      return {
        close: () => subscription.close(),
        [Symbol.asyncIterator]: () => mapped(subscription)[Symbol.asyncIterator](),
      };
    },
    close: () => store.close(),
  };
}
