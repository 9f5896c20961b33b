// Appends to an event file with a damaged row, found by a mutation pass over the write path: the
// damage is verify's to report; an append must neither take it for the event it retries nor copy it.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { EventIdConflictError } from '../port/errors.js';
import { rewriteRow } from '../testing/rewrite-row.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { withTempFile } from './sqlite-test-files.js';

/** Rewrites the row at `position` of the closed file at `path` through a connection of its own. */
function damage(path: string, position: number, changes: Parameters<typeof rewriteRow>[2]): void {
  const db = new BetterSqlite3(path);
  try {
    rewriteRow(db, position, changes);
  } finally {
    db.close();
  }
}

describe('sqlite store: appends over a damaged row', () => {
  it('refuses a retry of an event whose stored data no longer parses, as other content', () =>
    withTempFile('events.sqlite', async (path) => {
      const event = newEvent({ n: 1 });
      const first = openSqliteStore({ path });
      await first.append('s', [event]);
      await first.close();
      damage(path, 1, { data: '{"n":' });
      const store = openSqliteStore({ path });
      try {
        const error = await store.append('s', [event]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EventIdConflictError);
        expect((error as EventIdConflictError).reason).toBe('is already stored with other content');
        expect(store.headPosition()).toBe(1);
      } finally {
        await store.close();
      }
    }));

  it('stamps an append with the clock’s time when the last stored time does not parse', () =>
    withTempFile('events.sqlite', async (path) => {
      const first = openSqliteStore({ path, clock: () => new Date('2024-05-01T10:00:00Z') });
      await first.append('s', [newEvent({ n: 1 })]);
      await first.close();
      damage(path, 1, { recordedAt: 'not a time' });
      const store = openSqliteStore({ path, clock: () => new Date('2024-05-02T10:00:00Z') });
      try {
        await store.append('s', [newEvent({ n: 2 })]);
        expect((await collect(store.readAll())).map((e) => e.recordedAt)).toEqual([
          'not a time',
          '2024-05-02T10:00:00.000Z',
        ]);
      } finally {
        await store.close();
      }
    }));
});
