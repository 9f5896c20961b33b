// One id stored twice in the log: verify names the later event, whatever the id index holds now.
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { chainHashOfJson } from '../integrity/chain-hash.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { WalkedIdKeys } from './sqlite-repeated-ids.js';
import { damagedCopy, tempFolder } from './sqlite-test-files.js';

const EVENTS = 10;
const folder = tempFolder('kb-repeated-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path: original });
  for (let i = 0; i < EVENTS; i++) await store.append(`claim-${i}`, [newEvent({ i })]);
  await store.close();
});
afterAll(() => folder.remove());

/**
 * What an ingest wrote after an index row was removed: the id of position 3 again at the end, in a
 * stream of its own, its hash and the head right (and the index row put back since).
 */
function copyOfAnId(db: BetterSqlite3.Database): void {
  const [id, key, type, version, data, metadata, recordedAt] = db
    .prepare('SELECT id, id_key, type, version, data, metadata, recorded_at FROM events WHERE position = 3')
    .raw(true)
    .get() as [string, number, string, number, string, string, string];
  const prevHash = db.prepare(`SELECT hash FROM events WHERE position = ${EVENTS}`).pluck().get() as string;
  const position = EVENTS + 1;
  const content = { id, type, version, dataJson: data, metadataJson: metadata, stream: 'claim-again' };
  const hash = chainHashOfJson({ ...content, revision: 0, position, recordedAt, prevHash });
  db.prepare(
    `INSERT INTO events (position, id, id_key, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash)
       VALUES (?, ?, ?, 'claim-again', 0, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(position, id, key, type, version, data, metadata, recordedAt, prevHash, hash);
  db.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ?').run(position, position, hash);
}

describe('verify: an id stored twice', () => {
  it('names the later of two events with one id, as an append that missed it in the index stores it', async () => {
    const path = damagedCopy(folder, original, copyOfAnId);
    const store = openSqliteStore({ path, readonly: true });
    try {
      const report = await store.verify();
      expect(report).toMatchObject({ ok: false, checked: EVENTS, firstBreak: { position: EVENTS + 1 } });
      expect(report.firstBreak?.reason).toMatch(
        /^its id \S+ is stored already, at position 3: one event stored twice/,
      );
      const db = store.database;
      expect(report.lastHash).toBe(
        db.prepare(`SELECT hash FROM events WHERE position = ${EVENTS}`).pluck().get(),
      );
    } finally {
      await store.close();
    }
  });

  it('names the edit, not the repeated id, when the event that repeats an id was also altered', async () => {
    // The break comes first: the events before it verified, and the altered one is not counted.
    const path = damagedCopy(folder, original, (db) => {
      copyOfAnId(db);
      db.prepare(`UPDATE events SET data = '{"edited":true}' WHERE position = ${EVENTS + 1}`).run();
    });
    const store = openSqliteStore({ path, readonly: true });
    try {
      const report = await store.verify();
      expect(report).toMatchObject({ ok: false, checked: EVENTS, firstBreak: { position: EVENTS + 1 } });
      expect(report.firstBreak?.reason).toMatch(/does not match its hash/);
    } finally {
      await store.close();
    }
  });

  it('finds a repeat of the smallest key', () => {
    const keys = new WalkedIdKeys(4);
    for (const key of [5, 1, 9, 1]) keys.push(key);
    expect(keys.repeated(4)).toEqual([1, 3]);
  });

  it('keeps the key pushed exactly when its array first grows', () => {
    // The array starts with room for 65,536 keys: the 65,537th push (index 65,536) grows it.
    const keys = new WalkedIdKeys(0);
    for (let i = 0; i < 65_536; i++) keys.push(i * 7 + 1);
    keys.push(3 * 7 + 1);
    expect(keys.repeated(65_537)).toEqual([3, 65_536]);
  });

  it('finds repeated keys among many, past the first growth of its array, and only among the first n', () => {
    const keys = new WalkedIdKeys(0);
    for (let i = 0; i < 100_000; i++) keys.push(i * 7 + 1);
    keys.push(7 * 50_000 + 1);
    keys.push('not a key');
    keys.push('not a key');
    expect(keys.repeated(100_003)).toEqual([50_000, 100_000]);
    expect(keys.repeated(100_000)).toEqual([]);
  });
});
