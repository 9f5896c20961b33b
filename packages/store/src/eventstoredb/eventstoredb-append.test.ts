// Appends that depend on what the server answers, driven through StandInClient: an in-process
// stand-in for the client's documented behaviour (eventstoredb-client-stand-in.ts), not a server.
// Its appendToStream follows the server's id-only idempotency check and its expectations.
import { describe, expect, it } from 'vitest';
import { EventIdConflictError } from '../port/errors.js';
import type { NewEvent, StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

const ID = '00000000-0000-4000-8000-000000000001';
const event = (data: unknown, id = ID): NewEvent => ({ id, type: 'T', version: 1, data });

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** Two adapters on one stand-in server; `other` writes `events` once, between `store`'s read and write. */
function racing(events: NewEvent[]): { client: StandInClient; store: EventStoreDbStore } {
  const client = new StandInClient();
  // Different clocks, so the two writes of the same event differ in recordedAt and thus in hash,
  // as two writers' almost always do.
  const store = new EventStoreDbStore(client.asClient(), {
    clock: () => new Date('2026-01-01T00:00:00.000Z'),
  });
  const other = new EventStoreDbStore(client.asClient(), {
    clock: () => new Date('2026-01-01T00:00:00.001Z'),
  });
  let raced = false;
  client.beforeAppend = async (stream) => {
    if (raced) return;
    raced = true;
    await other.append(stream, events);
  };
  return { client, store };
}

describe('a race on the same event ids', () => {
  it('reports another writer’s same id with other content as EventIdConflictError, not as appended', async () => {
    const { store } = racing([event({ quote: 'theirs' })]);
    const append = store.append('s', [event({ quote: 'ours' })]);
    await expect(append).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(append).rejects.toMatchObject({ eventId: ID, stream: 's' });
    expect((await collect(store.readStream('s'))).map((e) => e.data)).toEqual([{ quote: 'theirs' }]);
  });

  it('reports another writer’s same event with the same content as already stored (appended 0)', async () => {
    const { store } = racing([event({ quote: 'same' })]);
    const result = await store.append('s', [event({ quote: 'same' })]);
    const stored = await collect(store.readStream('s'));
    expect(stored).toHaveLength(1);
    expect(result).toEqual({ nextRevision: 0, position: stored[0]!.position, appended: 0 });
  });

  it('still reports its own write as appended, with the position reads give', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    const result = await store.append('s', [
      event({ n: 1 }),
      event({ n: 2 }, '00000000-0000-4000-8000-000000000002'),
    ]);
    const stored = await collect(store.readStream('s'));
    expect(result).toEqual({ nextRevision: 1, position: stored[1]!.position, appended: 2 });
  });
});

describe('names EventStoreDB keeps for itself', () => {
  it('refuses a stream or event type starting with $ before writing anything, so nothing is written that reads never return', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await expect(store.append('$claims', [event({})])).rejects.toThrow(
      /^append: stream "\$claims" starts with "\$"/,
    );
    await expect(store.append('s', [{ ...event({}), type: '$Recorded' }])).rejects.toBeInstanceOf(RangeError);
    await expect(
      store.appendMany([
        { stream: 'ok', events: [event({})] },
        { stream: '$bad', events: [event({}, '00000000-0000-4000-8000-000000000002')] },
      ]),
    ).rejects.toThrow(/^appendMany: writes\[1\]: stream "\$bad"/);
    expect(client.log).toEqual([]);
    expect(await collect(store.readAll())).toEqual([]);
  });
});
