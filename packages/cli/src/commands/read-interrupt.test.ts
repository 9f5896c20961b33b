// Ctrl-C during a long read-only command, as a user presses it: the real kb in a child process. The
// command's SQLite work, which ran without ever letting the event loop take a signal, is slowed by a
// preloaded module at a known statement, which says on stderr when it is reached; the test then
// sends SIGINT. Before, the signal's default action ended kb there, with no word and no exit code of
// its own (the child was killed by SIGINT); now kb says it was interrupted and exits 130.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase, KB_BIN } from '../testing/cli-test-kit.js';

const demo = demoKnowledgeBase('kb-read-interrupt-');
const REACHED = '[test: the slowed statement is reached]';

/** A module for node --import: every row or call of a statement whose SQL holds `match` takes `ms`. */
function slowing(name: string, match: string, ms: number): string {
  const path = join(demo.dir, `${name}.mjs`);
  const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  writeFileSync(
    path,
    `import { createRequire } from 'node:module';
const Database = createRequire(import.meta.url)(${JSON.stringify(betterSqlite)});
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
let told = false;
const slow = (statement) => {
  if (!statement.source.includes(${JSON.stringify(match)})) return;
  if (!told) process.stderr.write(${JSON.stringify(`${REACHED}\n`)});
  told = true;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
};
for (const method of ['get', 'all']) {
  const original = Statement[method];
  Statement[method] = function (...values) {
    slow(this);
    return original.apply(this, values);
  };
}
const iterate = Statement.iterate;
Statement.iterate = function* (...values) {
  for (const row of iterate.apply(this, values)) {
    slow(this);
    yield row;
  }
};
`,
  );
  return path;
}

/** kb run with `preload`, sent SIGINT once the slowed statement is reached; its output and exit. */
async function interrupted(args: readonly string[], preload: string) {
  const child = spawn(process.execPath, ['--import', preload, KB_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KB_STORE: '' },
  });
  const seen = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    seen.stdout += chunk;
  });
  let sent = false;
  child.stderr.on('data', (chunk) => {
    seen.stderr += chunk;
    if (!sent && seen.stderr.includes(REACHED)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  return { ...seen, code, signal, sent };
}

describe('Ctrl-C during a read-only command', () => {
  it('kb verify stops in its walk along the chain, says nothing was changed, and exits 130', async () => {
    // Enough events for the walk to let the event loop run (every 1,024 events, 50 ms apart).
    const path = join(demo.dir, 'walk.sqlite');
    const store = openSqliteStore({ path });
    const events = Array.from({ length: 3000 }, (_, i) => ({
      stream: `s-${i % 7}`,
      events: [{ id: `e-${i}`, type: 'Noted', version: 1, data: { i }, metadata: {} }],
    }));
    await store.appendMany(events);
    await store.close();
    // Each row of the walk takes 2 ms: six seconds in all, far more than the signal needs.
    const run = await interrupted(['verify', '--store', path], slowing('walk', 'id_key FROM events', 2));
    expect(run.sent).toBe(true);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toContain(
      'kb: SIGINT: kb verify interrupted; it only reads, so nothing was changed\n',
    );
    // Stopped before it answered.
    expect(run.stdout).toBe('');
    const check = openSqliteStore({ path });
    expect((await check.verify()).ok).toBe(true);
    await check.close();
  });

  it('kb status stops between missions, says nothing was changed, exits 130, and the read models still verify', async () => {
    // Each query of a mission's claims takes 300 ms: the demo's missions take seconds.
    const run = await interrupted(['status', '--store', demo.store], slowing('missions', 'rm_claims', 300));
    expect(run.sent).toBe(true);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toContain(
      'kb: SIGINT: kb status interrupted; it only reads, so nothing was changed\n',
    );
    expect(run.stdout).toBe('');
    const verified = await demo.kb('verify', '--read-models', '--json');
    expect(verified.code).toBe(0);
    expect(verified.out.json_[0]).toMatchObject({ ok: true, readModels: { ok: true, state: 'checked' } });
  });
});
