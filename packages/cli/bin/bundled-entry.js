// kb's sources bundled into one ESM file (and a chunk for the lazily loaded EventStoreDB adapter),
// kept in node_modules/.cache/kb-cli and made again whenever a file that went into it changed.
// Loading some three hundred TypeScript modules through tsx's loader made `kb mission` take 0.73 s
// on an idle machine, against 0.26 s from the bundle (npx tsx bench/run.ts cli). It is a cache,
// never a build step: nothing needs running first, a stale bundle is never used, and whatever keeps
// it from being made (no esbuild, a cache folder that cannot be written, a source esbuild refuses)
// leaves kb running its sources through tsx as before. KB_RUN_SOURCES=1 runs the sources through
// tsx always. A source dated ahead of this machine's clock keeps the bundle from being recorded,
// so each run makes it again: slower than a recorded bundle, never slower than tsx by much.
//
// Plain JavaScript, checked by tsc: it runs before any TypeScript loader is set up.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's root: bin/ is packages/cli/bin. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where bundles are kept unless told otherwise. */
export const DEFAULT_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'kb-cli');

/** The entry the bundle is made from. */
export const MAIN_SOURCE = join(REPO_ROOT, 'packages', 'cli', 'src', 'main.ts');

/** Bundles other than the current one are removed once this old (a running kb may still load a chunk of one). */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * @typedef {{ readonly size: number, readonly mtimeMs: number }} Seen
 * @typedef {{ readonly entry: string, readonly inputs: Record<string, Seen>, readonly outputs: Record<string, number> }} Manifest
 * @typedef {{ readonly entry: string, readonly built: boolean }} Bundled
 * @typedef {{ readonly cacheDir?: string, readonly source?: string, readonly now?: () => number }} BundleOptions
 */

/**
 * The file URL of a bundle of `source` whose inputs are all as they were when it was made, made now
 * if there is none; null when none can be had (kb then runs its sources through tsx).
 * @param {BundleOptions} [options]
 * @returns {Promise<Bundled | null>}
 */
export async function bundledEntry(options = {}) {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE;
  const source = options.source ?? MAIN_SOURCE;
  try {
    const manifest = readManifest(cacheDir);
    if (manifest !== null && isCurrent(manifest, cacheDir, source))
      return { entry: pathToFileURL(join(cacheDir, manifest.entry)).href, built: false };
    const made = await makeBundle(cacheDir, source, options.now ?? Date.now);
    return made === null ? null : { entry: pathToFileURL(join(cacheDir, made)).href, built: true };
  } catch {
    return null;
  }
}

/**
 * @param {string} cacheDir
 * @returns {Manifest | null}
 */
function readManifest(cacheDir) {
  let text;
  try {
    text = readFileSync(join(cacheDir, 'manifest.json'), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text);
    if (
      typeof parsed?.entry !== 'string' ||
      typeof parsed.inputs !== 'object' ||
      parsed.inputs === null ||
      typeof parsed.outputs !== 'object' ||
      parsed.outputs === null ||
      Array.isArray(parsed.outputs)
    )
      return null;
    return parsed;
  } catch {
    return null;
  }
}

/**
 * Whether every file that went into the bundle is as it was (same size and modification time), every
 * file of the bundle is there at the size it was written (not emptied or cut short, as a power cut
 * after the manifest was renamed could leave it), and it was made from `source`. A file added to the
 * sources is only reached through an import, which changes a file that went in.
 * @param {Manifest} manifest
 * @param {string} cacheDir
 * @param {string} source
 */
function isCurrent(manifest, cacheDir, source) {
  const inputs = Object.entries(manifest.inputs);
  if (!Object.hasOwn(manifest.inputs, source)) return false;
  for (const [path, seen] of inputs) {
    const now = statSync(path, { throwIfNoEntry: false });
    if (now === undefined || now.size !== seen.size || now.mtimeMs !== seen.mtimeMs) return false;
  }
  if (!Object.hasOwn(manifest.outputs, manifest.entry)) return false;
  for (const [output, size] of Object.entries(manifest.outputs)) {
    if (statSync(join(cacheDir, output), { throwIfNoEntry: false })?.size !== size) return false;
  }
  return true;
}

/**
 * Bundles `source` into a folder of its own under `cacheDir` and records it as the current bundle;
 * the entry's path relative to `cacheDir`, or null when esbuild cannot be loaded.
 * @param {string} cacheDir
 * @param {string} source
 * @param {() => number} now
 * @returns {Promise<string | null>}
 */
async function makeBundle(cacheDir, source, now) {
  /** @type {typeof import('esbuild')} */
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  mkdirSync(cacheDir, { recursive: true });
  const started = now();
  const folder = `b-${started.toString(36)}-${randomBytes(4).toString('hex')}`;
  const outdir = join(cacheDir, folder);
  const result = await esbuild.build({
    entryPoints: { main: source },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
    plugins: [ownPackagesOnly, ownImportMetaUrl],
  });
  const inputs = /** @type {Record<string, Seen>} */ ({});
  let settled = true;
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(REPO_ROOT, input);
    const { size, mtimeMs } = statSync(path);
    inputs[path] = { size, mtimeMs };
    // Changed while esbuild read it, perhaps: the bundle serves this run and is not recorded.
    if (mtimeMs >= started - 1000) settled = false;
  }
  const entry = join(folder, 'main.js');
  // The bundle's own files and their sizes, source maps aside: a chunk gone or of another size makes
  // it another bundle's to replace.
  const outputs = /** @type {Record<string, number>} */ ({});
  for (const output of Object.keys(result.metafile.outputs)) {
    const path = resolve(REPO_ROOT, output);
    if (output.endsWith('.js')) outputs[join(folder, relative(outdir, path))] = statSync(path).size;
  }
  if (settled) {
    const manifest = join(cacheDir, `manifest-${folder}.json`);
    writeFileSync(manifest, JSON.stringify({ entry, inputs, outputs }));
    renameSync(manifest, join(cacheDir, 'manifest.json'));
  }
  removeOldBundles(cacheDir, folder, started);
  return entry;
}

/**
 * Removes bundles other than `current` made more than an hour before `started`, and manifests
 * another kb left half written.
 * @param {string} cacheDir
 * @param {string} current
 * @param {number} started
 */
function removeOldBundles(cacheDir, current, started) {
  for (const name of readdirSync(cacheDir)) {
    if (name === current || name === 'manifest.json') continue;
    const path = join(cacheDir, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats !== undefined && stats.mtimeMs < started - STALE_AFTER_MS)
      rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The workspace's own packages (@kb/...) and relative imports go into the bundle; every other package
 * (better-sqlite3, zod, date-fns, the EventStoreDB client) is loaded from node_modules as before.
 * @type {import('esbuild').Plugin}
 */
const ownPackagesOnly = {
  name: 'kb-own-packages-only',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@kb/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Each module keeps its own `import.meta.url` (the URL of its source file), as under tsx: kb finds
 * the bundled dataset and the SQLite driver relative to the module that names them.
 * @type {import('esbuild').Plugin}
 */
const ownImportMetaUrl = {
  name: 'kb-own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return {
        contents: text.replaceAll('import.meta.url', url),
        loader: 'ts',
        resolveDir: dirname(args.path),
      };
    });
  },
};
