// Ctrl-C during `kb ingest`, as a user presses it: the real kb in a child process, fed on stdin so
// the test decides exactly which records were read before the signal.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { KB_BIN, testFolder } from '../testing/cli-test-kit.js';

const kbBin = KB_BIN;
const { dir } = testFolder('kb-interrupt-');

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

/** kb's scratch folders in `tmp` (tsx, which runs kb, keeps its own folder there too). */
const privateCopies = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('kb-private-copy-'));

/** The real kb on a pipe: what it printed so far, and its exit code once it ends (null if killed). */
function spawnKb(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  nodeArgs: readonly string[] = [],
) {
  // In the test's folder: a kb reading stdin keeps its rejects file and lock in the working folder,
  // and one killed leaves them there.
  const child = spawn(process.execPath, [...nodeArgs, kbBin, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
    cwd: dir,
  });
  const seen = { stdout: '', stderr: '', closed: false, signal: null as NodeJS.Signals | null };
  child.stdout.on('data', (chunk) => {
    seen.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    seen.stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => {
      seen.closed = true;
      seen.signal = signal;
      resolve(code);
    }),
  );
  /** The exit code, or a note that it still ran `ms` later (then it is killed). */
  const exitWithin = async (ms: number) => {
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve(`still running ${ms} ms later`), ms)),
    ]);
    if (typeof code === 'string') child.kill('SIGKILL');
    return code;
  };
  return { child, seen, exitWithin };
}

