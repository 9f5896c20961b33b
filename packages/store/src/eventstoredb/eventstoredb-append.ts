// Appends. Every append reads the stream first (for dedupe, the caller's expectation and the
// previous hash), then writes with the exact revision it read, so the per-stream chain cannot fork
// and the server's own id-based dedupe is the reliable kind; it reads the last event back to check
// that the stored events are the ones planned. A lost race is decided again, and a call a node
// refuses as not the leader is made once more on the leader (eventstoredb-retry.ts).
import { type AppendResult as EsdbAppendResult, WrongExpectedVersionError } from '@eventstore/db-client';
import { StoreClosedError } from '../port/errors.js';
import type { AppendOptions, AppendResult, NewEvent, StoredEvent, StreamWrite } from '../port/event-store.js';
import { planAppend, type StreamState } from './eventstoredb-append-plan.js';
import type { EventStoreDbConnection } from './eventstoredb-connection.js';
import { toEventData } from './eventstoredb-envelope.js';
import { mapEsdbError, toEsdbExpectedRevision } from './eventstoredb-mapping.js';
import { readBack, readState } from './eventstoredb-read.js';
import { backoff, lostEveryRace, onLeader } from './eventstoredb-retry.js';

export class EventStoreDbAppends {
  readonly #connection: EventStoreDbConnection;
  readonly #clock: () => Date;
  readonly #maxAppendAttempts: number;

  constructor(connection: EventStoreDbConnection, clock: () => Date, maxAppendAttempts: number) {
    this.#connection = connection;
    this.#clock = clock;
    this.#maxAppendAttempts = maxAppendAttempts;
  }

  /**
   * One stream's write, its arguments checked already. `known`: the stream as appendMany just read
   * it, used for the first attempt instead of reading it again.
   */
  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    known?: StreamState,
  ): Promise<AppendResult> {
    this.#connection.assertOpen();
    return this.#connection.whileAppending(this.#attempts(stream, events, options, known));
  }

  /**
   * Not atomic: streams are written one after another, so a failure leaves the earlier ones written.
   * A conflict is looked for in every stream before the first is written, though. The writes'
   * arguments are checked already.
   */
  async appendMany(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.#connection.assertOpen();
    await this.#connection.writable();
    // Every stream's decision first, so a conflict that can already be seen (an id stored with
    // other content, an expectation that no longer holds) stores nothing. Only one that another
    // writer makes between this check and a write leaves the earlier streams written. A stream's
    // second write is decided on what its first leaves, so only its first is checked here. What
    // was read for that check is what the first write starts from: each stream is read once.
    const at = this.#clock().toISOString();
    const firstStates = new Map<string, StreamState>();
    for (const write of writes) {
      if (firstStates.has(write.stream)) continue;
      const state = await this.#readState(write.stream);
      planAppend(write.stream, state, write.events, write.expectedRevision ?? 'any', at);
      firstStates.set(write.stream, state);
    }
    const results: AppendResult[] = [];
    for (const write of writes) {
      const options =
        write.expectedRevision === undefined ? {} : { expectedRevision: write.expectedRevision };
      const known = firstStates.get(write.stream);
      firstStates.delete(write.stream);
      results.push(await this.append(write.stream, write.events, options, known));
    }
    return results;
  }

  async #attempts(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    known: StreamState | undefined,
  ): Promise<AppendResult> {
    const connection = this.#connection;
    const expected = options.expectedRevision ?? 'any';
    await connection.writable();
    for (let attempt = 1; ; attempt++) {
      // A state gone stale meanwhile is the usual race: the write at its exact revision fails, and
      // the next attempt reads again.
      const state = attempt === 1 && known !== undefined ? known : await this.#readState(stream);
      const plan = planAppend(stream, state, events, expected, this.#clock().toISOString());
      if (plan.kind === 'nothing') {
        return { nextRevision: state.lastRevision, position: state.lastPosition, appended: 0 };
      }
      // The exact revision just read, not the caller's words: the chain was computed on it, and
      // exact expectations are what the server's idempotency check honours reliably.
      const data = plan.events.map(toEventData);
      const expectedRevision = toEsdbExpectedRevision(
        state.lastRevision < 0 ? 'no_stream' : state.lastRevision,
      );
      let written: EsdbAppendResult | undefined;
      let raced: unknown;
      // Checked last thing before the write: the client's dispose() leaves no mark, so a write
      // sent after close() would still reach the server. Once sent, close() waits for it.
      connection.assertOpen();
      try {
        // Only the client call is mapped: errors of our own above keep their class.
        // Refused as not-leader, the same write goes once more, to the leader, if still open.
        const result = await onLeader(
          () => connection.client.appendToStream(stream, data, { expectedRevision }),
          `the append to "${stream}"`,
          () => connection.assertOpen(),
        );
        // `success: false` only with `throwOnAppendFailure=false` in the connection string: a lost race reported as data.
        if (result.success) written = result;
        else raced = result;
      } catch (error) {
        // close() came while a refused write waited to go again: nothing was sent after it.
        if (error instanceof StoreClosedError) throw error;
        if (connection.disposed) throw connection.cutByClose(stream, error);
        if (!(error instanceof WrongExpectedVersionError)) throw mapEsdbError(error, { stream, expected });
        raced = error;
      }
      if (written) {
        const nextRevision = Number(written.nextExpectedRevision);
        let stored: StoredEvent;
        try {
          stored = await onLeader(
            () => readBack(connection, stream, nextRevision),
            `the read-back of "${stream}", after a write the server accepted (read the stream to see it),`,
          );
        } catch (error) {
          if (connection.disposed) throw connection.cutByClose(stream, error);
          throw error;
        }
        if (stored.hash === plan.events.at(-1)!.hash) {
          return { nextRevision, position: stored.position, appended: plan.events.length };
        }
        // At an exact expected revision the server takes a write as a repeat when the same ids
        // are already at the next revisions, comparing ids only, and reports success. So another
        // writer stored these ids between our read and our write, perhaps with other content:
        // decide again on the stream as it is now. The planner then finds the ids stored and
        // writes nothing (same content) or refuses with EventIdConflictError (other content).
        continue;
      }
      // Another writer got in between the read and the write: wait a little, then read again and
      // decide again, which becomes the caller's WrongExpectedRevisionError once their
      // expectation no longer holds.
      if (attempt >= this.#maxAppendAttempts) {
        const now = await this.#readState(stream);
        throw lostEveryRace(stream, expected, now.lastRevision, attempt, raced);
      }
      await backoff(attempt);
    }
  }

  /** The stream from the leader, read once more if the node refused the read as not the leader. */
  #readState(stream: string): Promise<StreamState> {
    return onLeader(
      () => readState(this.#connection, stream),
      `the read of "${stream}" an append decides on`,
    );
  }
}
