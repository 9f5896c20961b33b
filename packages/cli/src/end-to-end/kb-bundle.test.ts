// The kb binary runs its sources from a bundle kept in a cache (bin/bundled-entry.js), made again
// when a file that went into it changed, and through tsx when no bundle can be had. Both ways must
// give the same answers; a stale bundle must never run.
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledEntry } from '../../bin/bundled-entry.js';
import { run, USAGE } from '../cli.js';
import { bundleCachesFolder, capture, execChild, kbChild, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-bundle-');
const caches = bundleCachesFolder('kb-cli-test-');
let made = 0;
const freshCache = () => join(caches, `cache-${made++}`);

/** A clock ahead of every file's modification time, so that a bundle made now is recorded. */
const later = () => Date.now() + 10_000;

/** Sets a file's modification time `seconds` back, as an edit made that long ago. */
const agedBy = (path: string, seconds: number) => {
  const when = new Date(Date.now() - seconds * 1000);
  utimesSync(path, when, when);
};

const node = (entry: string, ...args: string[]) =>
  execChild(process.execPath, [fileURLToPath(entry), ...args]);

describe('the bundle of kb itself', () => {
  it('is made once, then used as long as no source changed, and answers as the sources do', async () => {
    const cacheDir = freshCache();
    const first = await bundledEntry({ cacheDir, now: later });
    expect(first?.built).toBe(true);
    const again = await bundledEntry({ cacheDir });
    expect(again).toEqual({ entry: first?.entry, built: false });

    const help = await node(first!.entry, 'help');
    expect(help).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });

    // A real command, bundled and from the sources in this process: the same answer.
    const store = join(dir, 'kb.sqlite');
    expect((await node(first!.entry, 'demo', '--store', store)).code).toBe(0);
    const bundled = await node(first!.entry, 'status', '--json', '--at', '2023-03-28', '--store', store);
    const sources = capture();
    expect(await run(['status', '--json', '--at', '2023-03-28', '--store', store], sources)).toBe(0);
    expect(bundled.code).toBe(0);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout.join('\n')));
    expect(bundled.stdout).toMatch(/"tj-khorog-consulate"/);
  });

  it('keeps the EventStoreDB adapter out of the start: it is a chunk loaded when asked for', async () => {
    const cacheDir = freshCache();
    const bundle = await bundledEntry({ cacheDir, now: later });
    const main = readFileSync(fileURLToPath(bundle!.entry), 'utf8');
    expect(main).not.toMatch(/from "@eventstore\/db-client"/);
    const chunk = /import\("\.\/(eventstoredb-store-[A-Z0-9]+\.js)"\)/.exec(main)?.[1];
    expect(chunk).toBeDefined();
    // Its packages are loaded from node_modules, not copied in.
    expect(main).toMatch(/from "better-sqlite3"/);

    // A file of the bundle gone (a cache cleaned by hand): the bundle is made again, never run short.
    rmSync(join(fileURLToPath(bundle!.entry), '..', chunk!));
    const again = await bundledEntry({ cacheDir, now: later });
    expect(again?.built).toBe(true);
    expect(again?.entry).not.toBe(bundle?.entry);
  });

  it('is made again when a file of it was cut short or emptied, or the manifest is of an older shape', async () => {
    const cacheDir = freshCache();
    const bundle = await bundledEntry({ cacheDir, now: later });
    const main = fileURLToPath(bundle!.entry);
    const whole = readFileSync(main);
    // Emptied, as a power cut after the manifest was renamed can leave a file: run, it would do nothing.
    writeFileSync(main, '');
    const afterEmptied = await bundledEntry({ cacheDir, now: later });
    expect(afterEmptied?.built).toBe(true);
    expect(afterEmptied?.entry).not.toBe(bundle?.entry);
    expect(await node(afterEmptied!.entry, 'help')).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });

    // Cut short by a byte at the end (a comment line, so it would still load): made again all the same.
    const current = fileURLToPath(afterEmptied!.entry);
    writeFileSync(current, readFileSync(current).subarray(0, -1));
    const afterCut = await bundledEntry({ cacheDir, now: later });
    expect(afterCut?.built).toBe(true);
    expect(afterCut?.entry).not.toBe(afterEmptied?.entry);
    expect(readFileSync(fileURLToPath(afterCut!.entry)).length).toBe(whole.length);

    // A manifest listing the outputs without their sizes (kb's first bundles): not trusted, made again.
    const manifestPath = join(cacheDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { outputs: Record<string, number> };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, outputs: Object.keys(manifest.outputs) }));
    expect((await bundledEntry({ cacheDir, now: later }))?.built).toBe(true);
    expect((await bundledEntry({ cacheDir, now: later }))?.built).toBe(false);
  });

  it('the kb binary answers the same whether it runs the bundle or the sources through tsx', async () => {
    const [bundled, sources] = await Promise.all([
      kbChild(['help', 'mission']),
      kbChild(['help', 'mission'], { env: { ...process.env, KB_RUN_SOURCES: '1' } }),
    ]);
    expect(bundled.code).toBe(0);
    expect(bundled).toEqual(sources);
    expect(bundled.stdout).toMatch(/^ {2}kb mission MISSION/m);
  });
});

