// The stores the `kb verify` tests tamper with (verify-chain, verify-damaged-store and
// verify-read-models .test.ts), made once per test file by `useTamperedStores()`, and the helpers
// that copy them, edit the copies and read where verify says the chain broke.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, expect } from 'vitest';
import { type ChildRun, EXAMPLES, kbChild, testFolder } from '../testing/cli-test-kit.js';

export const example = EXAMPLES;

export type Run = ChildRun;
export const kb = (...args: string[]): Promise<Run> => kbChild(args);

/** A claim record per index: enough of them that the log spans many pages of the file. */
function record(i: number): string {
  return JSON.stringify({
    id: `tamper-${i}`,
    mission: { country: 'Tajikistan', city: i % 2 === 0 ? 'Khorog' : 'Dushanbe', kind: 'consulate' },
    kind: 'control',
    stance: 'asserts',
    controller: i % 3 === 0 ? 'taliban' : 'unknown',
    occurred: '2023-03',
    claimant: `claimant ${i % 7}`,
    source: { outlet: 'The Diplomat', url: `https://news.example/${i % 9}`, published: '2023-03-28' },
    quote: `quote ${i} `.repeat(20),
  });
}

/** The test file's own folder, removed after its tests. */
export let dir: string;
/** Made by `kb demo`: the bundled dataset, read models in the same file. */
export let demo: string;
/** Made by `kb ingest`: the log alone, so the file's last pages hold the last events. */
export let ingested: string;
export let demoEvents: number;
export let ingestedEvents: number;

/** Folds the WAL into the main file so a copy of that one file is the whole store. */
function checkpoint(path: string): number {
  const db = new Database(path);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

let copies = 0;
/** A copy of `source`, tampered with through SQL by `edit`. */
export function tampered(source: string, edit?: (db: Database.Database) => void): string {
  const copy = join(dir, `copy-${++copies}.sqlite`);
  copyFileSync(source, copy);
  if (edit !== undefined) {
    const db = new Database(copy);
    try {
      edit(db);
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  }
  return copy;
}

/** Moves row a's content to position b and b's to a (the rows swap places in the log). */
export function swapRows(db: Database.Database, a: number, b: number): void {
  // Every column but the position, whatever the store's layout version adds.
  const columns = (db.pragma('table_info(events)') as { name: string }[])
    .map((c) => c.name)
    .filter((name) => name !== 'position');
  const list = columns.join(', ');
  db.transaction(() => {
    const get = db.prepare(`SELECT ${list} FROM events WHERE position = ?`).raw();
    const rowA = get.get(a) as unknown[];
    const rowB = get.get(b) as unknown[];
    db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(a, b);
    const put = db.prepare(
      `INSERT INTO events (position, ${list}) VALUES (?${', ?'.repeat(columns.length)})`,
    );
    put.run(a, ...rowB);
    put.run(b, ...rowA);
  })();
}

export function brokenAt(run: Run): number | null {
  const match = /^BROKEN at position (\d+)(?: \(the log ends at \d+\))?:/m.exec(run.stdout);
  return match === null ? null : Number(match[1]);
}

/** Makes the test file's folder, and before its tests the two stores (`demo`, `ingested`). */
export function useTamperedStores(): void {
  dir = testFolder('kb-verify-').dir;
  beforeAll(async () => {
    demo = join(dir, 'demo.sqlite');
    expect((await kb('demo', '--store', demo)).code).toBe(0);
    demoEvents = checkpoint(demo);
    const input = join(dir, 'records.ndjson');
    writeFileSync(input, `${Array.from({ length: 300 }, (_, i) => record(i)).join('\n')}\n`);
    ingested = join(dir, 'ingested.sqlite');
    expect((await kb('ingest', example, '--store', ingested)).code).toBe(0);
    expect((await kb('ingest', input, '--store', ingested)).code).toBe(0);
    ingestedEvents = checkpoint(ingested);
  }, 120_000);
}
