// Ctrl-C during `kb ingest`, as a user presses it: the real kb in a child process, fed on stdin so
// the test decides exactly which records were read before the signal.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '@kb/store';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../cli.js';

const kbBin = fileURLToPath(new URL('../../bin/kb.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kb-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (i: number) =>
  JSON.stringify({
    id: `interrupt-${i}`,
    mission: { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' },
    kind: 'statement',
    stance: 'asserts',
    controller: 'taliban',
    occurred: '2023-03-23',
    claimant: 'A spokesman',
    source: { outlet: 'The Diplomat', published: '2023-03-28' },
    quote: `statement number ${i}`,
  });

/** Claims stored so far, read beside the writer (WAL readers never wait for it). */
function storedClaims(path: string): number {
  try {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare("SELECT count(*) FROM events WHERE type = 'ClaimRecorded'").pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('kb ingest, interrupted', () => {
  it('commits what it read on Ctrl-C, says how far it got, exits 130, and a rerun goes on from there', async () => {
    const store = join(dir, 'kb.sqlite');
    const child = spawn(
      process.execPath,
      [kbBin, 'ingest', '-', '--store', store, '--json', '--batch-size', '50'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    let closed = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        closed = true;
        resolve(code);
      }),
    );

    // 120 records: two batches of 50 commit, 20 wait in the third.
    child.stdin.write(`${Array.from({ length: 120 }, (_, i) => record(i)).join('\n')}\n`);
    await until(() => storedClaims(store) === 100, 'two committed batches');
    child.kill('SIGINT');
    await until(() => closed || stderr.includes('stopping after the batch in hand'), 'the notice');
    expect(closed).toBe(false); // a kb without a handler dies of the signal here
    // One more record moves the reading on: the run takes it, commits all 21 in hand and stops.
    child.stdin.write(`${record(120)}\n`);
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running 20 s later'), 20_000)),
    ]);
    if (code === 'still running 20 s later') child.kill('SIGKILL');
    expect(code).toBe(130);
    child.stdin.destroy();

    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ interrupted: true, lines: 121, added: 121, batches: 3, rejectedLines: 0 });
    expect(stderr).toContain('kb: interrupted after line 121');
    expect(storedClaims(store)).toBe(121);
    const kb = openSqliteStore({ path: store });
    expect((await kb.verify()).ok).toBe(true);
    await kb.close();

    // The whole input again: the stored 121 are skipped, the rest added, nothing twice.
    const all = join(dir, 'all.ndjson');
    writeFileSync(all, `${Array.from({ length: 150 }, (_, i) => record(i)).join('\n')}\n`);
    const silent = { text() {}, json() {}, async jsonArray() {}, error() {} };
    expect(await run(['ingest', all, '--store', store], silent)).toBe(0);
    expect(storedClaims(store)).toBe(150);
  });
});