describe('a bundle of sources that change', () => {
  /** A two-file program: main.ts prints what value.ts exports and value.ts's own URL. */
  function program(name: string, value: string) {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    const main = join(folder, 'main.ts');
    const other = join(folder, 'value.ts');
    writeFileSync(main, "import { value, where } from './value.ts';\nconsole.log(value + ' ' + where);\n");
    writeFileSync(
      other,
      `export const value: string = ${JSON.stringify(value)};\nexport const where = import.meta.url;\n`,
    );
    agedBy(main, 60);
    agedBy(other, 60);
    return { main, other };
  }

  it('is made again when a file that went into it changed, and the new one runs the change', async () => {
    const { main, other } = program('changing', 'first');
    const cacheDir = freshCache();
    const first = await bundledEntry({ cacheDir, source: main });
    expect(first?.built).toBe(true);
    // Each module keeps the URL of its own source, as under tsx.
    expect((await node(first!.entry)).stdout).toBe(`first ${pathToFileURL(other).href}\n`);
    expect((await bundledEntry({ cacheDir, source: main }))?.built).toBe(false);

    writeFileSync(other, 'export const value = "second";\nexport const where = import.meta.url;\n');
    agedBy(other, 30);
    const second = await bundledEntry({ cacheDir, source: main });
    expect(second?.built).toBe(true);
    expect(second?.entry).not.toBe(first?.entry);
    expect((await node(second!.entry)).stdout).toBe(`second ${pathToFileURL(other).href}\n`);

    // The same size and content, only touched: made again all the same.
    agedBy(other, 20);
    expect((await bundledEntry({ cacheDir, source: main }))?.built).toBe(true);
    // A file that went in removed: made again, or none when the program no longer builds.
    rmSync(other);
    expect(await bundledEntry({ cacheDir, source: main })).toBeNull();
  });

  it('is not recorded when a source changed just before it was made: the next run makes it again', async () => {
    const { main, other } = program('settling', 'x');
    const cacheDir = freshCache();
    agedBy(other, 0);
    expect((await bundledEntry({ cacheDir, source: main }))?.built).toBe(true);
    expect((await bundledEntry({ cacheDir, source: main }))?.built).toBe(true);
    agedBy(other, 5);
    expect((await bundledEntry({ cacheDir, source: main }))?.built).toBe(true);
    expect((await bundledEntry({ cacheDir, source: main }))?.built).toBe(false);
  });

  it('is another program when another source is asked for, not the one recorded', async () => {
    const a = program('one', 'one');
    const b = program('two', 'two');
    const cacheDir = freshCache();
    expect((await bundledEntry({ cacheDir, source: a.main }))?.built).toBe(true);
    const other = await bundledEntry({ cacheDir, source: b.main });
    expect(other?.built).toBe(true);
    expect((await node(other!.entry)).stdout).toMatch(/^two /);
  });

  it('removes bundles made more than an hour before, and keeps the newer ones', async () => {
    const { main, other } = program('old', 'old');
    const cacheDir = freshCache();
    const first = await bundledEntry({ cacheDir, source: main });
    const firstFolder = join(fileURLToPath(first!.entry), '..');
    writeFileSync(other, 'export const value = "newer";\nexport const where = import.meta.url;\n');
    agedBy(other, 30);
    const second = await bundledEntry({ cacheDir, source: main });
    const secondFolder = join(fileURLToPath(second!.entry), '..');
    agedBy(firstFolder, 2 * 60 * 60);
    writeFileSync(other, 'export const value = "newest";\nexport const where = import.meta.url;\n');
    agedBy(other, 10);
    const third = await bundledEntry({ cacheDir, source: main });
    expect(third?.built).toBe(true);
    const kept = (path: string) => {
      try {
        readFileSync(join(path, 'main.js'));
        return true;
      } catch {
        return false;
      }
    };
    expect(kept(firstFolder)).toBe(false);
    expect(kept(secondFolder)).toBe(true);
  });

  it('gives none, so kb runs its sources, when the cache cannot be made or the sources do not build', async () => {
    const { main } = program('nowhere', 'x');
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(await bundledEntry({ cacheDir: join(file, 'cache'), source: main })).toBeNull();

    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, 'export const = ;\n');
    agedBy(broken, 60);
    expect(await bundledEntry({ cacheDir: freshCache(), source: broken })).toBeNull();
  });
});
