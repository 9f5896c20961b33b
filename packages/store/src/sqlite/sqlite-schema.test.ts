// The file layout across versions: a version 1 file (unique index on the id text) and a version 2
// file (an index on events.id_key) are migrated in place on open, keeping every event, its hash and
// idempotency; an unknown version is refused.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { collect, newEvent } from '../contract/contract-context.js';
import { StoreUnavailableError } from '../port/errors.js';
import { openSqliteStore } from './sqlite-event-store.js';
import { idKey } from './sqlite-id-key.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';
import { tempFolder } from './sqlite-test-files.js';

const V1_EVENTS = `
CREATE TABLE events (
  position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
  type TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream, revision)
) STRICT`;
const V1_COLUMNS =
  'position, id, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash';

// The checkpoint thread's connection lives in a worker of its own (sqlite-checkpointer.ts), out of
// this thread's reach. To read its settings, the thread is started on a driver that wraps
// better-sqlite3: on the connection's first prepare (after its pragmas), it says the connection's
// journal_mode and synchronous on CHECKPOINT_SETTINGS. Only the checkpoint thread gets it; every
// other worker runs on the driver as usual.
const hoisted = vi.hoisted(() => ({
  CHECKPOINT_SETTINGS: 'kb-schema-test-checkpoint-settings',
  driverDir: '',
}));
const { CHECKPOINT_SETTINGS } = hoisted;
vi.mock('./sqlite-worker.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./sqlite-worker.js')>();
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { Worker } = await import('node:worker_threads');
  hoisted.driverDir = mkdtempSync(join(tmpdir(), 'kb-driver-'));
  const wrapper = join(hoisted.driverDir, 'telling-driver.cjs');
  writeFileSync(
    wrapper,
    `const { workerData, BroadcastChannel } = require('node:worker_threads');
const Real = require(workerData.realDriver);
module.exports = function Database(...args) {
  const db = new Real(...args);
  const prepare = db.prepare.bind(db);
  let told = false;
  db.prepare = (sql) => {
    if (!told) {
      told = true;
      const channel = new BroadcastChannel(${JSON.stringify(hoisted.CHECKPOINT_SETTINGS)});
      channel.postMessage({
        sql,
        journalMode: db.pragma('journal_mode', { simple: true }),
        synchronous: db.pragma('synchronous', { simple: true }),
      });
      channel.close();
    }
    return prepare(sql);
  };
  return db;
};
`,
  );
  return {
    ...real,
    startSqliteWorker: (source: string, workerData: Record<string, unknown>, transferList = []) => {
      if (!source.includes('wal_checkpoint')) return real.startSqliteWorker(source, workerData, transferList);
      const worker = new Worker(source, {
        eval: true,
        workerData: { ...workerData, driver: wrapper, realDriver: real.DRIVER },
        transferList: [...transferList],
        execArgv: [],
      });
      worker.unref();
      return worker;
    },
  };
});

const folder = tempFolder('kb-schema-');
afterAll(async () => {
  await folder.remove();
  if (hoisted.driverDir !== '') rmSync(hoisted.driverDir, { recursive: true, force: true });
});

// Version 2: no id index tables, the ids indexed on events.id_key, a head without the index's columns.
const V2_LAYOUT = `
DROP TABLE event_ids_1;
DROP TABLE event_ids_2;
CREATE INDEX events_by_id_key ON events (id_key);
ALTER TABLE head DROP COLUMN indexed_up_to;
ALTER TABLE head DROP COLUMN level1_count;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
`;

/** Writes three events with the current code, then rewrites the file into an older layout. */
async function olderFile(version: 1 | 2): Promise<{ path: string; ids: string[] }> {
  const path = join(folder.dir, `v${version}-${Math.random().toString(36).slice(2)}.sqlite`);
  const events = [newEvent({ n: 1 }), newEvent({ n: 2 }), newEvent({ n: 3 })];
  const store = openSqliteStore({ path });
  await store.append('claim-a', events.slice(0, 2));
  await store.append('claim-b', events.slice(2));
  await store.close();
  const raw = new BetterSqlite3(path);
  raw.transaction(() => {
    raw.exec(V2_LAYOUT);
    if (version === 1) {
      raw.exec(`ALTER TABLE events RENAME TO events_now; ${V1_EVENTS};`);
      raw.exec(
        `INSERT INTO events (${V1_COLUMNS}) SELECT ${V1_COLUMNS} FROM events_now; DROP TABLE events_now;`,
      );
      raw.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    }
  })();
  raw.close();
  return { path, ids: events.map((e) => e.id) };
}

