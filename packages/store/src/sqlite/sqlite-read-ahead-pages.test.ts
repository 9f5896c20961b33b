// The worker's JSON pages themselves (sqlite-read-ahead.ts), read with no inline pages while it
// starts, so every page is the worker's unless its JSON is refused: then, and only then, that page
// is read on the caller's connection. Each reading is compared with the store's inline reading.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { ReadAhead } from './sqlite-read-ahead.js';
import { nextPageOutcome, readInline, readThroughAhead, workerOnly } from './sqlite-read-ahead-testing.js';
import { damagedCopy, tempFolder } from './sqlite-test-files.js';

const EVENTS = 3000;
const PAGE = 100;
const folder = tempFolder('kb-read-ahead-pages-');
const path = join(folder.dir, 'log.sqlite');
const QUOTES = ['plain text', 'Kabul — “handed over”', 'سفارت افغانستان', 'a tab\t, a quote " and 😀'];

beforeAll(async () => {
  const store = openSqliteStore({ path });
  for (let batch = 0; batch < EVENTS / 500; batch++) {
    await store.appendMany(
      Array.from({ length: 500 }, (_, i) => {
        const n = batch * 500 + i;
        // Pages of only ASCII and pages with other text: the worker sends the two differently.
        const quote = n < 1500 ? QUOTES[0] : QUOTES[n % QUOTES.length];
        return { stream: `claim-${n % 37}`, events: [newEvent({ n, quote })] };
      }),
    );
  }
  await store.close();
});
afterAll(() => folder.remove());

/** Reads `file` through the worker alone, no page read on the caller's connection while it starts. */
const readThroughWorker = (file: string) =>
  readThroughAhead(file, { pageSize: PAGE, depth: 4, readWhileStarting: false });

