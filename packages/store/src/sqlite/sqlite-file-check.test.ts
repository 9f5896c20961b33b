// Verify's check of the file around the log: damage SQLite finds in the log's tables and indexes
// (pages the chain walk never reads), and schema objects on them that kb does not make.
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../integrity/hash-chain.js';
import { failQuickCheck } from '../testing/failing-quick-check.js';
import { rootPage, zeroPage } from '../testing/zero-page.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { isDamageCode } from './sqlite-file-check.js';
import { damagedCopy, storeWithIndexedIds, tempFolder } from './sqlite-test-files.js';

const EVENTS = 200;
const folder = tempFolder('kb-file-check-');
const original = join(folder.dir, 'original.sqlite');

beforeAll(async () => {
  // A small tail, so that most events are in the id index's tables and a check "on the thread"
  // (from position 1) really runs there: the thread starts only for indexed_up_to >= its start.
  await storeWithIndexedIds(original, EVENTS, 50);
});
afterAll(() => folder.remove());

async function verifyAfter(
  tamper: (db: BetterSqlite3.Database) => void,
  bytes?: (path: string) => void,
  indexCheckThreadFrom = Number.POSITIVE_INFINITY,
) {
  const path = damagedCopy(folder, original, tamper);
  bytes?.(path);
  const store = openSqliteStore({ path, readonly: true, indexCheckThreadFrom });
  try {
    return await store.verify();
  } finally {
    await store.close();
  }
}

describe('verify: the file around the log', () => {
  it('an intact file: nothing found', async () => {
    const report = await verifyAfter(() => {});
    expect(report).toMatchObject({
      ok: true,
      checked: EVENTS,
      firstBreak: null,
      file: { damage: [], foreign: [], unchecked: null },
    });
  });

  it.each([
    ['on the caller', Number.POSITIVE_INFINITY],
    ['on the thread', 1],
  ])(
    'a zeroed page of the (stream, revision) index, checked %s: the chain verifies, the report fails naming the damage',
    async (_, from) => {
      let root = 0;
      const report: VerifyReport = await verifyAfter(
        () => {},
        (path) => {
          root = zeroPage(path, rootPage('sqlite_autoindex_events_1'));
        },
        from,
      );
      expect(report).toMatchObject({ ok: false, checked: EVENTS, firstBreak: null, file: { foreign: [] } });
      expect(report.file?.damage.length).toBeGreaterThan(0);
      expect(report.file?.damage.join('\n')).toContain(`page ${root}`);
    },
  );

  it("a trigger and an index on the log tables: each named; a view, another package's tables and the read models' own are not", async () => {
    const report = await verifyAfter((db) => {
      db.exec(`CREATE TRIGGER rewrite AFTER INSERT ON events BEGIN UPDATE events SET data = '{}' WHERE position = new.position; END;
        CREATE INDEX events_by_stream ON events (stream);
        CREATE VIEW latest AS SELECT * FROM events ORDER BY position DESC LIMIT 1;
        CREATE TABLE rm_extra (id TEXT PRIMARY KEY, body TEXT) WITHOUT ROWID;
        CREATE INDEX rm_extra_by_body ON rm_extra (body);
        CREATE TABLE notes (head TEXT, meta TEXT, events INTEGER);`);
    });
    expect(report).toMatchObject({
      ok: false,
      checked: EVENTS,
      firstBreak: null,
      file: {
        damage: [],
        foreign: ['trigger rewrite on events', 'index events_by_stream on events'],
      },
    });
  });

  it('a check that fails for a reason other than damage is no finding: verify says it could not check', async () => {
    // SQLite's own check met busy or out of memory, not a refused page: reporting it as damage
    // would tell an auditor the evidence is broken; passing it would say it is sound.
    const restore = failQuickCheck('head', 'SQLITE_BUSY', 'database is locked');
    try {
      const report = await verifyAfter(() => {});
      expect(report).toMatchObject({
        ok: false,
        checked: EVENTS,
        firstBreak: null,
        file: {
          damage: [],
          foreign: [],
          unchecked:
            "SQLite's check of the table head (PRAGMA quick_check) could not run: database is locked (SQLITE_BUSY)",
        },
      });
      // A break the walk finds is kept: the check that could not run does not hide it.
      const broken = await verifyAfter((db) => db.exec("UPDATE events SET data = '{}' WHERE position = 5"));
      expect(broken).toMatchObject({
        ok: false,
        firstBreak: { position: 5 },
        file: { unchecked: expect.any(String) },
      });
    } finally {
      restore();
    }
  });

  it('a trigger on a table that is not a log table is named too: it can write to the log when it fires', async () => {
    const report = await verifyAfter((db) => {
      db.exec(`CREATE TABLE notes (x);
        CREATE TRIGGER forge AFTER INSERT ON notes BEGIN UPDATE events SET data = '{}' WHERE position = 1; END;`);
    });
    expect(report).toMatchObject({
      ok: false,
      checked: EVENTS,
      firstBreak: null,
      file: { damage: [], foreign: ['trigger forge on notes'], unchecked: null },
    });
  });

  it.each([
    ['SQLITE_CORRUPT', 'database disk image is malformed'],
    ['SQLITE_NOTADB', 'file is not a database'],
  ])('a check refused for damage (%s) is a finding about the table', async (code, message) => {
    const restore = failQuickCheck('meta', code, message);
    try {
      const report = await verifyAfter(() => {});
      expect(report).toMatchObject({
        ok: false,
        firstBreak: null,
        file: { damage: [`meta: ${message}`], foreign: [], unchecked: null },
      });
    } finally {
      restore();
    }
  });

  it('SQLITE_CORRUPT and SQLITE_NOTADB, with their extended codes, are damage; busy, locked or missing files are not', () => {
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB'])
      expect({ code, damage: isDamageCode(code) }).toEqual({ code, damage: true });
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_LOCKED',
      'SQLITE_CANTOPEN',
      'SQLITE_IOERR_SHORT_READ',
      'SQLITE_NOMEM',
    ])
      expect({ code, damage: isDamageCode(code) }).toEqual({ code, damage: false });
  });
});