describe('sqlite schema', () => {
  it.each([1, 2] as const)(
    'migrates a version %i file on open, keeping events, chain and idempotency',
    async (older) => {
      const { path, ids } = await olderFile(older);
      const store = openSqliteStore({ path });
      try {
        const version = store.database.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck();
        expect(version.get()).toBe(String(SCHEMA_VERSION));
        const keys = store.database.prepare('SELECT id, id_key FROM events ORDER BY position').raw().all();
        expect(keys).toEqual(ids.map((id) => [id, idKey(id)]));
        // Every migrated event is in the id index's last level, and the old index is gone.
        const indexed = store.database
          .prepare('SELECT key, position FROM event_ids_2 ORDER BY position')
          .raw()
          .all();
        expect(indexed).toEqual(ids.map((id, i) => [idKey(id), i + 1]));
        const oldIndex = "SELECT count(*) FROM sqlite_master WHERE name = 'events_by_id_key'";
        expect(store.database.prepare(oldIndex).pluck().get()).toBe(0);
        expect(await store.verify()).toMatchObject({ ok: true, checked: 3 });
        // A retry of a migrated event is still recognised; a new one still goes on the chain.
        const again = await store.append('claim-a', [{ ...newEvent({ n: 1 }), id: ids[0]! }]);
        expect(again.appended).toBe(0);
        await store.append('claim-b', [newEvent({ n: 4 })], { expectedRevision: 0 });
        expect((await collect(store.readAll())).map((e) => e.data)).toEqual([
          { n: 1 },
          { n: 2 },
          { n: 3 },
          { n: 4 },
        ]);
        expect(await store.verify()).toMatchObject({ ok: true, checked: 4 });
      } finally {
        await store.close();
      }
    },
  );

  // The keys moved by the migration are indexed up to the log's end: later tail moves start after it,
  // so no event is indexed twice (or, by a slice moving on, refused as a repeated key) or not at all.
  it('migrates a version 2 file so that every event, old and new, is in one level of the id index exactly once', async () => {
    const { path, ids } = await olderFile(2);
    const store = openSqliteStore({ path, idTailLimit: 2 });
    try {
      const head = store.database
        .prepare('SELECT last_position, indexed_up_to, level1_count FROM head')
        .get();
      expect(head).toEqual({ last_position: 3, indexed_up_to: 3, level1_count: 0 });
      // Enough appends of two for many tail moves, each moving a slice of event_ids_1 on.
      const added: string[] = [];
      for (let i = 0; i < 40; i++) {
        const events = [newEvent({ i, k: 0 }), newEvent({ i, k: 1 })];
        added.push(...events.map((e) => e.id));
        await store.append(`claim-${i % 3}`, events);
      }
      // Retries of the migrated events and of new ones are still recognised.
      const again = await store.append('claim-a', [{ ...newEvent({ n: 1 }), id: ids[0]! }]);
      expect(again.appended).toBe(0);
      const indexed = store.database
        .prepare(
          'SELECT key, position FROM (SELECT key, position FROM event_ids_1 UNION ALL SELECT key, position FROM event_ids_2) ORDER BY position',
        )
        .raw()
        .all() as [number, number][];
      const { indexed_up_to: upTo } = store.database.prepare('SELECT indexed_up_to FROM head').get() as {
        indexed_up_to: number;
      };
      expect(upTo).toBeGreaterThan(70);
      const all = [...ids, ...added];
      expect(indexed).toEqual(all.slice(0, upTo).map((id, i) => [idKey(id), i + 1]));
      expect(await store.verify()).toMatchObject({ ok: true, checked: 83 });
    } finally {
      await store.close();
    }
  });

  it.each([1, 2] as const)(
    'refuses to open a version %i file read-only, saying to open it once for writing',
    async (older) => {
      const { path } = await olderFile(older);
      expect(() => openSqliteStore({ path, readonly: true })).toThrow(StoreUnavailableError);
      expect(() => openSqliteStore({ path, readonly: true })).toThrow(
        `the event file has schema version ${older}; this code reads version ${SCHEMA_VERSION} (open it once for writing, e.g. kb status, to migrate it)`,
      );
      // Still as it was: migrated only by the open for writing.
      const store = openSqliteStore({ path });
      expect(store.headPosition()).toBe(3);
      await store.close();
      const reader = openSqliteStore({ path, readonly: true });
      expect(reader.headPosition()).toBe(3);
      await reader.close();
    },
  );

  it('refuses a file of a version it does not know, naming both versions', async () => {
    const path = join(folder.dir, 'future.sqlite');
    await openSqliteStore({ path }).close();
    const raw = new BetterSqlite3(path);
    raw.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    let caught: unknown;
    try {
      openSqliteStore({ path });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreUnavailableError);
    expect((caught as Error).message).toContain(
      `schema version 99; this code reads version ${SCHEMA_VERSION}`,
    );
  });

  it("refuses another application's SQLite database, naming the file and its tables, and writes nothing to it", () => {
    // Its tables, and its journal mode: WAL is written into the file's header.
    const tablesOf = (path: string) => {
      const raw = new BetterSqlite3(path, { readonly: true });
      const names = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      const mode = raw.pragma('journal_mode', { simple: true });
      raw.close();
      return [...names, `journal_mode=${mode}`];
    };
    const cases: [string, string[], string][] = [
      ['contacts.sqlite', ['people'], 'it holds the tables people)'],
      [
        'app.sqlite',
        ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'],
        'it holds the tables a1, a2, a3, a4, a5, and 2 more)',
      ],
      // A file kb began but whose schema version row is gone: not recognisably kb's any more.
      ['no-version.sqlite', ['meta', 'events'], 'it holds the tables events, meta)'],
    ];
    for (const [name, tables, listed] of cases) {
      const path = join(folder.dir, name);
      const raw = new BetterSqlite3(path);
      for (const table of tables) raw.exec(`CREATE TABLE ${table} (x)`);
      raw.exec(`CREATE INDEX people_x ON ${tables[0]} (x)`);
      raw.close();
      const before = tablesOf(path);
      expect(() => openSqliteStore({ path })).toThrow(StoreUnavailableError);
      expect(() => openSqliteStore({ path })).toThrow(
        `cannot open the event file ${path}: the file is a SQLite database but not a knowledge-base event file (no schema version; ${listed}`,
      );
      expect(tablesOf(path)).toEqual(before);
    }
  });

  it('makes a new store in an existing SQLite file that holds no tables', async () => {
    const path = join(folder.dir, 'empty.sqlite');
    const raw = new BetterSqlite3(path);
    raw.pragma('user_version = 7'); // touched, so the file exists, but no table in it
    raw.close();
    const store = openSqliteStore({ path });
    try {
      await store.append('claim-a', [newEvent({ n: 1 })]);
      expect(store.headPosition()).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("keys a UUID by its first 48 bits and any other id by its sha-256's", () => {
    expect(idKey('0f5e6a1c-3b2d-8c4e-9f00-112233445566')).toBe(0x0f5e6a1c3b2d);
    expect(idKey('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe(2 ** 48 - 1);
    // Not a lower-case UUID: hashed, so upper case and near misses still get well-spread keys.
    expect(idKey('abc')).toBe(0xba7816bf8f01);
    expect(idKey('0F5E6A1C-3B2D-8C4E-9F00-112233445566')).not.toBe(0x0f5e6a1c3b2d);
    // A non-hex digit, a dash out of place, or one character short: hashed, not read as a UUID.
    for (const nearMiss of [
      '0f5e6a1c-3b2d-8c4e-9f00-11223344556g',
      '0f5e6a1c3-b2d-8c4e-9f00-112233445566',
      '0f5e6a1c-3b2d-8c4e-9f00-11223344556',
    ]) {
      expect(idKey(nearMiss)).toBe(
        Number.parseInt(createHash('sha256').update(nearMiss).digest('hex').slice(0, 12), 16),
      );
    }
    expect(Number.isSafeInteger(idKey('claim-0001'))).toBe(true);
  });
});

describe('sqlite durability settings', () => {
  it('an opened store writes in WAL mode with synchronous NORMAL', async () => {
    const store = openSqliteStore({ path: join(folder.dir, 'settings.sqlite') });
    try {
      expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 is NORMAL: a commit survives a crash of the process (sqlite-schema.ts, configureConnection).
      expect(store.database.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      await store.close();
    }
  });

  it("the checkpoint thread's connection uses the same settings", async () => {
    const channel = new BroadcastChannel(CHECKPOINT_SETTINGS);
    const told = new Promise<{ sql: string; journalMode: unknown; synchronous: unknown }>((resolve) => {
      channel.onmessage = (message) => resolve((message as MessageEvent).data);
    });
    // A checkpoint asked for after every page: the thread starts with the first append.
    const store = openSqliteStore({ path: join(folder.dir, 'checkpoints.sqlite'), checkpointPages: 1 });
    try {
      await store.append('claim-a', [newEvent({ n: 1 })]);
      expect(await store.checkpointsDone(1)).toBe(true);
      let timer: NodeJS.Timeout | undefined;
      const silent = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the checkpoint thread never told its settings')), 10_000);
      });
      const settings = await Promise.race([told, silent]).finally(() => clearTimeout(timer));
      expect(settings).toEqual({ sql: 'PRAGMA wal_checkpoint(PASSIVE)', journalMode: 'wal', synchronous: 1 });
      expect(store.database.pragma('synchronous', { simple: true })).toBe(settings.synchronous);
    } finally {
      channel.close();
      await store.close();
    }
  });
});