describe('sqlite read-ahead pages', () => {
  it('gives every event as the inline reader does, ASCII pages and others, all from the worker', async () => {
    const read = await readThroughWorker(path);
    expect(read.error).toBeUndefined();
    expect(read.inline).toEqual([]);
    expect(read.events).toHaveLength(EVENTS);
    expect(read.events).toEqual((await readInline(path)).events);
    expect(read.events.map((e) => (e.data as { quote: string }).quote).slice(1498, 1503)).toEqual([
      QUOTES[0],
      QUOTES[0],
      QUOTES[1500 % 4],
      QUOTES[1501 % 4],
      QUOTES[1502 % 4],
    ]);
  });

  // A row whose metadata, recorded time or previous hash repeats the row before it comes in the
  // page as the nonce, and the caller copies the earlier row's value. Here they change mid-page
  // (appends of 1 to 29 events, metadata per append, some with none), a row is missing (a gap, so
  // the row after it has no neighbour in the page) and one previous hash was edited.
  it('gives repeated metadata, times and previous hashes as the inline reader does, when they change mid-page', async () => {
    const file = folder.fresh('repeats');
    // Two appends a second, so some neighbours share a recorded time and some do not.
    let tick = 0;
    const clock = () => new Date(Date.UTC(2026, 0, 1) + Math.floor(tick++ / 2) * 1000);
    const store = openSqliteStore({ path: file, clock });
    let n = 0;
    for (let call = 0; n < 1000; call++) {
      const size = 1 + ((call * 7) % 29);
      const metadata = call % 3 === 2 ? undefined : { correlationId: `call-${call % 5}` };
      await store.appendMany(
        Array.from({ length: size }, () => ({
          stream: `claim-${n % 11}`,
          events: [newEvent({ n: n++ }, metadata === undefined ? {} : { metadata })],
        })),
      );
    }
    await store.close();
    const raw = new BetterSqlite3(file);
    raw.prepare('DELETE FROM events WHERE position = 450').run();
    raw.prepare("UPDATE events SET prev_hash = 'edited' WHERE position = 620").run();
    raw.close();

    const expected = await readInline(file);
    const read = await readThroughWorker(file);
    expect(read.error).toBeUndefined();
    expect(read.inline).toEqual([]);
    expect(read.events).toHaveLength(n - 1);
    expect(read.events).toEqual(expected.events);
    const at = (position: number) => read.events.find((e) => e.position === position)!;
    expect(at(620).prevHash).toBe('edited');
    // After the gap, the previous hash is the missing row's, not the row before it in the page.
    expect(at(451).prevHash).not.toBe(at(449).hash);
    // Within a page the metadata changes several times, and the recorded times do too.
    const page = read.events.filter((e) => e.position > 100 && e.position <= 200);
    expect(new Set(page.map((e) => JSON.stringify(e.metadata))).size).toBeGreaterThan(2);
    expect(new Set(page.map((e) => e.recordedAt)).size).toBeGreaterThan(2);
    // Shared between rows, so frozen, as the inline reader's are.
    expect(read.events.every((e) => Object.isFrozen(e.metadata))).toBe(true);
    expect(expected.events.every((e) => Object.isFrozen(e.metadata))).toBe(true);
  });

  // Rows as an edit of the file could leave them. The second pair is whole JSON only when pasted
  // together: a page that trusted it would parse, with other values than the row holds.
  it.each([
    ['data that is not JSON', { data: '{"n": 1', metadata: '{}' }],
    ['data and metadata that only parse when joined', { data: '1,{"x":"', metadata: '"}' }],
    // Joined, these keep the row's length; only the nonce after the data finds them out.
    [
      'data and metadata that join into a row of the right length',
      { data: '1,2,{"x":"', metadata: '", "y": 2}' },
    ],
    ['metadata that is not JSON', { data: '{"n":1}', metadata: '{' }],
  ])(
    'reads the page holding %s on the caller connection and fails where the inline reader does',
    async (_name, damage) => {
      const file = damagedCopy(
        folder,
        path,
        (raw) =>
          raw
            .prepare('UPDATE events SET data = ?, metadata = ? WHERE position = 2050')
            .run(damage.data, damage.metadata),
        'damaged',
      );
      const expected = await readInline(file);
      expect(expected.events).toHaveLength(2049);
      expect(expected.error).toMatch(
        /^UnreadableEventError: the event at position 2050 \(claim-14, ContractTested\) cannot be read: its (data|metadata) is not JSON/,
      );
      const read = await readThroughWorker(file);
      expect(read.inline).toEqual([2000]);
      expect(read.error).toBe(expected.error);
      expect(read.events).toEqual(expected.events);
    },
  );

  // A row whose previous hash is edited to its neighbour's previous hash, not its hash: the page may
  // stand for it by the nonce only where it repeats the hash before it, which here it does not.
  it("gives a previous hash edited to the row before's previous hash as stored, in ASCII pages and others", async () => {
    const file = damagedCopy(
      folder,
      path,
      (raw) => {
        const edit = raw.prepare(
          'UPDATE events SET prev_hash = (SELECT prev_hash FROM events WHERE position = @p - 1) WHERE position = @p',
        );
        for (const p of [1250, 2250]) edit.run({ p });
      },
      'prev-hash',
    );
    const expected = await readInline(file);
    const read = await readThroughWorker(file);
    expect(read.error).toBeUndefined();
    expect(read.inline).toEqual([]);
    expect(read.events).toHaveLength(EVENTS);
    expect(read.events).toEqual(expected.events);
    const at = (position: number) => read.events[position - 1]!;
    for (const p of [1250, 2250]) {
      expect(at(p).prevHash).toBe(at(p - 1).prevHash);
      expect(at(p).prevHash).not.toBe(at(p - 1).hash);
    }
  });

  // A page the worker could not read (a damaged B-tree page of the events table) ends the reading
  // with SQLite's error as the worker met it, its code kept (kb names the file as damaged by it);
  // the page is not read again on the caller's connection.
  it('fails the reading with the error the worker met on a damaged page of the file', async () => {
    const file = folder.copyOf(path, 'malformed');
    const raw = new BetterSqlite3(file);
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    // The leaf pages holding the events, in position order: the one in the middle is damaged.
    const leaves = raw
      .prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY path")
      .pluck()
      .all() as number[];
    raw.close();
    expect(leaves.length).toBeGreaterThan(10);
    const fd = openSync(file, 'r+');
    try {
      // A page type byte no B-tree page has.
      writeSync(fd, Buffer.from([0xff]), 0, 1, (leaves[leaves.length >> 1]! - 1) * pageSize);
    } finally {
      closeSync(fd);
    }
    const read = await readThroughWorker(file);
    expect(read.error).toMatch(
      /^StoreUnavailableError: reading the event file failed: database disk image is malformed/,
    );
    expect(read.code).toBe('SQLITE_CORRUPT');
    expect(read.inline).toEqual([]);
    expect(read.events.length).toBeGreaterThan(0);
    expect(read.events.length).toBeLessThan(EVENTS);
    expect(read.events.length % PAGE).toBe(0);
  });

  // Once closed, a reading gives no page, whatever the worker did meanwhile.
  it('fails a page asked for after close, saying the read-ahead was closed', async () => {
    const ahead = new ReadAhead(0, workerOnly(path, { pageSize: PAGE }));
    ahead.close();
    const failure = await nextPageOutcome(ahead);
    expect(failure).toMatch(
      /^StoreUnavailableError: reading the event file failed: the read-ahead was closed$/,
    );
  });

  // Nor on the caller's connection, which reads the pages itself while the worker starts.
  it('reads no page on the caller connection once closed, while the worker has not started', async () => {
    const inline: number[] = [];
    const ahead = new ReadAhead(
      0,
      workerOnly(path, {
        pageSize: PAGE,
        readWhileStarting: true,
        readRange: (from) => {
          inline.push(from);
          throw new Error('read here');
        },
      }),
    );
    ahead.close();
    expect(await nextPageOutcome(ahead)).toMatch(
      /^StoreUnavailableError: reading the event file failed: the read-ahead was closed$/,
    );
    expect(inline).toEqual([]);
  });

  // The caller blocks while it waits for a page; a worker that can never answer (here, its file
  // does not exist) must still end the reading, once the caller lets the event loop deliver its exit.
  it('fails the reading when the worker stops without answering', async () => {
    const ahead = new ReadAhead(0, workerOnly(join(folder.dir, 'missing.sqlite'), { pageSize: PAGE }));
    // Should the reading never end, the test still does: closing fails it with another message.
    const stop = setTimeout(() => ahead.close(), 8000);
    try {
      const failure = await nextPageOutcome(ahead);
      expect(failure).toMatch(/reading the event file failed/);
      expect(failure).not.toMatch(/closed/);
    } finally {
      clearTimeout(stop);
      ahead.close();
    }
  }, 15_000);
});
