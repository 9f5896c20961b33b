// Tamper evidence: edit, remove, move and re-hash rows of a copy of an event file with plain
// better-sqlite3, then check that verify names the first position where the chain breaks.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../contract/contract-context.js';
import { chainHash, GENESIS_HASH } from '../integrity/chain-hash.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { rewriteRow } from '../testing/rewrite-row.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { idKey } from './sqlite-id-key.js';
import { type EventRow, toStoredEvent } from './sqlite-statements.js';
import { damagedCopy, tempFolder } from './sqlite-test-files.js';

const EVENTS = 10;
const folder = tempFolder('kb-verify-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  const store = openSqliteStore({ path: original });
  for (let i = 0; i < EVENTS; i++) {
    await store.append(`claim-${i % 3}`, [
      newEvent({ i, quote: `quote ${i}` }, { metadata: { ingestRunId: 'run-1' } }),
    ]);
  }
  await store.close();
});
afterAll(() => folder.remove());

/**
 * Copies the intact file (or `file`), applies `tamper` to it through a raw connection, and verifies
 * the copy.
 */
async function verifyAfter(
  tamper: (db: BetterSqlite3.Database) => void,
  file = original,
): Promise<VerifyReport> {
  const path = damagedCopy(folder, file, tamper);
  const store = openSqliteStore({ path });
  try {
    return await store.verify();
  } finally {
    await store.close();
  }
}

const COLUMNS = 'id, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash';

/**
 * Computes the hash of the row at `from` again over its text as stored, as a forger would; with
 * `chain`, every later row's link and hash too; with `head`, sets the head row to the log's end.
 */
function rehash(db: BetterSqlite3.Database, from: number, { chain = true, head = true } = {}): void {
  const positions = db
    .prepare('SELECT position FROM events WHERE position >= ? ORDER BY position')
    .pluck()
    .all(from) as number[];
  let prevHash: string | undefined;
  for (const position of positions) {
    prevHash = rewriteRow(db, position, prevHash === undefined ? {} : { prevHash });
    if (!chain) break;
  }
  if (head)
    db.prepare(
      `UPDATE head SET count = (SELECT count(*) FROM events), last_position = (SELECT max(position) FROM events),
         last_hash = (SELECT hash FROM events ORDER BY position DESC LIMIT 1)`,
    ).run();
}

/** Appends a forged event after the last, linked and hashed, without moving the head row. */
function forgeOntoEnd(db: BetterSqlite3.Database): void {
  db.prepare(
    `INSERT INTO events (position, id, id_key, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash)
       SELECT position + 1, 'forged-id', ?, 'claim-forged', 0, type, version, data, metadata, recorded_at, hash, ''
         FROM events WHERE position = ${EVENTS}`,
  ).run(idKey('forged-id'));
  rehash(db, EVENTS + 1, { head: false });
}

