// The cases bench/peers/peer-cases.ts found Emmett's SQLite store getting wrong, asserted on ours:
// expectations honoured, conflicts that name the actual revision and leave the stream as it was,
// idempotent re-appends, and concurrent appends that never surface SQLITE_BUSY or a closed handle.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, newEvent, numbered, rejectionOf } from '../contract/contract-context.js';
import { WrongExpectedRevisionError } from '../port/errors.js';
import { openSqliteStore, type SqliteEventStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

describe('sqlite store on the cases the peer gets wrong', () => {
  const withFile = async (test: (path: string) => Promise<void>) => {
    const folder = tempFolder('kb-peer-cases-');
    try {
      await test(join(folder.dir, 'events.sqlite'));
    } finally {
      await folder.remove();
    }
  };
  const withStore = (test: (store: SqliteEventStore) => Promise<void>) =>
    withFile(async (path) => {
      const store = openSqliteStore({ path });
      try {
        await test(store);
      } finally {
        await store.close();
      }
    });
  const revisions = async (store: SqliteEventStore, stream: string) =>
    (await collect(store.readStream(stream))).map((e) => e.revision);

  it('rejects no_stream on an existing stream and writes nothing', () =>
    withStore(async (store) => {
      await store.append('report-a', numbered(1));
      const error = await rejectionOf(
        store.append('report-a', numbered(1), { expectedRevision: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ stream: 'report-a', expected: 'no_stream', actual: 0 });
      expect(await revisions(store, 'report-a')).toEqual([0]);
    }));

  it('rejects stream_exists on a missing stream and creates nothing', () =>
    withStore(async (store) => {
      const error = await rejectionOf(
        store.append('report-b', numbered(1), { expectedRevision: 'stream_exists' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ stream: 'report-b', expected: 'stream_exists', actual: -1 });
      expect(await collect(store.readAll())).toEqual([]);
    }));

  it('names the actual revision in the conflict error', () =>
    withStore(async (store) => {
      await store.append('report-d', numbered(2));
      const error = await rejectionOf(store.append('report-d', numbered(1), { expectedRevision: 0 }));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ stream: 'report-d', expected: 0, actual: 1 });
    }));

  it('leaves the stream unchanged after a rejected append, so the true revision still works', () =>
    withStore(async (store) => {
      await store.append('report-e', numbered(2));
      await expect(store.append('report-e', numbered(1), { expectedRevision: 0 })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      const result = await store.append('report-e', numbered(1), { expectedRevision: 1 });
      expect(result).toMatchObject({ nextRevision: 2, appended: 1 });
      await store.append('report-e', numbered(1));
      expect(await revisions(store, 'report-e')).toEqual([0, 1, 2, 3]);
      expect((await collect(store.readAll())).map((e) => e.position)).toEqual([1, 2, 3, 4]);
      expect(await store.verify()).toMatchObject({ ok: true, checked: 4 });
    }));

  it('reports an exact revision on a missing stream as a conflict, not a driver error', () =>
    withStore(async (store) => {
      const error = await rejectionOf(store.append('report-f', numbered(1), { expectedRevision: 3 }));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ stream: 'report-f', expected: 3, actual: -1 });
    }));

  it('treats a re-append of the same event ids as a no-op', () =>
    withStore(async (store) => {
      const batch = [
        newEvent({ claim: 1 }, { id: 'claim-0001' }),
        newEvent({ claim: 2 }, { id: 'claim-0002' }),
      ];
      await store.append('report-g', batch);
      const again = await store.append('report-g', batch);
      expect(again).toMatchObject({ nextRevision: 1, appended: 0 });
      const stored = await collect(store.readAll());
      expect(stored.map((e) => e.id)).toEqual(['claim-0001', 'claim-0002']);
    }));

  it('stores all of 50 concurrent appends made through one store', () =>
    withStore(async (store) => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) => store.append(`report-h${i}`, numbered(1))),
      );
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const positions = (await collect(store.readAll())).map((e) => e.position);
      expect(positions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    }));

  it('stores all of 50 concurrent appends made through two stores on one file', () =>
    withFile(async (path) => {
      const stores = [openSqliteStore({ path }), openSqliteStore({ path })];
      try {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => stores[i % 2]!.append(`report-i${i}`, numbered(1))),
        );
        expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
        for (const store of stores) expect(await collect(store.readAll())).toHaveLength(50);
        expect(await stores[0]!.verify()).toMatchObject({ ok: true, checked: 50 });
      } finally {
        for (const store of stores) await store.close();
      }
    }));

  it('lets exactly one of two writers with the same expected revision win', () =>
    withFile(async (path) => {
      const [first, second] = [openSqliteStore({ path }), openSqliteStore({ path })];
      try {
        await first.append('report-j', numbered(1));
        const outcomes = await Promise.allSettled([
          first.append('report-j', numbered(1), { expectedRevision: 0 }),
          second.append('report-j', numbered(1), { expectedRevision: 0 }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const loser = outcomes.find((o) => o.status === 'rejected');
        expect(loser?.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(loser?.reason).toMatchObject({ stream: 'report-j', expected: 0, actual: 1 });
        expect(await revisions(second, 'report-j')).toEqual([0, 1]);
      } finally {
        await first.close();
        await second.close();
      }
    }));
});
