// The write path's behaviour that no other test pinned, found by a mutation pass over the append code
// (plan-batch.ts, checks.ts, the memory and SQLite adapters). Each test runs through the public
// EventStore API, on the memory store and on the SQLite store, unless it is about one adapter only.
import { describe, expect, it } from 'vitest';
import { collect, newEvent, numbered, rejectionOf, TIMED_OUT, within } from '../contract/contract-context.js';
import { verifyChain } from '../integrity/hash-chain.js';
import { MemoryEventStore } from '../memory/memory-event-store.js';
import type { EventStore, NewEvent, StreamWrite } from '../port/event-store.js';
import { openSqliteStore } from '../sqlite/sqlite-event-store.js';

type Clock = () => Date;

const adapters: readonly [string, (clock?: Clock) => EventStore][] = [
  ['memory', (clock) => new MemoryEventStore(clock === undefined ? {} : { clock })],
  ['sqlite', (clock) => openSqliteStore({ path: ':memory:', ...(clock === undefined ? {} : { clock }) })],
];

/** A clock that gives these times in turn, one per append. */
const clockOf = (...times: string[]): Clock => {
  const left = [...times];
  return () => new Date(left.shift()!);
};

describe.each(adapters)('%s store: append gaps', (_name, open) => {
  const withStore = async (test: (store: EventStore) => Promise<void>, clock?: Clock) => {
    const store = open(clock);
    try {
      await test(store);
    } finally {
      await store.close();
    }
  };

  it('reports the position of the stream’s last event, not the log’s, for an append of no events', () =>
    withStore(async (store) => {
      const a = await store.append('a', numbered(1));
      await store.append('b', numbered(2));
      expect(await store.append('a', [])).toEqual({ nextRevision: 0, position: a.position, appended: 0 });
      // Two such writes in one batch: the second still names the stream's own last event.
      expect(
        await store.appendMany([
          { stream: 'a', events: [] },
          { stream: 'a', events: [], expectedRevision: 0 },
        ]),
      ).toEqual([
        { nextRevision: 0, position: a.position, appended: 0 },
        { nextRevision: 0, position: a.position, appended: 0 },
      ]);
    }));

  it('reports position -1 for an append of no events to a stream that does not exist', () =>
    withStore(async (store) => {
      await store.append('a', numbered(1));
      expect(await store.append('none', [], { expectedRevision: 'no_stream' })).toEqual({
        nextRevision: -1,
        position: -1,
        appended: 0,
      });
      expect(
        await store.appendMany([
          { stream: 'none', events: [] },
          { stream: 'none', events: [], expectedRevision: 'no_stream' },
        ]),
      ).toEqual([
        { nextRevision: -1, position: -1, appended: 0 },
        { nextRevision: -1, position: -1, appended: 0 },
      ]);
      expect(await collect(store.readAll())).toHaveLength(1);
    }));

  it('stores each event of a batch with its own metadata when only the run id changes', () =>
    withStore(async (store) => {
      const runs = ['run-1', 'run-2', 'run-2', 'run-1'];
      const events = runs.map((ingestRunId, n) =>
        newEvent({ n }, { metadata: { correlationId: 'c-1', causationId: 'x', ingestRunId } }),
      );
      await store.append('s', events);
      const stored = await collect(store.readStream('s'));
      expect(stored.map((e) => e.metadata)).toEqual(
        runs.map((ingestRunId) => ({ causationId: 'x', correlationId: 'c-1', ingestRunId })),
      );
    }));

  it('never records an event before the one it follows, whichever earlier event the clock falls behind', () =>
    // The clock rises past the first event's time, then falls back between the first and the last.
    withStore(
      async (store) => {
        for (const stream of ['a', 'b', 'c']) await store.append(stream, numbered(1));
        expect((await collect(store.readAll())).map((e) => e.recordedAt)).toEqual([
          '2024-05-01T10:00:00.000Z',
          '2024-05-03T10:00:00.000Z',
          '2024-05-03T10:00:00.000Z',
        ]);
      },
      clockOf('2024-05-01T10:00:00Z', '2024-05-03T10:00:00Z', '2024-05-02T10:00:00Z'),
    ));

  describe('refuses what the types forbid, with an error naming it, and stores nothing', () => {
    const refused = async (store: EventStore, attempt: Promise<unknown>, message: string) => {
      const error = await rejectionOf(attempt);
      expect(error, message).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(message);
      expect(await collect(store.readAll()), 'nothing stored').toEqual([]);
    };
    const valid = (): NewEvent => newEvent({ n: 0 });

    it('a causation id that is not a string', () =>
      withStore(async (store) => {
        await refused(
          store,
          store.append('s', [valid(), { ...valid(), metadata: { causationId: 5 as never } }]),
          'append: events[1].metadata.causationId must be a string, got 5',
        );
      }));

    it('metadata that is null', () =>
      withStore(async (store) => {
        await refused(
          store,
          store.append('s', [valid(), { ...valid(), metadata: null as never }]),
          'append: events[1].metadata must be an object, got null',
        );
      }));

    it('an event that is not an object', () =>
      withStore(async (store) => {
        await refused(
          store,
          store.append('s', [valid(), null as never]),
          'append: events[1]: expected an event {id, type, version, data}, got null',
        );
      }));

    it('events that are not an array', () =>
      withStore(async (store) => {
        await refused(
          store,
          store.append('s', {} as never),
          'append: events must be an array, got an object',
        );
        await refused(
          store,
          store.appendMany([{ stream: 's', events: 'x' as never }]),
          'appendMany: writes[0]: events must be an array, got the text "x"',
        );
      }));

    it('a write that is not an object', () =>
      withStore(async (store) => {
        await refused(
          store,
          store.appendMany([{ stream: 's', events: [valid()] }, null as unknown as StreamWrite]),
          'appendMany: writes[1]: expected {stream, events}, got null',
        );
      }));
  });
});