describe('sqlite verify', () => {
  it('reports an intact log as ok with the number of events', async () => {
    const report = await verifyAfter(() => {});
    expect(report).toMatchObject({ ok: true, checked: EVENTS, firstBreak: null });
  });

  it('reports its progress every so many events checked and at the end, out of the head count, and stops at a break', async () => {
    const calls: [number, number][] = [];
    const store = openSqliteStore({ path: original, readonly: true });
    try {
      const report = await store.verify({ onProgress: (c, t) => calls.push([c, t]), progressEvery: 3 });
      expect(report.ok).toBe(true);
    } finally {
      await store.close();
    }
    expect(calls).toEqual([
      [3, EVENTS],
      [6, EVENTS],
      [9, EVENTS],
      [EVENTS, EVENTS],
    ]);
    const broken = damagedCopy(folder, original, (raw) =>
      raw.prepare(`UPDATE events SET data = json_set(data, '$.quote', 'forged') WHERE position = 5`).run(),
    );
    const seen: number[] = [];
    const damaged = openSqliteStore({ path: broken, readonly: true });
    try {
      const report = await damaged.verify({ onProgress: (c) => seen.push(c), progressEvery: 3 });
      expect(report).toMatchObject({ ok: false, checked: 4, firstBreak: { position: 5 } });
    } finally {
      await damaged.close();
    }
    expect(seen).toEqual([3]);
  });

  it('names an event whose data was edited', async () => {
    const report = await verifyAfter((db) =>
      db.prepare(`UPDATE events SET data = json_set(data, '$.quote', 'forged') WHERE position = 4`).run(),
    );
    expect(report).toMatchObject({ ok: false, checked: 3, firstBreak: { position: 4 } });
    expect(report.firstBreak?.reason).toContain('altered');
  });

  it('names an event whose stored text changed even though its value did not (a space added)', async () => {
    const report = await verifyAfter((db) =>
      db.prepare(`UPDATE events SET data = ' ' || data WHERE position = 5`).run(),
    );
    expect(report).toMatchObject({ ok: false, checked: 4, firstBreak: { position: 5 } });
  });

  it('names an event whose data no longer parses', async () => {
    const report = await verifyAfter((db) =>
      db.prepare(`UPDATE events SET data = '{broken' WHERE position = 2`).run(),
    );
    expect(report.firstBreak?.position).toBe(2);
  });

  it('names an event whose recorded time was edited', async () => {
    const report = await verifyAfter((db) =>
      db.prepare(`UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE position = 6`).run(),
    );
    expect(report.firstBreak?.position).toBe(6);
  });

  it('names the position of an event deleted from the middle, as positions run with no gap', async () => {
    const report = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE position = 5').run());
    expect(report).toMatchObject({ ok: false, checked: 4, firstBreak: { position: 5 } });
    expect(report.firstBreak?.reason).toContain('no event at position 5: the log goes from 4 to 6');
  });

  it("names position 1 when the first event's previous-hash link alone was altered, its hash computed again", async () => {
    const report = await verifyAfter((db) => {
      rewriteRow(db, 1, { prevHash: 'f'.repeat(64) });
    });
    expect(report).toMatchObject({
      ok: false,
      checked: 0,
      lastHash: GENESIS_HASH,
      firstBreak: { position: 1 },
    });
    expect(report.firstBreak).not.toHaveProperty('previous');
    expect(report.firstBreak?.reason).toMatch(/previous-hash link is not the hash every chain starts from/);
  });

  it('names position 1 when the first event is deleted', async () => {
    const report = await verifyAfter((db) => db.prepare('DELETE FROM events WHERE position = 1').run());
    expect(report).toMatchObject({ ok: false, checked: 0, firstBreak: { position: 1 } });
    expect(report.firstBreak?.reason).toContain('the log starts at 2');
  });

  it('names a gap in the positions even with every hash after it computed again and the head set to match', async () => {
    // The last event moved from 10 to 12, the chain and head made to agree: only the gap tells.
    const report = await verifyAfter((db) => {
      db.prepare(`UPDATE events SET position = 12 WHERE position = ${EVENTS}`).run();
      rehash(db, 12);
    });
    expect(report).toMatchObject({ ok: false, checked: EVENTS - 1, firstBreak: { position: EVENTS } });
    expect(report.firstBreak?.reason).toContain('no events at positions 10 to 11: the log goes from 9 to 12');
  });

  it("checks the head's last position against the log's last event", async () => {
    const lower = await verifyAfter((db) =>
      db.prepare('UPDATE head SET last_position = last_position - 3').run(),
    );
    // The events past the head's last position: named at the first, those before it verified.
    expect(lower).toMatchObject({ ok: false, checked: EVENTS - 3, firstBreak: { position: EVENTS - 2 } });
    expect(lower.firstBreak?.reason).toContain("an event past the store's head");
    expect(lower.firstBreak?.reason).toContain(
      "its count and last hash match the log's end, its last position does not",
    );
    const higher = await verifyAfter((db) =>
      db.prepare('UPDATE head SET last_position = last_position + 5').run(),
    );
    expect(higher).toMatchObject({ ok: false, checked: EVENTS, firstBreak: { position: EVENTS + 1 } });
    expect(higher.firstBreak?.reason).toContain(`the last at position ${EVENTS + 5}`);
  });

  it('names an event forged onto the end without the head at its own position, the events before it verified', async () => {
    const report = await verifyAfter((db) => {
      forgeOntoEnd(db);
    });
    expect(report).toMatchObject({ ok: false, checked: EVENTS, firstBreak: { position: EVENTS + 1 } });
    expect(report.firstBreak?.reason).toContain(`an event past the store's head`);
    expect(report.firstBreak?.reason).toContain(
      `the events from ${EVENTS + 1} on were added without the head row`,
    );
  });

  it('names an event forged onto the end with the head count also edited as the head row altered, not as added without it', async () => {
    const report = await verifyAfter((db) => {
      forgeOntoEnd(db);
      // The count now matches the log; the last position and hash still name event 10.
      db.prepare('UPDATE head SET count = count + 1').run();
    });
    expect(report).toMatchObject({ ok: false, checked: EVENTS, firstBreak: { position: EVENTS + 1 } });
    expect(report.firstBreak?.reason).toContain("an event past the store's head");
    expect(report.firstBreak?.reason).not.toContain('added without the head row');
    expect(report.firstBreak?.reason).toContain('the head row was altered, or events were added outside kb');
  });

  it('says a head count too high is the head row altered, or events cut off the end', async () => {
    const count = await verifyAfter((db) => db.prepare('UPDATE head SET count = count + 1').run());
    expect(count).toMatchObject({ ok: false, checked: EVENTS, firstBreak: { position: EVENTS + 1 } });
    expect(count.firstBreak?.reason).toContain(
      "its last position and last hash match the log's end, its count does not: the head row was altered",
    );
    const cut = await verifyAfter((db) => db.prepare(`DELETE FROM events WHERE position = ${EVENTS}`).run());
    expect(cut.firstBreak?.reason).toContain('the head row was altered, or events were cut off the end');
  });

  it('names the pair at a broken link: the event before it may be the altered one, so it is not counted', async () => {
    // Event 4 edited and its own hash computed again: 4 verifies on its own, 5's link does not hold.
    const report = await verifyAfter((db) => {
      db.prepare(`UPDATE events SET data = json_set(data, '$.quote', 'forged') WHERE position = 4`).run();
      rehash(db, 4, { chain: false, head: false });
    });
    expect(report).toMatchObject({ ok: false, checked: 3, firstBreak: { position: 5, previous: 4 } });
    expect(report.firstBreak?.reason).toContain('the event at 4 was altered and its hash computed again');
    const db = new BetterSqlite3(original, { readonly: true });
    try {
      expect(report.lastHash).toBe(db.prepare('SELECT hash FROM events WHERE position = 3').pluck().get());
    } finally {
      db.close();
    }
  });

  it('names the position after the end when the last event is deleted', async () => {
    const report = await verifyAfter((db) =>
      db.prepare(`DELETE FROM events WHERE position = ${EVENTS}`).run(),
    );
    expect(report).toMatchObject({ ok: false, checked: EVENTS - 1, firstBreak: { position: EVENTS } });
    expect(report.firstBreak?.reason).toContain('cut off');
  });

  it('names the first of two events whose contents were swapped', async () => {
    const report = await verifyAfter((db) => {
      const rowAt = db.prepare(`SELECT ${COLUMNS} FROM events WHERE position = ?`).raw(true);
      const third = rowAt.get(3) as unknown[];
      const sixth = rowAt.get(6) as unknown[];
      const set = db.prepare(
        `UPDATE events SET ${COLUMNS.split(', ')
          .map((c) => `${c} = ?`)
          .join(', ')} WHERE position = ?`,
      );
      db.transaction(() => {
        // Through a spare id first: `id` and (stream, revision) are unique.
        db.prepare(`UPDATE events SET id = 'spare', revision = -1 WHERE position = 6`).run();
        set.run(...sixth, 3);
        set.run(...third, 6);
      })();
    });
    // The link from 3 breaks: the event at 2 is one side of it, so it is not counted.
    expect(report).toMatchObject({ ok: false, checked: 1, firstBreak: { position: 3, previous: 2 } });
  });

  it('with the head row deleted, is not ok: names the position after the last event, the events before it verified', async () => {
    const report = await verifyAfter((db) => db.prepare('DELETE FROM head').run());
    expect(report).toMatchObject({ ok: false, checked: EVENTS, firstBreak: { position: EVENTS + 1 } });
    expect(report.firstBreak?.reason).toContain("the store's head row is missing");
  });

  it('keeps no recorded-time step at the position where an id missing from the index breaks the log', async () => {
    // A log whose id index holds every event in its tables: a tail of one moves each append there.
    const indexed = folder.fresh('indexed');
    const writer = openSqliteStore({ path: indexed, idTailLimit: 1 });
    for (let i = 0; i < EVENTS; i++) await writer.append(`claim-${i % 3}`, [newEvent({ i })]);
    await writer.close();
    const p = 6;
    const report = await verifyAfter((db) => {
      // Event 6 recorded before event 5, its hash and the chain after it computed again: the walk
      // verifies it, and notes the step back there.
      rewriteRow(db, p, { recordedAt: '2000-01-01T00:00:00.000Z' });
      rehash(db, p + 1);
      const upTo = db.prepare('SELECT indexed_up_to FROM head').pluck().get() as number;
      expect(upTo).toBeGreaterThanOrEqual(p);
      // And its id gone from the id index: verify breaks there, so event 6 did not verify.
      const gone =
        db.prepare('DELETE FROM event_ids_1 WHERE position = ?').run(p).changes +
        db.prepare('DELETE FROM event_ids_2 WHERE position = ?').run(p).changes;
      expect(gone).toBe(1);
    }, indexed);
    expect(report).toMatchObject({ ok: false, checked: p - 1, firstBreak: { position: p } });
    expect(report.firstBreak?.reason).toContain('id index');
    expect(report).not.toHaveProperty('recordedTimeStepsBack');
  });

  it('names an event whose hash was changed', async () => {
    const report = await verifyAfter((db) =>
      db.prepare(`UPDATE events SET hash = '${'a'.repeat(64)}' WHERE position = 7`).run(),
    );
    expect(report).toMatchObject({ ok: false, checked: 6, firstBreak: { position: 7 } });
  });

  it('names an event whose id was edited as altered, not as an altered index key', async () => {
    const report = await verifyAfter((db) =>
      db.prepare(`UPDATE events SET id = '00000000-0000-8000-8000-000000000000' WHERE position = 5`).run(),
    );
    expect(report).toMatchObject({ ok: false, checked: 4, firstBreak: { position: 5 } });
    expect(report.firstBreak?.reason).toBe('its content does not match its hash (the event was altered)');
  });

  it("names an event whose id's index key was altered, so retries of it would be missed", async () => {
    const report = await verifyAfter((db) =>
      db.prepare('UPDATE events SET id_key = id_key + 1 WHERE position = 5').run(),
    );
    expect(report).toMatchObject({ ok: false, checked: 4, firstBreak: { position: 5 } });
    expect(report.firstBreak?.reason).toContain('index key');
  });

  it('names the earlier break when the chain breaks before an altered index key', async () => {
    const report = await verifyAfter((db) => {
      db.prepare(`UPDATE events SET data = json_set(data, '$.quote', 'forged') WHERE position = 2`).run();
      db.prepare('UPDATE events SET id_key = id_key + 1 WHERE position = 8').run();
    });
    expect(report).toMatchObject({ ok: false, checked: 1, firstBreak: { position: 2 } });
    expect(report.firstBreak?.reason).toContain('altered');
  });

  it('catches a chain rebuilt after an edit, through the head kept beside the log', async () => {
    const report = await verifyAfter((db) => {
      const rows = db
        .prepare(`SELECT position, ${COLUMNS} FROM events ORDER BY position`)
        .raw(true)
        .all() as [number, ...unknown[]][];
      const update = db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?');
      let prevHash = '';
      for (const row of rows) {
        const [position, id, stream, revision, type, version, data, metadata, recordedAt, storedPrev] = row;
        const edited = position === 4 ? JSON.stringify({ i: 3, quote: 'forged' }) : (data as string);
        const event = toStoredEvent([
          position,
          id,
          stream,
          revision,
          type,
          version,
          edited,
          metadata,
          recordedAt,
          prevHash || storedPrev,
          '',
        ] as EventRow);
        const hash = chainHash(event);
        update.run(edited, event.prevHash, hash, position);
        prevHash = hash;
      }
    });
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(EVENTS);
    expect(report.firstBreak?.reason).toContain("store's head");
  });
});
