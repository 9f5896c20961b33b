// A real kb in a child process, held at a known point so that a test can send it a signal there: a
// module preloaded with node --import slows every row or call of the SQLite statements whose SQL
// holds a given text, and says on stderr when the first is reached; the test then signals kb.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { KB_BIN } from './cli-test-kit.js';

/** What the preloaded module writes on stderr when the slowed statement is first reached. */
export const REACHED = '[test: the slowed statement is reached]';

/** Writes, in `dir`, a module for node --import: each row or call of a statement holding `match` takes `ms`. */
export function slowing(dir: string, name: string, match: string, ms: number): string {
  const path = join(dir, `${name}.mjs`);
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
for (const method of ['get', 'all', 'run']) {
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

export interface InterruptedRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Whether the slowed statement was reached and the signal sent. */
  readonly sent: boolean;
}

/** kb run with `preload`, sent `signal` once the slowed statement is reached; its output and exit. */
export async function interruptedKb(
  args: readonly string[],
  preload: string,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<InterruptedRun> {
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
      child.kill(signal);
    }
  });
  const [code, ended] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  return { ...seen, code, signal: ended, sent };
}
