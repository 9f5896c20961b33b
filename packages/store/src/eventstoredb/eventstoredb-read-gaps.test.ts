// EventStoreDB reads, envelopes and verify behaviour that no other test pinned, found by a mutation
// pass over the adapter's read side. Driven through StandInClient (eventstoredb-client-stand-in.ts),
// an in-process stand-in for the client, or through the pure functions.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TIMED_OUT, within } from '../contract/contract-context.js';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { StoreClosedError, StoreUnavailableError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { eventStoreDbHash } from './eventstoredb-chain.js';
import { StandInClient } from './eventstoredb-client-stand-in.js';
import { fromRecordedEvent, type RecordedLike } from './eventstoredb-envelope.js';
import { standInEvents as events, standInStoreWith as storeWith } from './eventstoredb-stand-in-store.js';
import { EventStoreDbStore } from './eventstoredb-store.js';

async function collect(source: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of source) out.push(event);
  return out;
}

/** A read that delivers nothing until `gate` settles, then whatever `inner` delivers; cancel passes on. */
function heldRead(inner: Readable & { cancel(): Promise<void> }, gate: Promise<void>) {
  const held = Readable.from(
    (async function* () {
      await gate;
      for await (const item of inner) yield item;
    })(),
  );
  return Object.assign(held, { cancel: () => inner.cancel() });
}

/** A recorded event in the adapter's layout, with `metadata` replacing its JSON metadata. */
function recordedWith(metadata: Record<string, unknown>): RecordedLike {
  return {
    streamId: 's',
    id: '00000000-0000-4000-8000-000000000001',
    revision: 0n,
    type: 'T',
    data: {},
    metadata: {
      version: 1,
      recordedAt: '2026-01-02T03:04:05.000Z',
      hash: 'f'.repeat(64),
      prevHash: GENESIS_HASH,
      ...metadata,
    },
    position: { commit: 4096n, prepare: 4096n },
  };
}

describe('eventstoredb read gaps', () => {
  it('an append whose read-back close() cut short says the write may or may not have been stored', async () => {
    const client = new StandInClient();
    const store = new EventStoreDbStore(client.asClient(), { closeTimeoutMs: 20 });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reachedReadBack = () => {};
    const readBackAsked = new Promise<void>((resolve) => {
      reachedReadBack = resolve;
    });
    const readStream = client.readStream.bind(client);
    client.readStream = (...args: Parameters<StandInClient['readStream']>) => {
      const inner = readStream(...args);
      const options = args[1];
      // The read-back: one event from the revision just written, from the leader.
      if (options?.maxCount === 1 && options.requiresLeader) {
        reachedReadBack();
        return heldRead(inner, gate) as unknown as ReturnType<StandInClient['readStream']>;
      }
      return inner;
    };
    const failure = store.append('s', events(1)).then(
      () => undefined,
      (error: unknown) => error,
    );
    await readBackAsked;
    // close() waits closeTimeoutMs for the append, then disposes the client, which ends the read.
    await store.close();
    release();
    const error = await failure;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/may or may not have been stored/);
    // The server had taken the write, which is why the error cannot say it did not.
    expect(client.log).toHaveLength(1);
  });

  it('a readAll closed while it looks for where to start fails with StoreClosedError and hands out nothing', async () => {
    const { client, store } = await storeWith(3);
    const [first] = await collect(store.readAll({ maxCount: 1 }));
    client.failReadAll = (_from, direction) => {
      // close() while resolveStart reads the log's last event (a backwards read).
      if (direction === 'backwards') void store.close();
      return undefined;
    };
    const delivered: StoredEvent[] = [];
    const error = await (async () => {
      for await (const event of store.readAll({ after: first!.position })) delivered.push(event);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreClosedError);
    expect(delivered).toEqual([]);
  });

  it('on an empty log, reads and subscribes after a position: nothing to read, then what is appended', async () => {
    const store = new EventStoreDbStore(new StandInClient().asClient());
    expect(await collect(store.readAll({ after: 5 }))).toEqual([]);
    const subscription = store.subscribe({ after: 5 });
    const first = subscription[Symbol.asyncIterator]().next();
    await store.append('s', events(1));
    const outcome = await within(first, 2_000);
    expect(outcome, 'still waiting after 2 s').not.toBe(TIMED_OUT);
    expect((outcome as IteratorResult<StoredEvent>).value).toMatchObject({ stream: 's', revision: 0 });
    await subscription.close();
  });

  it('verify reports the hash of the last event it checked', async () => {
    const { store } = await storeWith(3);
    const all = await collect(store.readAll());
    const report = await store.verify();
    expect(report).toMatchObject({ ok: true, checked: 3, firstBreak: null });
    expect(report.lastHash).toBe(all.at(-1)!.hash);
    expect(report.lastHash).not.toBe(GENESIS_HASH);
  });

  it('verify finds an event altered with its own hash recomputed, at the next event whose link no longer holds', async () => {
    const { client, store } = await storeWith(3);
    const [, second, third] = await collect(store.readAll());
    // Alter the middle event's data and give it a hash that matches its new content: only the link
    // from the event after it can show the change.
    const forged = { ...second!, data: { n: 99 } };
    const recorded = client.log[1]!;
    (recorded as { data: unknown }).data = forged.data;
    (recorded as { metadata: unknown }).metadata = {
      ...(recorded.metadata as object),
      hash: eventStoreDbHash(forged),
    };
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ position: third!.position });
    expect(report.firstBreak!.reason).toMatch(/previous-hash link/);
  });

  it('hashes an event as it always has (position fixed at -1), so a log written before still verifies', () => {
    // A known answer: the chain of events already on a server depends on every input to this hash.
    const hash = eventStoreDbHash({
      id: '00000000-0000-4000-8000-000000000001',
      type: 'ClaimRecorded',
      version: 1,
      data: { quote: 'q' },
      metadata: {},
      stream: 'claim-1',
      revision: 0,
      position: 4096,
      recordedAt: '2026-01-02T03:04:05.000Z',
      prevHash: GENESIS_HASH,
    });
    expect(hash).toBe('cdbe7b99ec667e32b9bd93250a822d89ae4f29b7b9e621b5d35825eb5b337c7d');
  });

  it.each(['recordedAt', 'hash', 'prevHash'])(
    'refuses an event whose metadata.%s is missing or not a string, naming the field',
    (field) => {
      for (const value of [undefined, 5, null]) {
        expect(() => fromRecordedEvent(recordedWith({ [field]: value }))).toThrow(StoreUnavailableError);
        expect(() => fromRecordedEvent(recordedWith({ [field]: value }))).toThrow(
          `metadata.${field}: expected a string`,
        );
      }
    },
  );

  it.each(['correlationId', 'causationId', 'ingestRunId'])(
    'refuses an event whose metadata.%s is there but not a string, naming the field',
    (field) => {
      for (const value of [7, null, { id: 'x' }]) {
        expect(() => fromRecordedEvent(recordedWith({ [field]: value }))).toThrow(
          `metadata.${field}: expected a string`,
        );
      }
      expect(fromRecordedEvent(recordedWith({ [field]: 'x' })).metadata).toEqual({ [field]: 'x' });
    },
  );
});
