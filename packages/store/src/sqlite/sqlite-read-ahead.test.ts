// readAll through the read-ahead worker (sqlite-read-ahead.ts) gives exactly what the inline reader
// gives: the same events in the same order, honouring after and maxCount, across gaps in positions,
// with text that is not ASCII, and with damaged rows (the same error at the same event); and it
// stops cleanly when the caller stops or the store closes. 12,000 events: the pages asked for while
// the worker starts are read inline, the rest come from the worker as JSON pages.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { StoreClosedError } from '../port/errors.js';
import type { StoredEvent } from '../port/event-store.js';
import { openSqliteStore, type SqliteEventStore } from './sqlite-event-store.js';
import { ReadAhead } from './sqlite-read-ahead.js';
import { damagedCopy, tempFolder } from './sqlite-test-files.js';

const EVENTS = 12_000;
const folder = tempFolder('kb-read-ahead-');
const path = join(folder.dir, 'log.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path });
  for (let batch = 0; batch < EVENTS / 1000; batch++) {
    await store.appendMany(
      Array.from({ length: 1000 }, (_, i) => ({
        stream: `claim-${(batch * 1000 + i) % 97}`,
        events: [newEvent({ n: batch * 1000 + i })],
      })),
    );
  }
  await store.close();
});
afterAll(() => folder.remove());

/** Runs `test` on `file` opened twice, one store always reading ahead and one never, then closes both. */
async function bothWays(
  file: string,
  test: (stores: { ahead: SqliteEventStore; inline: SqliteEventStore }) => Promise<void>,
): Promise<void> {
  const ahead = openSqliteStore({ path: file, readAheadFrom: 1 });
  const inline = openSqliteStore({ path: file, readAheadFrom: Number.POSITIVE_INFINITY });
  try {
    await test({ ahead, inline });
  } finally {
    await ahead.close();
    await inline.close();
  }
}

const positions = (events: readonly StoredEvent[]) => events.map((e) => e.position);

