import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import type { StoredEvent } from '../port/event-store.js';
import { lastLeafPage, zeroPage } from '../testing/zero-page.js';
import { openSqliteStore, type SqliteEventStore } from './sqlite-event-store.js';
import { tempFolder } from './sqlite-test-files.js';

// More rows than one page of storedRows (1,000), so reading crosses pages.
const EVENTS = 2500;
const folder = tempFolder('kb-stored-rows-');
let store: SqliteEventStore;
let all: StoredEvent[];

beforeAll(async () => {
  store = openSqliteStore({ path: join(folder.dir, 'kb.sqlite') });
  for (let i = 0; i < EVENTS; i += 100) {
    await store.append(
      ['claim-1', 'claim-10', 'claim-2'][(i / 100) % 3]!,
      Array.from({ length: 100 }, (_, k) =>
        newEvent(
          { n: i + k },
          { type: (i + k) % 7 === 0 ? 'Seventh' : 'Other', metadata: { ingestRunId: 'run-1' } },
        ),
      ),
    );
  }
  all = [];
  for await (const e of store.readAll()) all.push(e);
});
afterAll(async () => {
  await store.close();
  await folder.remove();
});

describe('SqliteEventStore.storedRows', () => {
  it('reads every row as readAll gives it, across pages, and by type and exact stream', () => {
    expect([...store.storedRows({ after: 0 })]).toEqual(all);
    expect([...store.storedRows({ after: 1234 })]).toEqual(all.slice(1234));
    expect([...store.storedRows({ after: 0, type: 'Seventh' })]).toEqual(
      all.filter((e) => e.type === 'Seventh'),
    );
    // claim-1 only: the prefix claim-1 would not tell it from a stream claim-10.
    expect([...store.storedRows({ after: 0, stream: 'claim-1' })]).toEqual(
      all.filter((e) => e.stream === 'claim-1'),
    );
    // The empty stream is a stream name like any other (one that holds nothing), not "every stream".
    expect([...store.storedRows({ after: 0, stream: '' })]).toEqual([]);
  });

  it('leaves the data unread when asked, and gives the rest of each row as it is', () => {
    const withoutData = (e: StoredEvent) => ({ ...e, data: null });
    expect([...store.storedRows({ after: 0, withoutData: true })]).toEqual(all.map(withoutData));
    expect([
      ...store.storedRows({ after: 0, withoutData: true, type: 'Seventh', stream: 'claim-2' }),
    ]).toEqual(all.filter((e) => e.type === 'Seventh' && e.stream === 'claim-2').map(withoutData));
  });

  it('gives a row whose JSON no longer parses with its text as stored, where readAll fails', async () => {
    store.database.prepare(`UPDATE events SET data = '{"n": 5' WHERE position = 6`).run();
    store.database.prepare(`UPDATE events SET metadata = 'not json' WHERE position = 7`).run();
    const rows = [...store.storedRows({ after: 4 })].slice(0, 4);
    expect(rows.map((r) => r.position)).toEqual([5, 6, 7, 8]);
    expect(rows[0]).toEqual(all[4]);
    expect(rows[1]).toMatchObject({ position: 6, data: null, unreadable: ['data'], dataText: '{"n": 5' });
    expect(rows[1]).not.toHaveProperty('metadataText');
    expect(rows[2]).toMatchObject({
      position: 7,
      metadata: null,
      unreadable: ['metadata'],
      metadataText: 'not json',
    });
    // Only the text that does not parse is given as text.
    expect(rows[2]).not.toHaveProperty('dataText');
    expect(rows[3]).toEqual(all[7]);
    // Data left unread is never unreadable; metadata still is.
    const envelopes = [...store.storedRows({ after: 5, withoutData: true })].slice(0, 2);
    expect(envelopes[0]).toEqual({ ...all[5], data: null });
    expect(envelopes[1]).toMatchObject({ position: 7, data: null, unreadable: ['metadata'] });
    expect(envelopes[1]).not.toHaveProperty('dataText');
    for (const row of [rows[0], rows[3]]) {
      expect(row).not.toHaveProperty('unreadable');
      expect(row).not.toHaveProperty('dataText');
      expect(row).not.toHaveProperty('metadataText');
    }
    await expect(async () => {
      for await (const _ of store.readAll({ after: 4 })) {
        // reading on until the damaged row
      }
    }).rejects.toThrow();
  });

  it('gives the rows before a page SQLite cannot read, then fails there, as one read of the page failed whole', async () => {
    const small = openSqliteStore({ path: folder.fresh('small') });
    const path = small.path;
    for (let i = 0; i < 40; i++) await small.append(`claim-${i}`, [newEvent({ i, quote: 'q'.repeat(400) })]);
    await small.close();
    const damaged = folder.copyOf(path);
    zeroPage(damaged, lastLeafPage('events'));
    const reader = openSqliteStore({ path: damaged, readonly: true });
    try {
      const given: number[] = [];
      let failure: unknown;
      try {
        for (const row of reader.storedRows({ after: 0 })) given.push(row.position);
      } catch (error) {
        failure = error;
      }
      expect((failure as { code?: unknown }).code).toBe('SQLITE_CORRUPT');
      // Positions from 1 up to the damaged page, which holds the last ones.
      expect(given.length).toBeGreaterThan(0);
      expect(given.length).toBeLessThan(40);
      expect(given).toEqual(given.map((_, i) => i + 1));
      // A reader wanting only the first rows never meets the damage.
      const first: number[] = [];
      for (const row of reader.storedRows({ after: 0 })) {
        first.push(row.position);
        if (first.length === 3) break;
      }
      expect(first).toEqual([1, 2, 3]);
    } finally {
      await reader.close();
    }
  });
});
