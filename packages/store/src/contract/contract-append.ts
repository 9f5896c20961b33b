// Appending: the four expected-revision values, idempotent retries, multi-stream batches, ordering.
import { describe, expect, it } from 'vitest';
import { EventIdConflictError, WrongExpectedRevisionError } from '../port/errors.js';
import type { ExpectedRevision } from '../port/event-store.js';
import { type ContractContext, collect, newEvent, nOf, numbered, rejectionOf } from './contract-context.js';

export function appendContract(ctx: ContractContext): void {
  const conflictOf = async (stream: string, expected: ExpectedRevision) => {
    const error = await rejectionOf(ctx.store().append(stream, numbered(1), { expectedRevision: expected }));
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    return error as WrongExpectedRevisionError;
  };
  const twoEventStream = async (stream: string) => {
    await ctx.store().append(stream, numbered(2), { expectedRevision: 'no_stream' });
  };

  describe('expected revision', () => {
    it('any: appends to a new stream and to an existing one', async () => {
      const store = ctx.store();
      expect(await store.append('s-any', numbered(1), { expectedRevision: 'any' })).toMatchObject({
        nextRevision: 0,
        appended: 1,
      });
      expect(await store.append('s-any', numbered(2), { expectedRevision: 'any' })).toMatchObject({
        nextRevision: 2,
        appended: 2,
      });
    });

    it('no expectation behaves as any', async () => {
      const store = ctx.store();
      await store.append('s-default', numbered(1));
      expect((await store.append('s-default', numbered(1))).nextRevision).toBe(1);
    });

    it('no_stream: appends to a new stream, conflicts on an existing one', async () => {
      const store = ctx.store();
      expect((await store.append('s-new', numbered(1), { expectedRevision: 'no_stream' })).nextRevision).toBe(
        0,
      );
      const error = await conflictOf('s-new', 'no_stream');
      expect({ stream: error.stream, expected: error.expected, actual: error.actual }).toEqual({
        stream: 's-new',
        expected: 'no_stream',
        actual: 0,
      });
    });

    it('stream_exists: conflicts on a new stream, appends to an existing one', async () => {
      const store = ctx.store();
      const error = await conflictOf('s-exists', 'stream_exists');
      expect({ stream: error.stream, expected: error.expected, actual: error.actual }).toEqual({
        stream: 's-exists',
        expected: 'stream_exists',
        actual: -1,
      });
      await twoEventStream('s-exists');
      expect(
        (await store.append('s-exists', numbered(1), { expectedRevision: 'stream_exists' })).nextRevision,
      ).toBe(2);
    });

    it('exact revision: conflicts on a new stream and on a wrong revision, appends on the right one', async () => {
      const store = ctx.store();
      const onNew = await conflictOf('s-exact', 0);
      expect([onNew.expected, onNew.actual]).toEqual([0, -1]);
      await twoEventStream('s-exact');
      const stale = await conflictOf('s-exact', 0);
      expect({ stream: stale.stream, expected: stale.expected, actual: stale.actual }).toEqual({
        stream: 's-exact',
        expected: 0,
        actual: 1,
      });
      const ahead = await conflictOf('s-exact', 5);
      expect(ahead.actual).toBe(1);
      expect(await store.append('s-exact', numbered(1), { expectedRevision: 1 })).toMatchObject({
        nextRevision: 2,
        appended: 1,
      });
    });

    it('an append of no events still checks the expectation, and stores nothing', async () => {
      // Nothing offered is not a retry: nothing was written before under this expectation.
      const store = ctx.store();
      await store.append('s-empty', numbered(1));
      for (const expected of [5, 'no_stream'] as const) {
        const error = await rejectionOf(store.append('s-empty', [], { expectedRevision: expected }));
        expect(error, String(expected)).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(0);
      }
      const absent = await rejectionOf(store.append('s-none', [], { expectedRevision: 'stream_exists' }));
      expect(absent).toBeInstanceOf(WrongExpectedRevisionError);
      expect((absent as WrongExpectedRevisionError).actual).toBe(-1);
      const inMany = await rejectionOf(
        store.appendMany([{ stream: 's-empty', events: [], expectedRevision: 'no_stream' }]),
      );
      expect(inMany).toBeInstanceOf(WrongExpectedRevisionError);
      // An expectation that holds: nothing appended.
      expect(await store.append('s-empty', [], { expectedRevision: 0 })).toMatchObject({
        nextRevision: 0,
        appended: 0,
      });
      expect(await store.append('s-none', [], { expectedRevision: 'no_stream' })).toMatchObject({
        nextRevision: -1,
        appended: 0,
      });
      expect(await collect(store.readAll())).toHaveLength(1);
      expect(await collect(store.readStream('s-none'))).toEqual([]);
    });

    it('a conflicting append stores nothing', async () => {
      const store = ctx.store();
      await twoEventStream('s-untouched');
      await conflictOf('s-untouched', 0);
      await rejectionOf(store.append('s-untouched', numbered(3), { expectedRevision: 'no_stream' }));
      expect(await collect(store.readStream('s-untouched'))).toHaveLength(2);
      expect(await collect(store.readAll())).toHaveLength(2);
    });
  });

  describe('idempotent append', () => {
    it('re-appending the same ids appends nothing and duplicates nothing', async () => {
      const store = ctx.store();
      const events = numbered(3);
      const first = await store.append('s-retry', events, { expectedRevision: 'no_stream' });
      const again = await store.append('s-retry', events, { expectedRevision: 'any' });
      expect(again).toEqual({ nextRevision: 2, position: first.position, appended: 0 });
      expect((await collect(store.readStream('s-retry'))).map(nOf)).toEqual([0, 1, 2]);
      expect(await collect(store.readAll())).toHaveLength(3);
    });

    it('a retried first write with no_stream succeeds as a no-op (its expectation held the first time)', async () => {
      const store = ctx.store();
      const events = numbered(2);
      await store.append('s-retry-first', events, { expectedRevision: 'no_stream' });
      const retry = await store.append('s-retry-first', events, { expectedRevision: 'no_stream' });
      expect(retry).toMatchObject({ nextRevision: 1, appended: 0 });
    });

    it('a retry from another run (other metadata, same data) is still a no-op; the first metadata stays', async () => {
      const store = ctx.store();
      const [event] = numbered(1);
      await store.append('s-rerun', [{ ...event!, metadata: { ingestRunId: 'run-1' } }], {
        expectedRevision: 'no_stream',
      });
      const retry = await store.append('s-rerun', [{ ...event!, metadata: { ingestRunId: 'run-2' } }], {
        expectedRevision: 'no_stream',
      });
      expect(retry.appended).toBe(0);
      const stored = await collect(store.readStream('s-rerun'));
      expect(stored).toHaveLength(1);
      expect(stored[0]!.metadata.ingestRunId).toBe('run-1');
    });

    it('the same id with other content is an EventIdConflictError and stores nothing', async () => {
      const store = ctx.store();
      const [event] = numbered(1);
      await store.append('s-clash', [event!]);
      const error = await rejectionOf(
        store.append('s-clash', [{ ...event!, data: { n: 99 } }, ...numbered(1)]),
      );
      expect(error).toBeInstanceOf(EventIdConflictError);
      expect((error as EventIdConflictError).eventId).toBe(event!.id);
      expect((error as EventIdConflictError).stream).toBe('s-clash');
      expect((await collect(store.readStream('s-clash'))).map(nOf)).toEqual([0]);
    });

    it('the same id with another type or version is an EventIdConflictError and stores nothing', async () => {
      const store = ctx.store();
      const original = newEvent({ n: 1 }, { type: 'T', version: 1 });
      await store.append('s-kind', [original]);
      for (const other of [
        { ...original, version: 2 },
        { ...original, type: 'T2' },
      ]) {
        const error = await rejectionOf(store.append('s-kind', [other]));
        expect(error, JSON.stringify(other)).toBeInstanceOf(EventIdConflictError);
        expect((error as EventIdConflictError).eventId).toBe(original.id);
      }
      const stored = await collect(store.readStream('s-kind'));
      expect(stored.map((e) => [e.id, e.type, e.version, e.data])).toEqual([[original.id, 'T', 1, { n: 1 }]]);
      expect(await collect(store.readAll())).toHaveLength(1);
    });

    it('partial overlap: stored events are skipped, the rest appended after the current end', async () => {
      // Documented behaviour: the expectation is checked against the stream as it stands, unless every
      // event offered is already stored (a retry); the new events take the next revisions.
      const store = ctx.store();
      const events = numbered(3);
      await store.append('s-overlap', events.slice(0, 2), { expectedRevision: 'no_stream' });
      const result = await store.append('s-overlap', events, { expectedRevision: 1 });
      expect(result).toMatchObject({ nextRevision: 2, appended: 1 });
      expect((await collect(store.readStream('s-overlap'))).map((e) => [e.revision, nOf(e)])).toEqual([
        [0, 0],
        [1, 1],
        [2, 2],
      ]);
      const stale = await rejectionOf(
        store.append('s-overlap', [...events, ...numbered(1)], { expectedRevision: 1 }),
      );
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('the same event twice in one append is stored once', async () => {
      const store = ctx.store();
      const [event] = numbered(1);
      const result = await store.append('s-twice', [event!, event!]);
      expect(result).toMatchObject({ nextRevision: 0, appended: 1 });
      expect(await collect(store.readStream('s-twice'))).toHaveLength(1);
    });
  });

  describe('ordering', () => {
    it('positions strictly increase in append order and revisions run 0..n per stream', async () => {
      const store = ctx.store();
      const results = [];
      for (const stream of ['o-a', 'o-b', 'o-a', 'o-c', 'o-b', 'o-a']) {
        results.push(await store.append(stream, numbered(2)));
      }
      const all = await collect(store.readAll());
      expect(all).toHaveLength(12);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
      expect(all.map((e) => e.stream)).toEqual(
        ['o-a', 'o-b', 'o-a', 'o-c', 'o-b', 'o-a'].flatMap((stream) => [stream, stream]),
      );
      for (const [stream, length] of [
        ['o-a', 6],
        ['o-b', 4],
        ['o-c', 2],
      ] as const) {
        const events = await collect(store.readStream(stream));
        expect(events.map((e) => e.revision)).toEqual(Array.from({ length }, (_, i) => i));
      }
      // Each result names the position of the stream's last event after that append.
      expect(results.map((r) => r.position)).toEqual(
        all.filter((_, i) => i % 2 === 1).map((e) => e.position),
      );
    });
  });

  describe('appendMany', () => {
    it('returns one result per write, in order, and stores every write', async () => {
      const store = ctx.store();
      const results = await store.appendMany([
        { stream: 'm-a', events: numbered(2), expectedRevision: 'no_stream' },
        { stream: 'm-b', events: numbered(1), expectedRevision: 'no_stream' },
        { stream: 'm-a', events: numbered(1), expectedRevision: 1 },
      ]);
      expect(results.map((r) => [r.nextRevision, r.appended])).toEqual([
        [1, 2],
        [0, 1],
        [2, 1],
      ]);
      expect(results[2]!.position).toBeGreaterThan(results[1]!.position);
      expect(await collect(store.readStream('m-a'))).toHaveLength(3);
      expect(await collect(store.readStream('m-b'))).toHaveLength(1);
    });

    it('a conflict in one write fails the batch; atomic stores keep nothing of it', async () => {
      const store = ctx.store();
      await store.append('m-taken', numbered(1));
      const error = await rejectionOf(
        store.appendMany([
          { stream: 'm-free', events: numbered(2), expectedRevision: 'no_stream' },
          { stream: 'm-taken', events: numbered(1), expectedRevision: 'no_stream' },
        ]),
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).stream).toBe('m-taken');
      const free = await collect(store.readStream('m-free'));
      if (store.atomicBatches) {
        expect(free).toHaveLength(0);
        expect(await collect(store.readAll())).toHaveLength(1);
      } else {
        // Written stream by stream: the writes before the failing one may stand; none after it.
        expect([0, 2]).toContain(free.length);
      }
    });
  });
}
