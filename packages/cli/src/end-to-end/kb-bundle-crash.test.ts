// kb makes its bundle on its first run after a change (bin/bundled-entry.js). Killed with SIGKILL
// while it makes one, at any moment, it leaves nothing a later run takes for a bundle: the manifest
// is renamed in whole only once every file is written, so it names a whole bundle or none, and the
// next run makes one that answers as kb does. esbuild writes the bundle's files in a moment at the
// end, from its own process, so kills at chosen times mostly land before; the steps after it are
// kb's own, and a preloaded module kills the process exactly at each.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledEntry } from '../../bin/bundled-entry.js';
import { USAGE } from '../cli.js';
import { bundleCachesFolder, execChild } from '../testing/cli-test-kit.js';

const caches = bundleCachesFolder('kb-cli-crash-');

const killAt = join(caches, 'kill-at.mjs');
writeFileSync(
  killAt,
  `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const at = process.env.KB_TEST_KILL_AT;
const die = () => process.kill(process.pid, 'SIGKILL');
const { writeFileSync, renameSync } = fs;
fs.writeFileSync = (path, ...rest) => {
  if (at === 'manifest-written' && String(path).includes('manifest-')) die();
  return writeFileSync(path, ...rest);
};
fs.renameSync = (from, to) => {
  if (at === 'manifest-renamed') die();
  renameSync(from, to);
  if (at === 'after-rename') die();
};
syncBuiltinESMExports();
`,
);

const ENTRY_MODULE = new URL('../../bin/bundled-entry.js', import.meta.url).href;
/** A process that makes a bundle in the cache named by its first argument, as kb's start does. */
const MAKE = `const { bundledEntry } = await import(${JSON.stringify(ENTRY_MODULE)});
await bundledEntry({ cacheDir: process.argv[1] });`;

/** Starts a process making a bundle in `cacheDir` and kills it after `ms`; whether it finished first. */
async function makeAndKill(cacheDir: string, ms: number, at?: string): Promise<boolean> {
  const preload = at === undefined ? [] : ['--import', killAt];
  const child = spawn(process.execPath, [...preload, '--input-type=module', '-e', MAKE, cacheDir], {
    stdio: 'ignore',
    env: { ...process.env, KB_TEST_KILL_AT: at },
  });
  const ended = new Promise<boolean>((resolve) => child.on('exit', (code) => resolve(code === 0)));
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const finished = await ended;
  clearTimeout(timer);
  return finished;
}

/** The recorded bundle's state: none, or whether every file it names is there at its size. */
function recorded(cacheDir: string): 'none' | 'whole' | 'broken' {
  const path = join(cacheDir, 'manifest.json');
  if (!existsSync(path)) return 'none';
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    entry: string;
    outputs: Record<string, number>;
  };
  const whole =
    Object.hasOwn(manifest.outputs, manifest.entry) &&
    Object.entries(manifest.outputs).every(
      ([file, size]) => statSync(join(cacheDir, file), { throwIfNoEntry: false })?.size === size,
    );
  return whole ? 'whole' : 'broken';
}

describe('a bundle whose making is killed', () => {
  it('leaves no manifest naming a part-written bundle, and the next run makes one that answers', async () => {
    // How long a making takes here, start to end, so the kills fall across it.
    const timing = join(caches, 'timing');
    const started = performance.now();
    expect(await makeAndKill(timing, 60_000)).toBe(true);
    const whole = performance.now() - started;
    expect(recorded(timing)).toBe('whole');

    const TRIALS = 8;
    const seen: string[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const cacheDir = join(caches, `trial-${trial}`);
      // From early in the process's start to just past the end of a whole making.
      const at = Math.round((whole * 1.1 * (trial + 0.5)) / TRIALS);
      const finished = await makeAndKill(cacheDir, at);
      const state = recorded(cacheDir);
      // Killed after its folder was made, a making leaves files behind; never a manifest naming them.
      const folders = existsSync(cacheDir)
        ? readdirSync(cacheDir).filter((name) => name.startsWith('b-'))
        : [];
      seen.push(
        `${at} ms: ${finished ? 'finished' : 'killed'}, ${folders.length} folder(s), manifest ${state}`,
      );
      expect(state, seen.at(-1)).not.toBe('broken');
      if (!finished) expect(state === 'none' || folders.length > 0, seen.at(-1)).toBe(true);

      const next = await bundledEntry({ cacheDir });
      expect(next, seen.at(-1)).not.toBeNull();
      expect(recorded(cacheDir)).toBe('whole');
      if (trial === TRIALS - 1 || !finished) {
        const help = await execChild(process.execPath, [fileURLToPath(next!.entry), 'help']);
        expect(help, seen.at(-1)).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
      }
    }
    expect(
      seen.some((s) => s.includes('killed')),
      seen.join('\n'),
    ).toBe(true);
  });

  for (const [at, left] of [
    ['manifest-written', 'none'],
    ['manifest-renamed', 'none'],
    ['after-rename', 'whole'],
  ] as const) {
    it(`killed at ${at}: the manifest names ${left === 'none' ? 'nothing' : 'the whole bundle'}, and the next run answers`, async () => {
      const cacheDir = join(caches, at);
      expect(await makeAndKill(cacheDir, 60_000, at)).toBe(false);
      // The bundle's files were all written by then: killed, the making left its folder.
      expect(readdirSync(cacheDir).filter((name) => name.startsWith('b-'))).toHaveLength(1);
      expect(recorded(cacheDir)).toBe(left);
      const next = await bundledEntry({ cacheDir });
      expect(next?.built).toBe(left === 'none');
      expect(recorded(cacheDir)).toBe('whole');
      const help = await execChild(process.execPath, [fileURLToPath(next!.entry), 'help']);
      expect(help).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
    });
  }
});
