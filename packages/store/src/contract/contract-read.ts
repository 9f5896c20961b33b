// Reading: streams by revision, the log by position with filters, the envelope the store sets,
// and the hash chain that links it.
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../integrity/chain-hash.js';
import { verifyChain } from '../integrity/hash-chain.js';
import type { StoredEvent } from '../port/event-store.js';
import { type ContractContext, collect, newEvent, nOf, numbered } from './contract-context.js';

export function readContract(ctx: ContractContext): void {
  describe('readStream', () => {
    it('reads from a revision and at most maxCount events', async () => {
      const store = ctx.store();
      await store.append('r-five', numbered(5));
      const revisions = async (options: { fromRevision?: number; maxCount?: number }) =>
        (await collect(store.readStream('r-five', options))).map((e) => e.revision);
      expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
      expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
      expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
      expect(await revisions({ fromRevision: 1, maxCount: 2 })).toEqual([1, 2]);
      expect(await revisions({ fromRevision: 9 })).toEqual([]);
      expect(await collect(store.readStream('r-unknown'))).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('reads after a position and at most maxCount events', async () => {
      const store = ctx.store();
      await store.append('a-one', numbered(3));
      const all = await collect(store.readAll());
      const afterFirst = await collect(store.readAll({ after: all[0]!.position }));
      expect(afterFirst.map((e) => e.position)).toEqual(all.slice(1).map((e) => e.position));
      expect(await collect(store.readAll({ after: all[2]!.position }))).toEqual([]);
      expect((await collect(store.readAll({ maxCount: 2 }))).map(nOf)).toEqual([0, 1]);
      expect((await collect(store.readAll({ after: all[0]!.position, maxCount: 1 }))).map(nOf)).toEqual([1]);
    });

    it('reads after any whole number, not only an event position: exactly the events past it', async () => {
      // Positions may be dense (SQLite, memory) or byte offsets (EventStoreDB), so only numbers
      // that mean the same on both: one below an event's position, 0, and far past the end.
      const store = ctx.store();
      await store.append('a-gap', numbered(4));
      const all = await collect(store.readAll());
      const after = async (position: number, maxCount?: number) =>
        (
          await collect(
            store.readAll(maxCount === undefined ? { after: position } : { after: position, maxCount }),
          )
        ).map(nOf);
      for (let k = 0; k < all.length; k++) {
        expect(await after(all[k]!.position - 1), `after position of event ${k} - 1`).toEqual(
          all.slice(k).map(nOf),
        );
      }
      expect(await after(0)).toEqual([0, 1, 2, 3].filter((n) => all[n]!.position > 0));
      expect(await after(all[1]!.position - 1, 1)).toEqual([1]);
      expect(await after(all[3]!.position + 1_000_000)).toEqual([]);
      expect(await after(Number.MAX_SAFE_INTEGER)).toEqual([]);
    });

    it('filters by event type and by stream prefix', async () => {
      const store = ctx.store();
      await store.append('claim-1', [
        newEvent({ n: 0 }, { type: 'Recorded' }),
        newEvent({ n: 1 }, { type: 'Retracted' }),
      ]);
      await store.append('report-1', [newEvent({ n: 2 }, { type: 'Recorded' })]);
      await store.append('claim-2', [newEvent({ n: 3 }, { type: 'Assessed' })]);
      const ns = async (filter: { eventTypes?: string[]; streamPrefix?: string }, maxCount?: number) =>
        (await collect(store.readAll(maxCount === undefined ? { filter } : { filter, maxCount }))).map(nOf);
      expect(await ns({ eventTypes: ['Recorded'] })).toEqual([0, 2]);
      expect(await ns({ eventTypes: ['Retracted', 'Assessed'] })).toEqual([1, 3]);
      expect(await ns({ streamPrefix: 'claim-' })).toEqual([0, 1, 3]);
      expect(await ns({ streamPrefix: 'claim-', eventTypes: ['Recorded', 'Assessed'] })).toEqual([0, 3]);
      expect(await ns({ streamPrefix: 'claim-' }, 2)).toEqual([0, 1]);
      expect(await ns({ eventTypes: ['Nothing'] })).toEqual([]);
    });

    it('matches a stream prefix only at the start of the name, and an empty list of types matches nothing', async () => {
      const store = ctx.store();
      await store.append('claim-1', [newEvent({ n: 0 })]);
      await store.append('x-claim-1', [newEvent({ n: 1 })]);
      await store.append('claimant', [newEvent({ n: 2 })]);
      const ns = async (filter: { eventTypes?: string[]; streamPrefix?: string }) =>
        (await collect(store.readAll({ filter }))).map(nOf);
      expect(await ns({ streamPrefix: 'claim' })).toEqual([0, 2]);
      expect(await ns({ streamPrefix: 'x-' })).toEqual([1]);
      expect(await ns({ eventTypes: [] })).toEqual([]);
      expect(await ns({ eventTypes: [], streamPrefix: 'claim' })).toEqual([]);
    });
  });

  describe('envelope', () => {
    it('sets recordedAt itself, as ISO 8601 UTC', async () => {
      const store = ctx.store();
      const before = Date.now();
      await store.append('e-time', [newEvent({ recordedAt: '1999-01-01T00:00:00.000Z' })]);
      const [event] = await collect(store.readStream('e-time'));
      expect(event!.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(new Date(event!.recordedAt).toISOString()).toBe(event!.recordedAt);
      // The writer's own field stays data; the envelope's time is the store's (within an hour of now,
      // so a clock-skewed server still passes while 1999 does not).
      expect(Math.abs(Date.parse(event!.recordedAt) - before)).toBeLessThan(3_600_000);
      expect(event!.data).toEqual({ recordedAt: '1999-01-01T00:00:00.000Z' });
    });

    it('round-trips id, type, version, data and metadata', async () => {
      const store = ctx.store();
      const data = {
        text: 'Хорог, Khorugh 🏔',
        n: -1.5,
        nested: { list: [1, 'two', null, { deep: true }] },
        none: null,
      };
      const metadata = { correlationId: 'corr-1', causationId: 'cause-1', ingestRunId: 'run-1' };
      const withMeta = newEvent(data, { type: 'Typed', version: 3, metadata });
      const plain = newEvent({ n: 1 });
      await store.append('e-round', [withMeta, plain]);
      const [first, second] = await collect(store.readStream('e-round'));
      expect(first).toMatchObject({
        id: withMeta.id,
        type: 'Typed',
        version: 3,
        data,
        metadata,
        stream: 'e-round',
      });
      expect(second!.metadata).toEqual({});
      expect(second!.id).toBe(plain.id);
    });
  });

  describe('hash chain', () => {
    it('links every event to the one before it', async () => {
      const store = ctx.store();
      await store.append('h-a', numbered(3));
      await store.appendMany([
        { stream: 'h-b', events: numbered(2) },
        { stream: 'h-a', events: numbered(1) },
      ]);
      const all = await collect(store.readAll());
      expect(all).toHaveLength(6);
      for (const event of all) expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(all.map((e) => e.hash)).size).toBe(6);
      if ((ctx.options.chain ?? 'global') === 'global') {
        const report = await verifyChain(all);
        expect(report).toMatchObject({ ok: true, checked: 6, firstBreak: null });
        expect(all[0]!.prevHash).toBe(GENESIS_HASH);
      } else {
        const streams = await Promise.all(['h-a', 'h-b'].map((stream) => collect(store.readStream(stream))));
        expect(streams.every(linksFromGenesis) || linksInOrder(all)).toBe(true);
      }
    });
  });
}

/** Whether each event links to the one before it, the first to GENESIS_HASH (a per-stream chain). */
function linksFromGenesis(events: readonly StoredEvent[]): boolean {
  return events.every((event, i) => event.prevHash === (i === 0 ? GENESIS_HASH : events[i - 1]!.hash));
}

/** Whether each event after the first links to the one before it (a global chain seen through a view). */
function linksInOrder(events: readonly StoredEvent[]): boolean {
  return events.every((event, i) => i === 0 || event.prevHash === events[i - 1]!.hash);
}
