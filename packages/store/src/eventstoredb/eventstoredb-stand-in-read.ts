// TEST SUPPORT ONLY, part of StandInClient (eventstoredb-client-stand-in.ts): one read call as the
// client's ReadStream behaves, and the events it delivers.
import { Readable } from 'node:stream';
import { type AllStreamResolvedEvent, UnknownError } from '@eventstore/db-client';

/** One event as the stand-in's log holds it and its reads deliver it. */
export type Recorded = NonNullable<AllStreamResolvedEvent['event']>;

/** One read call: delivers its events one at a time, or fails, or ends early when disposed. */
export class StandInRead extends Readable {
  readonly #items: AllStreamResolvedEvent[];
  readonly #failure: Error | undefined;
  readonly #delivered: (count: number) => void;
  #next = 0;
  #ending = false;

  constructor(
    items: AllStreamResolvedEvent[],
    failure: Error | undefined,
    delivered: (count: number) => void,
    done: () => void,
  ) {
    super({ objectMode: true, highWaterMark: 1 });
    this.#items = items;
    this.#failure = failure;
    this.#delivered = delivered;
    this.once('close', done);
  }

  override _read(): void {
    if (this.#failure) {
      this.destroy(this.#failure);
      return;
    }
    const item = this.#ending ? undefined : this.#items[this.#next];
    if (!item) {
      this.push(null);
      return;
    }
    this.#next++;
    this.push(item);
    this.#delivered(this.#next);
  }

  /** The client's cancel (dist/streams/utils/ReadStream.js): the call ends without an error. */
  async cancel(): Promise<void> {
    this.endEarly();
  }

  endEarly(): void {
    this.#ending = true;
  }
}

/**
 * What newer servers answer a read or subscription from a $all position that is not the start of
 * an event record: gRPC Unknown, which the client turns into UnknownError (dist/utils/CommandError.js
 * convertToCommandError).
 */
export function invalidPositionError(): Error {
  return new UnknownError(undefined, 'Trying to read from an invalid position');
}
