// EventStoreDB appends that no other test pinned, found by a mutation pass over eventstoredb-append.ts.
// Driven through StandInClient (eventstoredb-client-stand-in.ts), an in-process stand-in for the client.
import { type AppendResult as EsdbAppendResult, WrongExpectedVersionError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../port/errors.js';
import type { NewEvent, StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const event = (n: number): NewEvent => ({ id: idOf(n), type: 'T', version: 1, data: { n } });

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/**
 * Before each of the next `times` appends that reach the client, another writer appends an event of
 * its own to the same stream, so the append loses the race.
 */
function otherWriterFirst(client: StandInClient, times: number): void {
  const other = new EventStoreDbStore(client.asClient());
  let left = times;
  let inOther = false;
  let n = 900;
  client.beforeAppend = async (stream) => {
    if (inOther || left === 0) return;
    left--;
    inOther = true;
    try {
      await other.append(stream, [event(n++)]);
    } finally {
      inOther = false;
    }
  };
}

describe('eventstoredb append gaps', () => {
  it('reports only the new events of a partly repeated append as appended', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await store.append('s', [event(1), event(2)]);
    const result = await store.append('s', [event(1), event(2), event(3)]);
    const stored = await collect(store.readStream('s'));
    expect(stored.map((e) => e.id)).toEqual([idOf(1), idOf(2), idOf(3)]);
    expect(result).toEqual({ nextRevision: 2, position: stored[2]!.position, appended: 1 });
  });

  it('reports an exact expectation the last lost race broke as WrongExpectedRevisionError, naming the revision now', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient(), { maxAppendAttempts: 1 });
    await store.append('s', [event(1)]);
    otherWriterFirst(client, 1);
    const error = await store.append('s', [event(2)], { expectedRevision: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ stream: 's', expected: 0, actual: 1 });
  });

  it('takes a lost race the client reports as data (success: false) as a lost race, not as a write', async () => {
    // With throwOnAppendFailure=false in the connection string the client resolves a wrong expected
    // version with `success: false` instead of rejecting with WrongExpectedVersionError.
    const client = new StandInClient();
    const appendToStream = client.appendToStream.bind(client);
    client.appendToStream = (...args: Parameters<StandInClient['appendToStream']>) =>
      appendToStream(...args).catch((error: unknown): EsdbAppendResult => {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const current = error.actualVersion;
        return {
          success: false,
          nextExpectedRevision: typeof current === 'bigint' ? current : -1n,
          position: undefined,
        } as unknown as EsdbAppendResult;
      });
    const store = new EventStoreDbStore(client.asClient(), { maxAppendAttempts: 3 });
    await store.append('s', [event(1)]);
    // More races than the append makes attempts: every one of its three is lost.
    otherWriterFirst(client, 5);
    const error = await store.append('s', [event(2)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(
      /^EventStoreDB contention on stream "s": other writers got in first 3 times/,
    );
    expect((error as Error).cause).toMatchObject({ success: false });
    expect((await collect(store.readStream('s'))).map((e) => e.id)).not.toContain(idOf(2));
  });
});