describe('kb ingest, interrupted', () => {
  it('on Ctrl-C while stdin is quiet: commits what it read, says how far it got, exits 130, and a rerun goes on', async () => {
    const store = join(dir, 'kb.sqlite');
    const { child, seen, exitWithin } = spawnKb([
      'ingest',
      '-',
      '--store',
      store,
      '--json',
      '--batch-size',
      '50',
    ]);

    // 120 records: two batches of 50 commit, 20 wait in the third; stdin then stays open and quiet.
    child.stdin.write(`${Array.from({ length: 120 }, (_, i) => record(i)).join('\n')}\n`);
    await until(() => storedClaims(store) === 100, 'two committed batches');
    child.kill('SIGINT');
    // No more input comes: the wait for it ends with the signal, not with a next line or the pipe's end.
    const code = await exitWithin(20_000);
    child.stdin.destroy();
    expect(seen.stderr).toContain('kb: SIGINT: stopping: the records read so far are being committed');
    expect(code).toBe(130);

    const report = JSON.parse(seen.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ interrupted: true, lines: 120, added: 120, batches: 3, rejectedLines: 0 });
    expect(seen.stderr).toContain('kb: interrupted after line 120');
    expect(storedClaims(store)).toBe(120);
    const kb = openSqliteStore({ path: store });
    expect((await kb.verify()).ok).toBe(true);
    await kb.close();

    // The whole input again: the stored 120 are skipped, the rest added, nothing twice.
    const all = join(dir, 'all.ndjson');
    writeFileSync(all, `${Array.from({ length: 150 }, (_, i) => record(i)).join('\n')}\n`);
    const silent = { text() {}, async json() {}, async jsonArray() {}, error() {} };
    expect(await run(['ingest', all, '--store', store], silent)).toBe(0);
    expect(storedClaims(store)).toBe(150);
  });

  it('a dry run interrupted says nothing was written, and writes nothing', async () => {
    const store = join(dir, 'dry.sqlite');
    // The dry run's scratch copy is made under TMPDIR: a folder of the test's own, to watch it fill.
    const scratchDir = mkdtempSync(join(dir, 'tmp-'));
    const { child, seen, exitWithin } = spawnKb(
      ['ingest', '-', '--store', store, '--dry-run', '--batch-size', '50'],
      { ...process.env, TMPDIR: scratchDir },
    );
    child.stdin.write(`${Array.from({ length: 60 }, (_, i) => record(i)).join('\n')}\n`);
    const scratch = () => {
      const copy = privateCopies(scratchDir)[0];
      return copy === undefined ? 0 : storedClaims(join(scratchDir, copy, 'dry.sqlite'));
    };
    await until(() => scratch() === 50, 'a batch committed to the scratch copy');
    child.kill('SIGINT');
    const code = await exitWithin(20_000);
    child.stdin.destroy();
    expect(code).toBe(130);
    expect(seen.stderr).toContain('kb: SIGINT: stopping the dry run; nothing is written');
    expect(seen.stderr).toContain(`dry run interrupted; nothing was written to ${store}`);
    expect(existsSync(store)).toBe(false);
    expect(privateCopies(scratchDir)).toEqual([]); // the scratch copy is gone too
  });

  // Preloaded into kb: once the test has made the file `hold`, the next statement that inserts events
  // says so on stderr, then holds the thread for five seconds before it runs, as a long commit would.
  const BUSY = '[test: an insert holds the thread]';
  const holdInsert = join(dir, 'hold-insert.mjs');
  const holdFlag = join(dir, 'hold');
  writeFileSync(
    holdInsert,
    `import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
const Database = createRequire(import.meta.url)(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
const probe = new Database(':memory:');
const Statement = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
const run = Statement.run;
let held = false;
Statement.run = function (...values) {
  if (!held && this.source.startsWith('INSERT INTO events') && existsSync(${JSON.stringify(holdFlag)})) {
    held = true;
    process.stderr.write(${JSON.stringify(`${BUSY}\n`)});
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
  }
  return run.apply(this, values);
};
`,
  );

  it('a second Ctrl-C during the commit the first asked for stops kb at once, and that commit is rolled back', async () => {
    const store = join(dir, 'twice.sqlite');
    const { child, seen, exitWithin } = spawnKb(
      ['ingest', '-', '--store', store, '--batch-size', '50'],
      process.env,
      ['--import', holdInsert],
    );
    // Two batches of 50 commit; 20 records wait in the third, which the first Ctrl-C commits.
    child.stdin.write(`${Array.from({ length: 120 }, (_, i) => record(i)).join('\n')}\n`);
    await until(() => storedClaims(store) === 100, 'two committed batches');
    writeFileSync(holdFlag, '');
    child.kill('SIGINT');
    await until(() => seen.stderr.includes(BUSY), 'the commit of the last 20 records');
    child.kill('SIGINT');
    // Had the second waited, the commit would have gone through after its hold and kb said how far
    // it got, exiting 130.
    expect(await exitWithin(30_000)).toBeNull();
    child.stdin.destroy();
    expect(seen.signal).toBe('SIGINT');
    expect(seen.stderr).toContain('kb: SIGINT: stopping: the records read so far are being committed');
    expect(seen.stderr).not.toContain('kb: interrupted');
    const kb = openSqliteStore({ path: store });
    expect((await kb.verify()).ok).toBe(true);
    await kb.close();
    expect(storedClaims(store)).toBe(100);

    // The whole input again: the 20 rolled back are stored now, nothing twice.
    const all = join(dir, 'twice.ndjson');
    writeFileSync(all, `${Array.from({ length: 120 }, (_, i) => record(i)).join('\n')}\n`);
    const silent = { text() {}, async json() {}, async jsonArray() {}, error() {} };
    expect(await run(['ingest', all, '--store', store], silent)).toBe(0);
    expect(storedClaims(store)).toBe(120);
  });

  // Preloaded into kb (node --import), to send the signal at a chosen moment of its start. The first
  // says on stderr when bin/kb.js has set up its starting-up answer, so the signal comes while the
  // sources load. The second sends kb a SIGTERM of its own as main.ts begins, when the sources have
  // been evaluated but the event loop has not yet turned: the signal waits there, as one that came
  // while the last of them were evaluated does.
  const LISTENING = '[test: kb listens for SIGTERM]';
  const onListening = join(dir, 'on-listening.mjs');
  writeFileSync(
    onListening,
    `const on = process.on;
process.on = function (name, listener) {
  const result = on.call(this, name, listener);
  if (name === 'SIGTERM') process.stderr.write(${JSON.stringify(`${LISTENING}\n`)});
  return result;
};
`,
  );
  const atMainStart = join(dir, 'signal-at-main-start.mjs');
  writeFileSync(
    atMainStart,
    `let answer;
Object.defineProperty(globalThis, Symbol.for('kb.startingUp'), {
  configurable: true,
  set(value) { answer = value; },
  get() { process.kill(process.pid, 'SIGTERM'); return answer; },
});
`,
  );

  const stoppedWhileStarting = (seen: { stderr: string }, store: string) => {
    expect(seen.stderr).toContain('kb: SIGTERM while starting: stopped before anything was read or written');
    expect(seen.stderr).not.toMatch(/kb: SIGTERM: stopping/);
    expect(existsSync(store)).toBe(false);
  };

  it('stops with exit 130, saying so, on a SIGTERM while kb is still loading its sources', async () => {
    const store = join(dir, 'starting.sqlite');
    // From the sources through tsx, whose loading takes half a second or more after bin/kb.js has set
    // up its answer: the signal comes well before that ends.
    const { child, seen, exitWithin } = spawnKb(
      ['ingest', '-', '--store', store],
      { ...process.env, KB_RUN_SOURCES: '1' },
      ['--import', onListening],
    );
    await until(() => seen.stderr.includes(LISTENING), 'kb to set up its starting-up answer');
    child.kill('SIGTERM');
    expect(await exitWithin(30_000)).toBe(130);
    stoppedWhileStarting(seen, store);
  });

  for (const [how, env] of [
    ['the bundle', {}],
    ['its sources', { KB_RUN_SOURCES: '1' }],
  ] as const) {
    it(`does not lose a SIGTERM that waits for the event loop as main.ts begins (kb from ${how})`, async () => {
      const store = join(dir, `pending-${how.replace(/\W+/g, '-')}.sqlite`);
      const { seen, exitWithin } = spawnKb(['ingest', '-', '--store', store], { ...process.env, ...env }, [
        '--import',
        atMainStart,
      ]);
      // Lost, the signal would leave kb reading its quiet stdin until the test gives up.
      expect(await exitWithin(30_000)).toBe(130);
      stoppedWhileStarting(seen, store);
    });
  }
});
