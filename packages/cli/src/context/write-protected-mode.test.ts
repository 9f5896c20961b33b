// A store file nobody may write by its mode (no write bit for anyone), or in a folder nobody may
// write, is write-protected evidence whoever runs kb: root, as in CI and containers, may write it
// anyway, but kb must not. Run here as whatever user the tests run as (root in CI): ingest and
// rebuild refuse it, the commands that read work on a private copy and say so, and neither the file
// nor its folder changes.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openKnowledgeBase } from '@kb/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbChild, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-protected-mode-');
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let folder: string;
let evidence: string;
let before: { file: string; wal: string; names: string[] };

beforeAll(async () => {
  const live = join(dir, 'live.sqlite');
  const kbase = await openKnowledgeBase({ store: live });
  try {
    await kbase.ingest(EXAMPLES);
    folder = join(dir, 'evidence');
    mkdirSync(folder);
    evidence = join(folder, 'kb.sqlite');
    copyFileSync(live, evidence);
    copyFileSync(`${live}-wal`, `${evidence}-wal`);
  } finally {
    await kbase.close();
  }
  for (const file of [evidence, `${evidence}-wal`]) chmodSync(file, 0o444);
  chmodSync(folder, 0o555);
  before = { file: digest(evidence), wal: digest(`${evidence}-wal`), names: readdirSync(folder) };
});

afterAll(() => chmodSync(folder, 0o755));

const unchanged = () => {
  expect(digest(evidence)).toBe(before.file);
  expect(digest(`${evidence}-wal`)).toBe(before.wal);
  expect(readdirSync(folder)).toEqual(before.names);
};

describe('a store file of mode 444 in a folder of mode 555, whoever runs kb', () => {
  it('is refused by kb ingest and kb rebuild, saying why, and left as it was', async () => {
    const ingest = await kbChild(['ingest', EXAMPLES, '--store', evidence]);
    expect(ingest.stderr).toMatch(/cannot be written here: the file or its folder is write-protected/);
    expect(ingest.code).toBe(1);
    unchanged();
    const rebuild = await kbChild(['rebuild', '--store', evidence]);
    expect(rebuild.stderr).toMatch(/cannot be written here: the file or its folder is write-protected/);
    expect(rebuild.code).toBe(1);
    unchanged();
  }, 60_000);

  it('is refused by kb ingest --dry-run as the ingest would refuse it, with no report', async () => {
    const dry = await kbChild(['ingest', EXAMPLES, '--dry-run', '--json', '--store', evidence]);
    expect(dry.stderr).toMatch(
      /cannot be written here: the file or its folder is write-protected \(.*kb\.sqlite has no write permission for anyone\); a dry run stops where the ingest would/,
    );
    expect([dry.code, dry.stdout]).toEqual([1, '']);
    unchanged();
  }, 60_000);

  it('is a folder in which kb ingest and kb demo make no new store', async () => {
    const fresh = join(folder, 'new.sqlite');
    for (const args of [['ingest', EXAMPLES], ['demo'], ['ingest', EXAMPLES, '--dry-run']]) {
      const run = await kbChild([...args, '--store', fresh]);
      expect(run.stderr).toMatch(
        /cannot be written here: .*its folder .* has no write permission for anyone/,
      );
      expect(run.code).toBe(1);
      unchanged();
    }
  }, 90_000);

  it('is read by kb status and kb verify through a private copy, which they say, and left as it was', async () => {
    const status = await kbChild(['status', '--json', '--store', evidence]);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/cannot be written here, so this reads a private copy of it/);
    const verify = await kbChild(['verify', '--store', evidence]);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toMatch(/cannot be read in place here, so this checks a private copy/);
    unchanged();
    expect(existsSync(`${evidence}-shm`)).toBe(false);
  }, 60_000);
});