describe('sqlite read-ahead', () => {
  it('reads the same events as the inline reader, whole and in part', () =>
    bothWays(path, async ({ ahead, inline }) => {
      const all = await collect(ahead.readAll());
      expect(all).toHaveLength(EVENTS);
      expect(all).toEqual(await collect(inline.readAll()));
      // Starting part-way and stopping after the hand-over to the worker (at after + 8,000).
      const part = await collect(ahead.readAll({ after: 1234, maxCount: 9500 }));
      expect(positions(part)).toEqual(Array.from({ length: 9500 }, (_, i) => 1235 + i));
      expect(part).toEqual(await collect(inline.readAll({ after: 1234, maxCount: 9500 })));
    }));

  // The worker's pages are whole pages of 100 positions, whatever count was asked for: the reading
  // stops at maxCount within a page, not at the page's end.
  it('stops at a maxCount that is not a multiple of its pages', () =>
    bothWays(path, async ({ ahead, inline }) => {
      for (const [after, maxCount] of [
        [0, 150],
        [0, 1],
        [77, 9_050],
      ] as const) {
        const read = await collect(ahead.readAll({ after, maxCount }));
        expect(positions(read)).toEqual(Array.from({ length: maxCount }, (_, i) => after + 1 + i));
        expect(read).toEqual(await collect(inline.readAll({ after, maxCount })));
      }
    }));

  // A filter is applied by the inline reader's query; the worker reads every event.
  it('reads a filtered log as the inline reader does, however many events lie ahead', () =>
    bothWays(path, async ({ ahead, inline }) => {
      const spy = vi.spyOn(ReadAhead.prototype, 'next');
      try {
        for (const filter of [{ streamPrefix: 'claim-1' }, { eventTypes: ['Missing'] }]) {
          const read = await collect(ahead.readAll({ filter }));
          const expected = await collect(inline.readAll({ filter }));
          expect(read).toHaveLength(expected.length);
          expect(read).toEqual(expected);
        }
        const byPrefix = await collect(ahead.readAll({ filter: { streamPrefix: 'claim-1' } }));
        expect(byPrefix.length).toBeGreaterThan(0);
        expect(byPrefix.every((e) => e.stream.startsWith('claim-1'))).toBe(true);
        expect(spy).not.toHaveBeenCalled();
      } finally {
        spy.mockRestore();
      }
    }));

  it('is done after return(), on the worker and inline alike', () =>
    bothWays(path, async (stores) => {
      for (const store of [stores.ahead, stores.inline]) {
        const reading = store.readAll()[Symbol.asyncIterator]();
        expect((await reading.next()).value?.position).toBe(1);
        expect(await reading.return?.()).toEqual({ done: true, value: undefined });
        expect(await reading.next()).toEqual({ done: true, value: undefined });
      }
    }));

  it('reads across gaps in positions, a whole page missing included', async () => {
    const file = damagedCopy(
      folder,
      path,
      (raw) => {
        raw.prepare('DELETE FROM events WHERE position BETWEEN 8500 AND 10100').run();
        raw.prepare('DELETE FROM events WHERE position = 11999').run();
      },
      'gaps',
    );
    await bothWays(file, async ({ ahead, inline }) => {
      const read = await collect(ahead.readAll());
      expect(read).toHaveLength(EVENTS - 1602);
      expect(read).toEqual(await collect(inline.readAll()));
    });
  });

  it('reads text that is not ASCII as stored', async () => {
    const file = folder.copyOf(path, 'unicode');
    const store = openSqliteStore({ path: file });
    const quotes = ['Kabul — “handed over”', 'سفارت افغانستان', 'Ümit’s note \u2028 and a tab\t', '😀 emoji'];
    for (let i = 0; i < 400; i++) {
      await store.append(`claim-text-${i % 7}`, [newEvent({ quote: quotes[i % quotes.length], i })]);
    }
    await store.close();
    await bothWays(file, async ({ ahead, inline }) => {
      const read = await collect(ahead.readAll({ after: 5000 }));
      expect(read).toHaveLength(EVENTS - 5000 + 400);
      expect(read).toEqual(await collect(inline.readAll({ after: 5000 })));
      expect(read.at(-1)?.data).toEqual({ quote: quotes[399 % quotes.length], i: 399 });
    });
  });

  // The worker's refusal of a damaged page is tested on its own in sqlite-read-ahead-pages.test.ts;
  // here, through the store: the reading ends at the same event with the same error as inline.
  it('meets a damaged row at the same event, with the same error, as the inline reader', async () => {
    const file = damagedCopy(
      folder,
      path,
      (raw) =>
        raw.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = 10500').run('1,{"x":"', '"}'),
      'damaged',
    );
    await bothWays(file, async ({ ahead, inline }) => {
      const outcome = async (store: SqliteEventStore) => {
        const seen: number[] = [];
        try {
          for await (const event of store.readAll()) seen.push(event.position);
        } catch (error) {
          return { seen: seen.length, last: seen.at(-1), error: String(error) };
        }
        return { seen: seen.length, last: seen.at(-1), error: undefined };
      };
      const expected = await outcome(inline);
      expect(expected).toMatchObject({ seen: 10499, last: 10499 });
      // Named by the store, not the parser's bare message.
      expect(expected.error).toMatch(
        /^UnreadableEventError: the event at position 10500 \(.+\) cannot be read: its data is not JSON/,
      );
      expect(await outcome(ahead)).toEqual(expected);
    });
  });

  // The reading that failed stops its worker then, not only when the store closes.
  it('stops its worker when a damaged row ends the reading', async () => {
    const file = damagedCopy(
      folder,
      path,
      (raw) => raw.prepare("UPDATE events SET data = '{' WHERE position = 9050").run(),
      'damaged-close',
    );
    const store = openSqliteStore({ path: file, readAheadFrom: 1 });
    const close = vi.spyOn(ReadAhead.prototype, 'close');
    try {
      const seen: number[] = [];
      await expect(async () => {
        for await (const event of store.readAll()) seen.push(event.position);
      }).rejects.toThrow(/the event at position 9050 .* cannot be read/);
      expect(seen).toHaveLength(9049);
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      close.mockRestore();
      await store.close();
    }
  });

  it('stops its worker when the store closes during a reading, before the reading goes on', async () => {
    const store = openSqliteStore({ path, readAheadFrom: 1 });
    const close = vi.spyOn(ReadAhead.prototype, 'close');
    try {
      const reading = store.readAll()[Symbol.asyncIterator]();
      for (let i = 0; i < 10; i++) await reading.next();
      expect(close).not.toHaveBeenCalled();
      await store.close();
      expect(close).toHaveBeenCalledTimes(1);
      // The rows of the page in hand still come; the next page is refused.
      await expect(async () => {
        for (let next = await reading.next(); !next.done; next = await reading.next()) {
          // reading on until the page's end
        }
      }).rejects.toBeInstanceOf(StoreClosedError);
    } finally {
      close.mockRestore();
      await store.close();
    }
  });

  it('includes events appended while it reads, and can be read again after the caller stops', async () => {
    const file = folder.copyOf(path, 'live');
    const store = openSqliteStore({ path: file, readAheadFrom: 1 });
    try {
      let seen = 0;
      for await (const event of store.readAll()) {
        seen++;
        if (event.position === 100) await store.append('claim-late', [newEvent({ late: true })]);
      }
      expect(seen).toBe(EVENTS + 1);
      let taken = 0;
      for await (const _event of store.readAll()) if (++taken === 9000) break;
      expect(positions(await collect(store.readAll({ after: EVENTS - 1 })))).toEqual([EVENTS, EVENTS + 1]);
    } finally {
      await store.close();
    }
  });

  it('fails with StoreClosedError when the store closes during a reading', async () => {
    const store = openSqliteStore({ path, readAheadFrom: 1 });
    const reading = store.readAll()[Symbol.asyncIterator]();
    let read = 0;
    let caught: unknown;
    try {
      for (;;) {
        const next = await reading.next();
        if (next.done) break;
        if (++read === 10) await store.close();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreClosedError);
    expect(read).toBeLessThan(EVENTS);
  });
});
