// An append's calls that a node refuses as not the leader, driven through StandInClient: an
// in-process stand-in for the client's documented behaviour (eventstoredb-client-stand-in.ts), not
// a server. After a refusal the client reconnects to the leader the error names
// (dist/Client/index.js handleError), so the adapter makes the refused call once more.
import { NotLeaderError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../port/errors.js';
import type { NewEvent, StoredEvent } from '../port/event-store.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { type EventStoreDbOptions, EventStoreDbStore } from './eventstoredb-store.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const event = (n: number): NewEvent => ({ id: id(n), type: 'T', version: 1, data: { n } });

async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

/** A store with event 1 in stream 's', and `refuse` answering the stand-in's notLeader hook. */
async function storeWithOne(
  refuse?: StandInClient['notLeader'],
  options: EventStoreDbOptions = {},
): Promise<{ client: StandInClient; store: EventStoreDbStore }> {
  const client = new StandInClient();
  const store = new EventStoreDbStore(client.asClient(), options);
  await store.append('s', [event(1)]);
  client.notLeader = refuse;
  return { client, store };
}

/** Refuses the first `count` calls of `kind`, then lets every call through. */
function refuseFirst(kind: 'read' | 'append', count = 1, how: 'refuse' | 'refuse-after-write' = 'refuse') {
  let left = count;
  return (call: 'read' | 'append') => (call === kind && left-- > 0 ? how : undefined);
}

describe('an append on a connection to a follower', () => {
  it('asks the leader for its reads and, refused once, reads again there and appends', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await store.append('s', [event(1)]);
    // Connected to a follower one record behind: a plain read there misses event 1.
    client.follower = { lag: 1 };
    expect(await collect(store.readStream('s'))).toEqual([]);
    expect(client.readStreamCalls.at(-1)).toEqual({ stream: 's', requiresLeader: false });
    const plainReads = client.readStreamCalls.length;
    // The follower refuses the read the append decides on; the client reconnects to the leader.
    await expect(store.append('s', [event(2)], { expectedRevision: 0 })).resolves.toMatchObject({
      nextRevision: 1,
      appended: 1,
    });
    const appendReads = client.readStreamCalls.slice(plainReads);
    // The refused read, the same read on the leader, the read-back: all leader-only.
    expect(appendReads).toEqual([
      { stream: 's', requiresLeader: true },
      { stream: 's', requiresLeader: true },
      { stream: 's', requiresLeader: true },
    ]);
    expect(client.log.map((e) => e.id)).toEqual([id(1), id(2)]);
    expect((await store.verify()).ok).toBe(true);
  });

  it('in appendMany, reads a refused stream again before deciding', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    await store.append('s', [event(1)]);
    client.follower = { lag: 1 };
    await expect(
      store.appendMany([
        { stream: 's', events: [event(2)], expectedRevision: 0 },
        { stream: 't', events: [event(3)] },
      ]),
    ).resolves.toMatchObject([
      { nextRevision: 1, appended: 1 },
      { nextRevision: 0, appended: 1 },
    ]);
  });
});

describe('a write refused as not-leader', () => {
  it('is sent once more, to the leader, and stored once', async () => {
    const { client, store } = await storeWithOne(refuseFirst('append'));
    const result = await store.append('s', [event(2)], { expectedRevision: 0 });
    const stored = await collect(store.readStream('s'));
    expect(result).toEqual({ nextRevision: 1, position: stored[1]!.position, appended: 1 });
    expect(client.log.map((e) => e.id)).toEqual([id(1), id(2)]);
  });

  it('that the server had written after all is not written twice, and is reported as appended', async () => {
    const { client, store } = await storeWithOne(refuseFirst('append', 1, 'refuse-after-write'));
    const result = await store.append('s', [event(2), event(3)]);
    expect(result).toMatchObject({ nextRevision: 2, appended: 2 });
    expect(client.log.map((e) => e.id)).toEqual([id(1), id(2), id(3)]);
    expect((await store.verify()).ok).toBe(true);
  });

  it('keeps the caller’s expectation exact: another writer in between makes a stale one fail', async () => {
    let other: EventStoreDbStore | undefined;
    let refused = false;
    const { client, store } = await storeWithOne((call, stream) => {
      if (call !== 'append' || refused || other === undefined) return undefined;
      refused = true;
      // Another writer appends while our write is refused: the one sent again loses the race.
      void other.append(stream, [event(9)]);
      return 'refuse';
    });
    other = new EventStoreDbStore(client.asClient());
    const append = store.append('s', [event(2)], { expectedRevision: 0 });
    await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(append).rejects.toMatchObject({ expected: 0, actual: 1 });
    expect(client.log.map((e) => e.id)).toEqual([id(1), id(9)]);
  });

  it('under any, is decided again after the other writer and chained after its event', async () => {
    let other: EventStoreDbStore | undefined;
    let refused = false;
    const { client, store } = await storeWithOne((call, stream) => {
      if (call !== 'append' || refused || other === undefined) return undefined;
      refused = true;
      void other.append(stream, [event(9)]);
      return 'refuse';
    });
    other = new EventStoreDbStore(client.asClient());
    await expect(store.append('s', [event(2)])).resolves.toMatchObject({ nextRevision: 2, appended: 1 });
    expect(client.log.map((e) => e.id)).toEqual([id(1), id(9), id(2)]);
    expect((await store.verify()).ok).toBe(true);
  });
});

