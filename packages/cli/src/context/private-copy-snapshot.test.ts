// A private copy taken while another process writes the store: the file and its write-ahead log
// must come from one moment. Copied one after the other with nothing holding them still, a
// checkpoint between the two (which moves the log into the file and empties the log) leaves a file
// from before it with a log from after it, and SQLite calls the copy malformed. Here a writer in
// another process appends and checkpoints (TRUNCATE) without pause while copies are taken again and
// again; each copy must open, pass SQLite's integrity check, and hold a head row that counts its rows.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateCopy } from './private-copy.js';

const PACKAGE = fileURLToPath(new URL('../..', import.meta.url));

// Each transaction appends rows spread over many pages and moves the head, then the log is
// checkpointed and emptied: the file and the log change under a copier all the time. The oldest
// rows go as new ones come, so the file stays a few megabytes however long the tests take.
const WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.exec('CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, data BLOB NOT NULL)');
db.exec('CREATE TABLE IF NOT EXISTS head (one INTEGER PRIMARY KEY CHECK (one = 1), count INTEGER NOT NULL, last_position INTEGER NOT NULL)');
db.exec('INSERT OR IGNORE INTO head VALUES (1, 0, 0)');
const insert = db.prepare('INSERT INTO events (data) VALUES (randomblob(900))');
const move = db.prepare('UPDATE head SET count = (SELECT count(*) FROM events), last_position = (SELECT max(position) FROM events)');
const trim = db.prepare('DELETE FROM events WHERE position <= (SELECT max(position) FROM events) - 2000');
const append = db.transaction(() => { for (let i = 0; i < 40; i++) insert.run(); trim.run(); move.run(); });
for (let i = 0; i < 30; i++) append();
db.pragma('wal_checkpoint(TRUNCATE)');
process.stdout.write('ready\\n');
for (;;) {
  append();
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {}
}
`;

let dir: string;
let store: string;
let writer: ChildProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kb-copy-snapshot-'));
  store = join(dir, 'kb.sqlite');
  writer = spawn(process.execPath, ['-e', WRITER, store], {
    cwd: PACKAGE,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    writer.once('error', reject);
    writer.once('exit', (code) => reject(new Error(`the writer stopped (${code})`)));
    writer.stdout!.once('data', () => resolve());
  });
});

afterAll(() => {
  writer?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('a private copy of a store another process is writing', () => {
  it('is the store at one moment: every copy opens whole, its head row counting its rows', () => {
    copyAgainAndAgain();
  }, 20_000);

  // Only root can write such a file here, so only root's run has a writer to race.
  it.runIf(process.getuid?.() === 0)(
    'is so too of a store whose mode lets nobody write, which root writes',
    () => {
      chmodSync(store, 0o444);
      try {
        copyAgainAndAgain();
      } finally {
        chmodSync(store, 0o644);
      }
    },
    20_000,
  );
});

describe('a private copy of a store no connection has open', () => {
  it('leaves nothing beside it: the store folder lists the same files after the copy', () => {
    const quiet = mkdtempSync(join(tmpdir(), 'kb-copy-quiet-'));
    try {
      const path = join(quiet, 'kb.sqlite');
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, data TEXT NOT NULL)');
      db.prepare('INSERT INTO events (data) VALUES (?)').run('x');
      db.close();
      const before = readdirSync(quiet).sort();
      expect(before).toEqual(['kb.sqlite']);
      const copy = privateCopy(path);
      try {
        const copied = new Database(copy.path, { readonly: true });
        expect(copied.prepare('SELECT count(*) FROM events').pluck().get()).toBe(1);
        copied.close();
      } finally {
        copy.remove();
      }
      expect(readdirSync(quiet).sort()).toEqual(before);
    } finally {
      rmSync(quiet, { recursive: true, force: true });
    }
  });
});

function copyAgainAndAgain(): void {
  const faults: string[] = [];
  const started = Date.now();
  let copies = 0;
  while (copies < 300 && Date.now() - started < 4000) {
    const copy = privateCopy(store);
    copies++;
    try {
      const db = new Database(copy.path);
      try {
        const integrity = db.pragma('integrity_check', { simple: true });
        const head = db.prepare('SELECT count, last_position FROM head').get() as
          | { count: number; last_position: number }
          | undefined;
        const rows = db.prepare('SELECT count(*) AS n, max(position) AS last FROM events').get() as {
          n: number;
          last: number;
        };
        if (integrity !== 'ok') faults.push(`copy ${copies}: ${String(integrity)}`);
        else if (head?.count !== rows.n || head.last_position !== rows.last)
          faults.push(`copy ${copies}: head ${JSON.stringify(head)}, rows ${JSON.stringify(rows)}`);
      } finally {
        db.close();
      }
    } catch (error) {
      faults.push(`copy ${copies}: ${(error as Error).message}`);
    } finally {
      copy.remove();
    }
  }
  expect(faults.slice(0, 5)).toEqual([]);
  expect(copies, `${faults.length} of ${copies} copies`).toBeGreaterThan(10);
}
