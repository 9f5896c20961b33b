// Every column of an event row is covered by the chain: on a log of five events, a change to any
// one column of the fourth row (its text edited in the file, nothing recomputed) makes verify fail
// at position 4. Guards against a column left out of the hashed envelope (chain-hash.ts), on
// write and on verify alike, which no recomputation would notice.
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { idKey } from './sqlite-id-key.js';
import { damagedCopy, tempFolder } from './sqlite-test-files.js';

const folder = tempFolder('kb-verify-columns-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path: original });
  // Positions 1..5; position 4 is claim-b's second event (revision 1), written with metadata.
  const streams = ['claim-a', 'claim-b', 'claim-a', 'claim-b', 'claim-a'];
  for (const [i, stream] of streams.entries()) {
    await store.append(stream, [
      newEvent(
        { i, quote: `quote ${i}` },
        { type: 'ClaimRecorded', metadata: { ingestRunId: 'run-1', correlationId: `c-${i}` } },
      ),
    ]);
  }
  await store.close();
});
afterAll(() => folder.remove());

// One column of row 4 each, set to a value it could plausibly hold, that breaks no constraint.
const TAMPERS: readonly [column: string, value: string | number][] = [
  ['id', '00000000-0000-4000-8000-00000000beef'],
  ['stream', 'claim-c'],
  ['revision', 7],
  ['type', 'ClaimRetracted'],
  ['version', 2],
  ['data', '{"i":3,"quote":"another quote"}'],
  ['metadata', '{"correlationId":"c-3","ingestRunId":"run-2"}'],
  ['recorded_at', '2020-01-01T00:00:00.000Z'],
];

describe('sqlite verify: each column of a row is hashed', () => {
  it('the untouched log verifies', async () => {
    const store = openSqliteStore({ path: original });
    try {
      expect(await store.verify()).toMatchObject({ ok: true, checked: 5, firstBreak: null });
    } finally {
      await store.close();
    }
  });

  it.each(TAMPERS)('an edit of %s at position 4 breaks the chain there', async (column, value) => {
    const path = damagedCopy(folder, original, (db: BetterSqlite3.Database) => {
      const before = db.prepare(`SELECT ${column} FROM events WHERE position = 4`).pluck().get();
      expect(before, 'the edit changes the column').not.toEqual(value);
      const changed = db.prepare(`UPDATE events SET ${column} = ? WHERE position = 4`).run(value);
      expect(changed.changes).toBe(1);
    });
    const store = openSqliteStore({ path });
    try {
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.firstBreak?.position).toBe(4);
      expect(report.firstBreak?.reason).toMatch(/alter|hash|match/i);
    } finally {
      await store.close();
    }
  });

  it('an edit of id at position 4 that keeps its index key and index entries in step breaks the chain there', async () => {
    // The id's own check (its key in the index) holds here: only the hash can tell.
    const id = '00000000-0000-4000-8000-00000000beef';
    const path = damagedCopy(folder, original, (db: BetterSqlite3.Database) => {
      const old = db.prepare('SELECT id_key FROM events WHERE position = 4').pluck().get();
      db.prepare('UPDATE events SET id = ?, id_key = ? WHERE position = 4').run(id, idKey(id));
      // The events after the head's indexed_up_to are in no index table yet: then nothing moves.
      for (const table of ['event_ids_1', 'event_ids_2']) {
        db.prepare(`UPDATE ${table} SET key = ? WHERE key = ? AND position = 4`).run(idKey(id), old);
      }
    });
    const store = openSqliteStore({ path });
    try {
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.firstBreak?.position).toBe(4);
      expect(report.firstBreak?.reason).toMatch(/alter|hash|match/i);
    } finally {
      await store.close();
    }
  });
});
