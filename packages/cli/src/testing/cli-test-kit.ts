// What the kb command's tests share: kb run in this process with its output captured, the real kb
// binary run as a child, the bundled example records, and a knowledge base that `kb demo` builds
// for one test file. Each file that changes its knowledge base builds its own, so no test depends
// on what another file's tests did before it.
import { type ExecFileOptions, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_CACHE } from '../../bin/bundled-entry.js';
import { run } from '../cli.js';
import { type Captured, capture } from './captured-output.js';

/** The `kb` binary, as npx runs it. */
export const KB_BIN = fileURLToPath(new URL('../../bin/kb.js', import.meta.url));

/** The bundled dataset: every claim in the seed article, one record a line. */
export const EXAMPLES = fileURLToPath(
  new URL('../../../../examples/central-asia-2023.ndjson', import.meta.url),
);

/** The bundled dataset's lines, as written. */
export const exampleLines = (): string[] => readFileSync(EXAMPLES, 'utf8').split('\n').filter(Boolean);

export { type Captured, type CapturedAnswer, type CaptureOptions, capture } from './captured-output.js';

/** The shape of `kb status --json` rows (and `kb mission --json`) that scripts rely on. */
export interface MissionJson {
  mission: { id: string; name: string; city: string | null; country: string; kind: string };
  status: string;
  controller: string | null;
  accounts: Array<Record<string, unknown> & { source: Record<string, unknown> }>;
}

/** One in-process run: the exit code, the captured output, and stdout and stderr as text. */
export interface KbRun {
  readonly code: number;
  readonly out: Captured;
  /**
   * stdout as one string, joined when read: a JSON answer too long for one string is read from
   * `out.answers` instead (captured-output.ts).
   */
  readonly text: string;
  readonly err: string;
}

/** Runs kb in this process on the store file `store` (each run gets `--store store` last). */
export async function kbOn(store: string, ...args: string[]): Promise<KbRun> {
  const out = capture();
  const code = await run([...args, '--store', store], out);
  return {
    code,
    out,
    get text() {
      return out.stdout.join('\n');
    },
    err: out.stderr.join('\n'),
  };
}

/** One run of the binary. */
export interface ChildRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the kb binary in a child process; `code` is -1 when it was killed rather than exited. */
export function kbChild(args: readonly string[], options: ExecFileOptions = {}): Promise<ChildRun> {
  return execChild(process.execPath, [KB_BIN, ...args], options);
}

/** One run of the binary fed on its stdin; `code` is null when it was killed rather than exited. */
export interface PipedRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs the kb binary in a child process in `cwd`, with `input` written to its stdin, then closed. */
export function kbPiped(
  cwd: string,
  args: readonly string[],
  input: string | Uint8Array = '',
): Promise<PipedRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [KB_BIN, ...args], { cwd });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      err += String(chunk);
    });
    child.on('close', (code) => done({ code, out, err }));
    child.stdin.end(input);
  });
}

/** Runs `file` in a child process; `code` is -1 when it was killed or could not start. */
export function execChild(
  file: string,
  args: readonly string[],
  options: ExecFileOptions = {},
): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(file, [...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A folder of its own for one test file, made at once and removed after the file's tests. */
export function testFolder(prefix: string): { readonly dir: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir };
}

/**
 * A folder for one test file's own bundles of kb (bin/bundled-entry.js), made beside the real cache
 * so that the packages a bundle leaves out (better-sqlite3, zod, ...) are found in the repository's
 * node_modules as the real bundle finds them; removed after the file's tests.
 */
export function bundleCachesFolder(prefix: string): string {
  mkdirSync(DEFAULT_CACHE, { recursive: true });
  const caches = mkdtempSync(join(DEFAULT_CACHE, '..', prefix));
  afterAll(() => rmSync(caches, { recursive: true, force: true }));
  return caches;
}

/** A test file's own knowledge base, built by `kb demo` before its tests. */
export interface DemoKnowledgeBase {
  readonly dir: string;
  readonly store: string;
  /** Runs kb in this process on this knowledge base. */
  kb(...args: string[]): Promise<KbRun>;
}

export function demoKnowledgeBase(prefix: string): DemoKnowledgeBase {
  const { dir } = testFolder(prefix);
  const store = join(dir, 'kb.sqlite');
  beforeAll(async () => {
    const demo = await kbOn(store, 'demo');
    if (demo.code !== 0) throw new Error(`kb demo failed with ${demo.code}: ${demo.err}`);
  });
  return { dir, store, kb: (...args) => kbOn(store, ...args) };
}

/**
 * Writes `records` as an NDJSON file `name` in `dir`, ingests it into `store` (throwing unless every
 * line is taken), and returns the recorded time of the log's last event, a few milliseconds before
 * the next ingest may record anything: a `--recorded-at` that falls between two stages.
 */
export async function ingestStage(
  store: string,
  dir: string,
  name: string,
  records: object[],
): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const run = await kbOn(store, 'ingest', file);
  if (run.code !== 0) throw new Error(`ingest failed with ${run.code}: ${run.text}\n${run.err}`);
  const log = (await kbOn(store, 'log', '--json')).out.json_[0] as { recordedAt: string }[];
  await new Promise((resolve) => setTimeout(resolve, 5));
  return log.at(-1)!.recordedAt;
}

/**
 * A visit record at the consulate-general in Bonn, as the stage-by-stage trace and log tests write
 * them: asserted (naming the republic) or answered (`stance` other than asserts, naming no one).
 */
export const bonnVisit = (id: string, stance: string, url: string, respondsTo?: string) => ({
  id,
  mission: { country: 'Germany', city: 'Bonn', kind: 'consulate-general' },
  kind: 'visit',
  stance,
  controller: stance === 'asserts' ? 'republic' : 'unknown',
  occurred: '2023-05',
  claimant: 'Ministry',
  source: { outlet: 'Alpha News', url, published: '2023-05-10' },
  quote: `${id}.`,
  ...(respondsTo === undefined ? {} : { respondsTo }),
});
