// Appends that depend on what the server answers, driven through StandInClient: an in-process
// stand-in for the client's documented behaviour (eventstoredb-client-stand-in.ts), not a server.
// Its appendToStream follows the server's id-only idempotency check and its expectations.
import { WrongExpectedVersionError } from '@eventstore/db-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventIdConflictError, StoreUnavailableError, WrongExpectedRevisionError } from '../port/errors.js';
import type { NewEvent, StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { AppendTooLargeError, EventStoreDbStore } from './eventstoredb-store.js';

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

describe('appendMany, which is not atomic here', () => {
  it('looks for a conflict in every stream before writing the first, so one it can see stores nothing', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    const other = '00000000-0000-4000-8000-000000000002';
    await store.append('b', [event({ n: 1 }, other)]);
    const before = client.log.length;
    // An id stored with other content in the second stream; a stale expectation in a third.
    await expect(
      store.appendMany([
        { stream: 'a', events: [event({ n: 1 })] },
        { stream: 'b', events: [event({ n: 2 }, other)] },
      ]),
    ).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(
      store.appendMany([
        { stream: 'a', events: [event({ n: 1 })] },
        {
          stream: 'b',
          events: [event({ n: 3 }, '00000000-0000-4000-8000-000000000003')],
          expectedRevision: 5,
        },
      ]),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(client.log.length).toBe(before);
    expect(await collect(store.readStream('a'))).toEqual([]);
  });

  it('reads each stream once for its decision and once back after writing, not again before its first write', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await store.append('b', [event({ n: 0 }, '00000000-0000-4000-8000-000000000009')]);
    const reads = vi.spyOn(client, 'readStream');
    await store.appendMany([
      { stream: 'a', events: [event({ n: 1 })] },
      { stream: 'b', events: [event({ n: 2 }, '00000000-0000-4000-8000-000000000002')] },
      { stream: 'a', events: [event({ n: 3 }, '00000000-0000-4000-8000-000000000003')] },
    ]);
    const byStream = (name: string) => reads.mock.calls.filter(([stream]) => stream === name).length;
    // a: its decision, its read-back; its second write reads it afresh, then reads back. b: two.
    expect([byStream('a'), byStream('b')]).toEqual([4, 2]);
    reads.mockRestore();
  });

  it('a stream another writer appends to after the up-front read: the write fails at its revision, reads again, and succeeds', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    const other = new EventStoreDbStore(client.asClient());
    let raced = false;
    client.beforeAppend = async (stream) => {
      if (raced || stream !== 'b') return;
      raced = true;
      await other.append('b', [event({ by: 'other' }, '00000000-0000-4000-8000-000000000007')]);
    };
    const results = await store.appendMany([
      { stream: 'a', events: [event({ n: 1 })] },
      { stream: 'b', events: [event({ n: 2 }, '00000000-0000-4000-8000-000000000002')] },
    ]);
    expect(results.map((r) => [r.nextRevision, r.appended])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    const b = await collect(store.readStream('b'));
    expect(b.map((e) => e.data)).toEqual([{ by: 'other' }, { n: 2 }]);
    expect(b[1]!.prevHash).toBe(b[0]!.hash);
    expect((await store.verify()).ok).toBe(true);
  });

  it('decides a stream written twice in one batch on what its first write leaves, as the other stores do', async () => {
    const store = new EventStoreDbStore(new StandInClient().asClient());
    const results = await store.appendMany([
      { stream: 's-1', events: [event({ n: 1 })], expectedRevision: 'no_stream' },
      {
        stream: 's-1',
        events: [event({ n: 2 }, '00000000-0000-4000-8000-000000000002')],
        expectedRevision: 0,
      },
    ]);
    expect(results.map((r) => [r.nextRevision, r.appended])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});

describe('an append that loses every race', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Another writer appends an event of its own before each of ours reaches the server; `attempts` gets our tries' times. */
  async function busy(primed = false): Promise<{ store: EventStoreDbStore; attempts: number[] }> {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient(), { maxAppendAttempts: 3 });
    const other = new EventStoreDbStore(client.asClient());
    const attempts: number[] = [];
    let theirs = 0;
    let inOther = false;
    // The stream made before the other writer starts, for 'stream_exists'.
    if (primed) await store.append('s', [event({ first: true }, '00000000-0000-4000-8000-000000000999')]);
    client.beforeAppend = async (stream) => {
      if (inOther) return;
      attempts.push(performance.now());
      inOther = true;
      try {
        await other.append(stream, [
          event({ theirs }, `00000000-0000-4000-8000-0000000001${String(theirs++).padStart(2, '0')}`),
        ]);
      } finally {
        inOther = false;
      }
    };
    return { store, attempts };
  }

  it("reports 'any' and 'stream_exists' as contention (StoreUnavailableError), never WrongExpectedRevisionError", async () => {
    for (const expectedRevision of [undefined, 'any', 'stream_exists'] as const) {
      const { store, attempts } = await busy(expectedRevision === 'stream_exists');
      const append = store.append('s', [event({ ours: true })], expectedRevision ? { expectedRevision } : {});
      const failure = await append.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, String(expectedRevision)).toBeInstanceOf(StoreUnavailableError);
      expect((failure as Error).message).toMatch(
        /^EventStoreDB contention on stream "s": other writers got in first 3 times/,
      );
      expect((failure as Error).cause).toBeInstanceOf(WrongExpectedVersionError);
      expect(attempts).toHaveLength(3);
    }
  });

  it('still reports an exact expectation the race broke as WrongExpectedRevisionError', async () => {
    const { store } = await busy();
    await expect(
      store.append('s', [event({ ours: true })], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('waits between attempts, a random time up to 10 ms, then up to 20 ms', async () => {
    // On a fake clock: a loaded machine's timers and clock reads may undercut a real wait's length
    // by a fraction of a millisecond (once seen: 8.99 ms for 9.99). The fake clock truncates a
    // timer's delay to whole milliseconds, so each gap is between the delay's floor and the delay.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const random = vi.spyOn(Math, 'random').mockReturnValue(0.999);
      const { store, attempts } = await busy();
      const append = expect(store.append('s', [event({ ours: true })])).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await vi.runAllTimersAsync();
      await append;
      expect(random).toHaveBeenCalledTimes(2);
      expect(attempts).toHaveLength(3);
      const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
      expect(gaps[0]).toBeGreaterThanOrEqual(9);
      expect(gaps[0]).toBeLessThanOrEqual(10);
      expect(gaps[1]).toBeGreaterThanOrEqual(19);
      expect(gaps[1]).toBeLessThanOrEqual(20);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('an append larger than the server takes', () => {
  it('fails with AppendTooLargeError naming the limit, not StoreUnavailableError, and writes nothing', async () => {
    const client = new StandInClient();
    client.maxAppendSize = 1_000;
    const store = new EventStoreDbStore(client.asClient());
    const append = store.append('s', [event({ text: 'x'.repeat(2_000) })]);
    await expect(append).rejects.toBeInstanceOf(AppendTooLargeError);
    await expect(append).rejects.not.toBeInstanceOf(StoreUnavailableError);
    await expect(append).rejects.toMatchObject({ stream: 's', maxAppendSize: 1_000 });
    expect(client.log).toEqual([]);
    await expect(store.append('s', [event({ text: 'small' })])).resolves.toMatchObject({ appended: 1 });
  });

  it('fails with AppendTooLargeError naming MaxAppendEventSize when a newer server refuses one event, not StoreUnavailableError', async () => {
    const client = new StandInClient();
    client.maxAppendEventSize = 1_000;
    const store = new EventStoreDbStore(client.asClient());
    const append = store.append('s', [
      event({ text: 'small' }),
      event({ text: 'x'.repeat(2_000) }, '00000000-0000-4000-8000-000000000002'),
    ]);
    await expect(append).rejects.toBeInstanceOf(AppendTooLargeError);
    await expect(append).rejects.not.toBeInstanceOf(StoreUnavailableError);
    await expect(append).rejects.toMatchObject({ stream: 's', limit: 'MaxAppendEventSize' });
    await expect(append).rejects.toThrow(
      'the append to "s" holds an event larger than the EventStoreDB server\'s limit for one event (MaxAppendEventSize)',
    );
    expect(client.log).toEqual([]);
  });

  it("does not report a limit of 0 bytes when the refusal carried none (the client reads protobuf's default 0)", async () => {
    const client = new StandInClient();
    client.maxAppendSize = 1_000;
    client.reportsMaxAppendSize = false;
    const store = new EventStoreDbStore(client.asClient());
    const append = store.append('s', [event({ text: 'x'.repeat(2_000) })]);
    await expect(append).rejects.toMatchObject({
      stream: 's',
      limit: 'MaxAppendSize',
      maxAppendSize: undefined,
    });
    await expect(append).rejects.not.toThrow(/0 bytes/);
    await expect(append).rejects.toThrow(/\(MaxAppendSize\); nothing was written/);
  });

  it('counts UTF-8 bytes, as the server does, not string length: multi-byte text near the limit is refused', async () => {
    const client = new StandInClient();
    client.maxAppendSize = 1_200;
    const store = new EventStoreDbStore(client.asClient());
    // 600 characters either way, with a few hundred bytes of envelope metadata: about 900 units of
    // string, but the accented text alone is 1,200 bytes.
    const accented = store.append('s', [event({ text: 'é'.repeat(600) })]);
    await expect(accented).rejects.toBeInstanceOf(AppendTooLargeError);
    expect(client.log).toEqual([]);
    await expect(store.append('s', [event({ text: 'e'.repeat(600) })])).resolves.toMatchObject({
      appended: 1,
    });
    expect(client.log).toHaveLength(1);
  });
});
