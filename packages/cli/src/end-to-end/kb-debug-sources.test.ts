// The kb binary runs a bundle of its sources (bin/bundled-entry.js), made with a source map, so that
// --debug's stack traces name the TypeScript sources, as they do when kb runs them through tsx.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbChild, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-debug-');
const store = join(dir, 'kb.sqlite');
const CLAIM = 'diplomat-2023-03-dushanbe-republic';

beforeAll(async () => {
  const demo = join(dir, 'demo.sqlite');
  expect((await kbOn(demo, 'demo')).code).toBe(0);
  // One claim's data made not JSON: kb trace fails on it with an error --debug shows the stack of.
  copyFileSync(demo, store);
  const db = new BetterSqlite3(store);
  db.prepare("UPDATE events SET data = '{not json' WHERE stream = ?").run(`claim-${CLAIM}`);
  db.close();
});

/** The `at ...` lines of a stack trace printed on stderr. */
const frames = (stderr: string) => stderr.split('\n').filter((line) => /^\s+at /.test(line));

describe('kb --debug, run from the bundle', () => {
  it('prints a stack trace whose frames name the TypeScript sources, not the bundle', async () => {
    const run = await kbChild(['trace', CLAIM, '--debug', '--store', store]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kb: the event at position \d+ \(claim-diplomat-2023-03-dushanbe-republic, /);
    const stack = frames(run.stderr);
    expect(stack.length).toBeGreaterThan(3);
    // The frame where the error was made, in the projections' source, at a line and column of it.
    expect(stack[0]).toMatch(/packages\/projections\/src\/events\/unreadable-event\.ts:\d+:\d+\)$/);
    expect(stack.join('\n')).toMatch(/packages\/cli\/src\/commands\/trace\.ts:\d+:\d+\)$/m);
    expect(stack.filter((line) => /\.cache\/kb-cli\/|main\.js:/.test(line))).toEqual([]);
  });
});