describe.each(adapters)('%s store: data is stored as JSON.stringify writes it', (_name, open) => {
  // The port's rule (NewEvent.data): no value is walked before it is written, so a value JSON has no
  // form for is written as JSON.stringify writes it, and read back so; the chain covers that text.
  it('reads back NaN and Infinity as null, a Map as {}, a Date as its text, and the chain verifies', async () => {
    const store = open();
    try {
      const data = {
        nan: Number.NaN,
        far: Number.POSITIVE_INFINITY,
        byId: new Map([['a', 1]]),
        at: new Date('2023-03-28T00:00:00Z'),
        left: undefined,
        kept: 'text',
      };
      await store.append('s', [newEvent(data)]);
      const [stored] = await collect(store.readAll());
      expect(stored?.data).toEqual({
        nan: null,
        far: null,
        byId: {},
        at: '2023-03-28T00:00:00.000Z',
        kept: 'text',
      });
      expect(stored?.data).toEqual(JSON.parse(JSON.stringify(data)));
      expect(await verifyChain(store.readAll())).toMatchObject({ ok: true, checked: 1 });
      // A value with no JSON text at all is refused, and nothing is written.
      const error = await rejectionOf(store.append('s', [newEvent(undefined)]));
      expect(error).toBeInstanceOf(TypeError);
      expect(await collect(store.readAll())).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('sqlite store: append gaps', () => {
  it('never records an event before the one it follows when its own clock steps back', async () => {
    // One connection, no other writer: what it remembers of its own last append must hold the time.
    const store = openSqliteStore({
      path: ':memory:',
      clock: clockOf('2024-05-02T10:00:00Z', '2024-05-01T10:00:00Z'),
    });
    try {
      await store.append('a', numbered(1));
      await store.append('b', numbered(1));
      expect((await collect(store.readAll())).map((e) => e.recordedAt)).toEqual([
        '2024-05-02T10:00:00.000Z',
        '2024-05-02T10:00:00.000Z',
      ]);
    } finally {
      await store.close();
    }
  });

  it('wakes a waiting subscription on the same connection when it appends, without polling', async () => {
    // A poll far longer than the test: only the append's own wake-up can deliver the event.
    const store = openSqliteStore({ path: ':memory:', pollMs: 3_600_000 });
    const subscription = store.subscribe();
    try {
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await store.append('s', numbered(1));
      const result = await within(next, 10_000);
      expect(result, 'no event: the append did not wake the subscription').not.toBe(TIMED_OUT);
      expect(result).toMatchObject({ done: false, value: { stream: 's', position: 1 } });
    } finally {
      await subscription.close();
      await store.close();
    }
  });
});
