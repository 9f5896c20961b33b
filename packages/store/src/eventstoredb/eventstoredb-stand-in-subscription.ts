// TEST SUPPORT ONLY, part of StandInClient (eventstoredb-client-stand-in.ts): live catch-up
// subscriptions to $all, each with the server-side filter it was opened with.
import { Readable } from 'node:stream';
import { type AllStreamSubscription, type Filter, STREAM_NAME } from '@eventstore/db-client';
import type { Recorded } from './eventstoredb-stand-in-read.js';

export class StandInSubscriptions {
  /** Each live subscription with the server-side filter it was opened with. */
  readonly #live = new Map<Readable, (event: Recorded) => boolean>();

  /** A subscription that delivers those of `past` its filter lets through, then each later event given to deliver(). */
  open(past: readonly Recorded[], filter: Filter | undefined): AllStreamSubscription {
    const source = this.#source();
    const allows = serverFilter(filter);
    for (const event of past) if (allows(event)) source.push({ event });
    this.#live.set(source, allows);
    return source as unknown as AllStreamSubscription;
  }

  /** A subscription the server refuses: it fails with `error` once the caller has had time to listen. */
  failing(error: Error): AllStreamSubscription {
    const source = this.#source();
    setImmediate(() => source.destroy(error));
    return source as unknown as AllStreamSubscription;
  }

  /** An event just written, to every live subscription whose filter lets it through. */
  deliver(event: Recorded): void {
    for (const [subscription, allows] of this.#live) if (allows(event)) subscription.push({ event });
  }

  /** Every live subscription cancelled, as the client's dispose() cancels them. */
  cancelAll(): void {
    for (const source of [...this.#live.keys()]) this.#cancel(source);
  }

  #source(): Readable {
    const source = new Readable({ objectMode: true, read() {} });
    // The client's unsubscribe cancels the call (dist/streams/utils/Subscription.js).
    return Object.assign(source, { unsubscribe: async () => this.#cancel(source) });
  }

  /**
   * A cancelled subscription call: grpc-js ends the call's stream (push(null) when it receives the
   * CANCELLED status) and the client's Subscription ignores the client's own cancellation
   * (isClientCancellationError in dist/streams/utils/Subscription.js) but is piped from that
   * stream, so it ends too: 'end' once what it holds is read, then 'close'. No error.
   */
  #cancel(source: Readable): void {
    if (!this.#live.delete(source)) return;
    source.push(null);
  }
}

/**
 * What a filtered subscription to $all lets through, as the server decides it (EventStoreDB
 * src/EventStore.Core/Services/Storage/ReaderIndex/EventFilter.cs): the client sends the filter's
 * field (stream name or event type) with its prefixes or its regex (dist/streams/subscribeToAll.js).
 * On $all every filter first applies the server's default rule (any stream not starting with "$";
 * of the system streams, all but $epoch-information and persistent subscriptions' checkpoints and
 * parked messages), then its own: the field starts with one of the prefixes, or the regex matches
 * somewhere in it (.NET Regex.Match, unanchored; JavaScript's RegExp reads the adapter's patterns
 * the same way). No filter sends everything, system events included.
 */
function serverFilter(filter: Filter | undefined): (event: Recorded) => boolean {
  if (filter === undefined) return () => true;
  const field = (event: Recorded) => (filter.filterOn === STREAM_NAME ? event.streamId : event.type);
  const regex = 'regex' in filter ? new RegExp(filter.regex) : undefined;
  const prefixes = 'prefixes' in filter ? filter.prefixes : [];
  const matches = (value: string) =>
    regex ? regex.test(value) : prefixes.some((prefix) => value.startsWith(prefix));
  return (event) => defaultAllAllows(event.streamId) && matches(field(event));
}

function defaultAllAllows(stream: string): boolean {
  if (!stream.startsWith('$')) return true;
  if (stream === '$epoch-information') return false;
  const persistentAll = stream.startsWith('$persistentsubscription-$all::');
  return !(persistentAll && (stream.endsWith('-checkpoint') || stream.endsWith('-parked')));
}