describe('a read-back refused as not-leader', () => {
  it('is read again, and the append reported as appended', async () => {
    let reads = 0;
    // The reads: the one the append decides on, then the read-back, refused once.
    const { client, store } = await storeWithOne((call) =>
      call === 'read' && ++reads === 2 ? 'refuse' : undefined,
    );
    await expect(store.append('s', [event(2)])).resolves.toMatchObject({ nextRevision: 1, appended: 1 });
    expect(client.log.map((e) => e.id)).toEqual([id(1), id(2)]);
  });
});

describe('a second not-leader refusal in a row', () => {
  it('of the read an append decides on fails with StoreUnavailableError saying so, nothing written', async () => {
    const { client, store } = await storeWithOne(refuseFirst('read', 2));
    const error = await failure(store.append('s', [event(2)]));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(
      /^EventStoreDB: the read of "s" an append decides on was refused as not the leader twice, .*names leader\.local:2113\)/,
    );
    expect(error.cause).toBeInstanceOf(NotLeaderError);
    expect(client.log).toHaveLength(1);
    // The next append goes to the leader.
    await expect(store.append('s', [event(2)])).resolves.toMatchObject({ appended: 1 });
  });

  it('of the write fails the same way, the write not sent a third time', async () => {
    let sent = 0;
    const { client, store } = await storeWithOne((call) => {
      if (call !== 'append') return undefined;
      sent++;
      return 'refuse';
    });
    const error = await failure(store.append('s', [event(2)]));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/^EventStoreDB: the append to "s" was refused as not the leader twice/);
    expect(error.cause).toBeInstanceOf(NotLeaderError);
    expect(sent).toBe(2);
    expect(client.log).toHaveLength(1);
  });

  it('of the read-back says the server accepted the write, which is stored', async () => {
    let reads = 0;
    const { client, store } = await storeWithOne((call) =>
      call === 'read' && [2, 3].includes(++reads) ? 'refuse' : undefined,
    );
    const error = await failure(store.append('s', [event(2)]));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(
      /^EventStoreDB: the read-back of "s", after a write the server accepted \(read the stream to see it\), was refused as not the leader twice/,
    );
    expect(client.log.map((e) => e.id)).toEqual([id(1), id(2)]);
  });

  it('in appendMany’s reads before any write, writes no stream', async () => {
    const { client, store } = await storeWithOne((call, stream) =>
      call === 'read' && stream === 't' ? 'refuse' : undefined,
    );
    const error = await failure(
      store.appendMany([
        { stream: 's', events: [event(2)] },
        { stream: 't', events: [event(3)] },
      ]),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(
      /^EventStoreDB: the read of "t" an append decides on was refused as not the leader twice/,
    );
    expect(error.cause).toBeInstanceOf(NotLeaderError);
    expect(client.log).toHaveLength(1);
  });
});

describe('close() while a refused write waits to go again', () => {
  it('sends it no more: StoreClosedError, nothing written, even once close() has stopped waiting', async () => {
    let store: EventStoreDbStore | undefined;
    let closing: Promise<void> | undefined;
    // close() gives appends 1 ms, less than the refused write waits: the client is disposed by then.
    const { client, store: opened } = await storeWithOne(
      (call) => {
        if (call !== 'append' || closing) return undefined;
        closing = store!.close();
        return 'refuse';
      },
      { closeTimeoutMs: 1 },
    );
    store = opened;
    const error = await failure(store.append('s', [event(2)]));
    expect(error.name).toBe('StoreClosedError');
    await closing;
    expect(client.log).toHaveLength(1);
  });
});

describe('a not-leader reply that ends the shared batch-append call', () => {
  it('fails every append pending on the client, other streams too; each is made again and stored exactly once', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient());
    const streams = ['a', 'b', 'c', 'd'];
    const batch = (s: number): NewEvent[] => [event(10 * s + 1), event(10 * s + 2)];
    // Every write waits at the server until the fourth is sent, so three are pending on the call
    // when the node answers the fourth as not the leader. Of the three cut off, the first to
    // arrive is lost with the call; the server had taken the other two.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const arrived: string[] = [];
    let firstRound = true;
    client.beforeAppend = async (stream) => {
      if (!firstRound) return;
      arrived.push(stream);
      await gate;
      if (stream === arrived[0]) throw new Error('lost with the call');
    };
    const sent: string[] = [];
    client.notLeader = (call, stream) => {
      if (call !== 'append') return undefined;
      sent.push(stream);
      if (sent.length !== 4) return undefined;
      firstRound = false;
      open();
      return 'refuse';
    };
    const results = await Promise.all(streams.map((s, i) => store.append(s, batch(i + 1))));
    // All four were refused or cut off, so each was sent once more: on the old call only one failed.
    expect(arrived).toHaveLength(3);
    for (const s of streams) expect(sent.filter((x) => x === s)).toHaveLength(2);
    expect(results).toEqual(streams.map(() => expect.objectContaining({ nextRevision: 1, appended: 2 })));
    // Each batch is in its stream once, whether the server had taken the first send or not.
    for (const [i, s] of streams.entries()) {
      const stored = await collect(store.readStream(s));
      expect(stored.map((e) => e.id)).toEqual(batch(i + 1).map((e) => e.id));
    }
    expect(client.log).toHaveLength(8);
    expect((await store.verify()).ok).toBe(true);
  });
});
