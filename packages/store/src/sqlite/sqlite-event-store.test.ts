import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collect, newEvent, numbered, pause, TIMED_OUT, within } from '../contract/contract-context.js';
import { describeEventStoreContract } from '../contract/event-store-contract.js';
import { verifyChain } from '../integrity/hash-chain.js';
import { EventIdConflictError, StoreClosedError } from '../port/errors.js';
import { runChild } from '../testing/run-child.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { tempFolder, withTempFile } from './sqlite-test-files.js';

describeEventStoreContract('sqlite', async () => {
  const folder = tempFolder();
  return { store: openSqliteStore({ path: join(folder.dir, 'events.sqlite') }), cleanup: folder.remove };
});

describe('sqlite event store', () => {
  const withStore = (test: (path: string) => Promise<void>) => withTempFile('events.sqlite', test);

  it('keeps the log, head and schema version across reopening', () =>
    withStore(async (path) => {
      const store = openSqliteStore({ path, clock: () => new Date('2024-05-01T10:00:00Z') });
      await store.append('claim-1', numbered(3));
      await store.close();
      const reopened = openSqliteStore({ path });
      expect(reopened.headPosition()).toBe(3);
      const events = await collect(reopened.readAll());
      expect(events.map((e) => e.recordedAt)).toEqual(Array(3).fill('2024-05-01T10:00:00.000Z'));
      expect(reopened.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(
        reopened.database.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(),
      ).toBe('3');
      expect(await reopened.verify()).toMatchObject({ ok: true, checked: 3 });
      await reopened.close();
    }));

  it('never records an event before the one it follows, when a clock steps back', () =>
    withStore(async (path) => {
      // Two connections, as two ingest processes, whose clocks disagree and step back.
      let aClock = '2024-05-02T10:00:00Z';
      let bClock = '2024-05-01T10:00:00Z';
      const a = openSqliteStore({ path, clock: () => new Date(aClock) });
      const b = openSqliteStore({ path, clock: () => new Date(bClock) });
      await a.append('claim-1', numbered(2));
      await b.append('claim-2', numbered(1)); // behind a: takes a's time, read from the file
      bClock = '2024-05-04T10:00:00Z';
      await b.append('claim-3', numbered(1));
      aClock = '2024-04-30T10:00:00Z';
      await a.append('claim-1', numbered(1), { expectedRevision: 1 }); // what a last wrote is not the last
      aClock = '2024-05-05T10:00:00Z';
      await a.append('claim-4', numbered(1));
      const times = (await collect(a.readAll())).map((e) => e.recordedAt);
      expect(times).toEqual([
        ...Array(3).fill('2024-05-02T10:00:00.000Z'),
        ...Array(2).fill('2024-05-04T10:00:00.000Z'),
        '2024-05-05T10:00:00.000Z',
      ]);
      expect(await a.verify()).toMatchObject({ ok: true, checked: 6 });
      await a.close();
      await b.close();
    }));

  it('stores data as JSON.stringify gives it and knows a retry with its keys reordered', () =>
    withStore(async (path) => {
      const store = openSqliteStore({ path });
      const first = newEvent({ quote: 'q', claimId: 'c-1', via: [{ relation: 'cites', name: 'n' }] });
      await store.append('claim-1', [first]);
      const text = store.database.prepare('SELECT data FROM events WHERE id = ?').pluck().get(first.id);
      expect(text).toBe(JSON.stringify(first.data));
      const reordered = {
        ...first,
        data: { via: [{ name: 'n', relation: 'cites' }], claimId: 'c-1', quote: 'q' },
      };
      expect(await store.append('claim-1', [reordered], { expectedRevision: 'no_stream' })).toMatchObject({
        appended: 0,
      });
      await expect(store.append('claim-1', [{ ...first, data: { quote: 'other' } }])).rejects.toThrow(
        EventIdConflictError,
      );
      expect(await store.verify()).toMatchObject({ ok: true, checked: 1 });
      await store.close();
    }));

  it('refuses an id already stored in another stream', () =>
    withStore(async (path) => {
      const store = openSqliteStore({ path });
      const [event] = numbered(1);
      await store.append('claim-1', [event!]);
      const error = await store.append('claim-2', [event!]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventIdConflictError);
      expect((error as EventIdConflictError).reason).toContain('claim-1');
      await store.close();
    }));

  it('two connections appending concurrently keep positions unique and the chain valid', () =>
    withStore(async (path) => {
      const one = openSqliteStore({ path });
      const two = openSqliteStore({ path });
      const writer = async (store: typeof one, name: string) => {
        for (let i = 0; i < 50; i++) {
          // Alternate single appends and batches, and share one stream so revisions interleave too.
          if (i % 2 === 0) await store.append('shared', [newEvent({ name, i })]);
          else await store.appendMany([{ stream: `${name}-${i}`, events: numbered(2) }]);
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all([writer(one, 'one'), writer(two, 'two')]);
      // Each writer: 25 single events to `shared` and 25 batches of two: 75 events.
      const all = await collect(one.readAll());
      expect(all).toHaveLength(150);
      expect(new Set(all.map((e) => e.position)).size).toBe(150);
      expect((await collect(two.readStream('shared'))).map((e) => e.revision)).toEqual([...Array(50).keys()]);
      expect(await verifyChain(all)).toMatchObject({ ok: true, checked: 150 });
      expect(await two.verify()).toMatchObject({ ok: true, checked: 150 });
      await one.close();
      await two.close();
    }));

  it('two processes appending to one file at the same time keep positions unique and the chain valid', () =>
    withStore(async (path) => {
      openSqliteStore({ path }).close();
      const worker = fileURLToPath(new URL('./sqlite-append-worker.ts', import.meta.url));
      const run = async (name: string) => {
        const child = runChild(worker, [path, name, '300']);
        const { code } = await child.exited;
        if (code !== 0) throw new Error(`worker ${name} exited with ${code}: ${child.stderr()}`);
      };
      await Promise.all([run('left'), run('right')]);
      const store = openSqliteStore({ path });
      const all = await collect(store.readAll());
      expect(all).toHaveLength(600);
      expect(new Set(all.map((e) => e.position)).size).toBe(600);
      expect((await collect(store.readStream('shared'))).map((e) => e.revision)).toEqual([
        ...Array(600).keys(),
      ]);
      // Both processes' events are in the log, interleaved or not, and the global chain holds.
      expect(new Set(all.map((e) => (e.data as { name: string }).name))).toEqual(new Set(['left', 'right']));
      expect(await store.verify()).toMatchObject({ ok: true, checked: 600 });
      await store.close();
    }));

  it('a subscription on one connection reads events another connection appends', () =>
    withStore(async (path) => {
      const reader = openSqliteStore({ path, pollMs: 5 });
      const writer = openSqliteStore({ path });
      await writer.append('claim-1', numbered(1));
      const subscription = reader.subscribe();
      const seen: string[] = [];
      for await (const event of subscription) {
        seen.push(event.stream);
        // Appended before the subscription reads again, so its next page holds it: this checks the
        // other connection's commit is visible to the reader's reads, not polling (the next test).
        if (seen.length === 1) await writer.append('claim-2', numbered(1));
        else await subscription.close();
      }
      expect(seen).toEqual(['claim-1', 'claim-2']);
      await reader.close();
      await writer.close();
    }));

  it('a subscription waiting on one connection finds by polling an event another connection appends', () =>
    withStore(async (path) => {
      // The default poll: the writer's commit fires only the writer's own wake-up, never the reader's.
      const reader = openSqliteStore({ path });
      const writer = openSqliteStore({ path });
      const subscription = reader.subscribe();
      try {
        const next = subscription[Symbol.asyncIterator]().next();
        await pause(50); // the reader has read the empty log and is waiting
        await writer.append('claim-1', numbered(1));
        const result = await within(next, 2_000);
        expect(result, 'no event within 2 s: the waiting subscription did not poll').not.toBe(TIMED_OUT);
        expect(result).toMatchObject({ done: false, value: { stream: 'claim-1' } });
      } finally {
        await subscription.close();
        await reader.close();
        await writer.close();
      }
    }));

  it('closing the store ends its live subscriptions', () =>
    withStore(async (path) => {
      const store = openSqliteStore({ path });
      await store.append('claim-1', numbered(1));
      let live!: () => void;
      const caughtUp = new Promise<void>((resolve) => {
        live = resolve;
      });
      const drained = (async () => {
        let count = 0;
        for await (const _ of store.subscribe()) {
          count++;
          live();
        }
        return count;
      })();
      await caughtUp;
      await store.close();
      expect(await drained).toBe(1);
    }));

  it('hands out no event of a stream page read before close(): the next one fails at once', () =>
    withStore(async (path) => {
      const store = openSqliteStore({ path });
      await store.append('claim-1', numbered(10));
      const iterator = store.readStream('claim-1')[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ revision: 0 });
      await store.close();
      await expect(iterator.next()).rejects.toThrow(StoreClosedError);
    }));

  it('hands out no event of a readAll page read before close(), inline or read ahead', () =>
    withStore(async (path) => {
      for (const readAheadFrom of [Number.POSITIVE_INFINITY, 1]) {
        const store = openSqliteStore({ path, readAheadFrom });
        if (store.headPosition() === 0) await store.append('claim-1', numbered(250));
        const iterator = store.readAll()[Symbol.asyncIterator]();
        expect((await iterator.next()).value).toMatchObject({ position: 1 });
        await store.close();
        await expect(iterator.next()).rejects.toThrow(StoreClosedError);
      }
    }));

  it('reads a log longer than one page in order, also through filters', () =>
    withStore(async (path) => {
      const store = openSqliteStore({ path });
      for (let batch = 0; batch < 5; batch++) {
        await store.appendMany(
          Array.from({ length: 500 }, (_, i) => ({
            stream: `${i % 2 ? 'odd' : 'even'}-${batch}-${i}`,
            events: [newEvent({ batch, i }, { type: i % 2 ? 'Odd' : 'Even' })],
          })),
        );
      }
      const all = await collect(store.readAll());
      expect(all).toHaveLength(2500);
      expect(all.map((e) => e.position)).toEqual([...Array(2500).keys()].map((i) => i + 1));
      expect(await collect(store.readAll({ filter: { eventTypes: ['Odd'] } }))).toHaveLength(1250);
      expect(
        await collect(store.readAll({ filter: { streamPrefix: 'even-' }, maxCount: 1100 })),
      ).toHaveLength(1100);
      await store.close();
    }));
});
