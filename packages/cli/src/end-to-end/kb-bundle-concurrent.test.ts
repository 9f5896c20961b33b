// Two kb started at once on a cache with no current bundle both make one (bin/bundled-entry.js).
// Each bundle goes into a folder of its own and the manifest is renamed into place whole, so each
// run uses the bundle it made, never the other's half written, and the next run finds one recorded.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledEntry } from '../../bin/bundled-entry.js';
import { bundleCachesFolder, execChild, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-bundle-concurrent-');
const caches = bundleCachesFolder('kb-cli-concurrent-test-');

/** A two-file program printing `value`, its files dated a minute back, so that a bundle of it is recorded. */
function program(value: string): string {
  const folder = join(dir, value);
  mkdirSync(folder, { recursive: true });
  const main = join(folder, 'main.ts');
  const other = join(folder, 'value.ts');
  writeFileSync(main, "import { value } from './value.ts';\nconsole.log(value);\n");
  writeFileSync(other, `export const value: string = ${JSON.stringify(value)};\n`);
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const file of [main, other]) utimesSync(file, minuteAgo, minuteAgo);
  return main;
}

const node = (entry: string) => execChild(process.execPath, [fileURLToPath(entry)]);

describe('two bundles made at once', () => {
  it('go to folders of their own, each run uses its own, and one of them is recorded for the next', async () => {
    const source = program('together');
    const cacheDir = join(caches, 'cache');
    // Both started in the same millisecond, as far as the bundles' names can tell.
    const at = Date.now() + 10_000;
    const [one, two] = await Promise.all([
      bundledEntry({ cacheDir, source, now: () => at }),
      bundledEntry({ cacheDir, source, now: () => at }),
    ]);
    expect(one?.built).toBe(true);
    expect(two?.built).toBe(true);
    expect(one?.entry).not.toBe(two?.entry);
    expect(await node(one!.entry)).toEqual({ code: 0, stdout: 'together\n', stderr: '' });
    expect(await node(two!.entry)).toEqual({ code: 0, stdout: 'together\n', stderr: '' });
    const next = await bundledEntry({ cacheDir, source, now: () => at });
    expect(next?.built).toBe(false);
    expect([one?.entry, two?.entry]).toContain(next?.entry);
  });
});
