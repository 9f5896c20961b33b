// Write-protected evidence: a store file in a folder nobody may write, as a write blocker or a
// read-only copy leaves it. The real `kb` (a child process) must still verify and answer from it,
// through a private copy, and leave the file exactly as it was. As root, permissions do not bind, so
// the child runs as the unprivileged user 65534 ("nobody") instead.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKnowledgeBase } from '@kb/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildRun, EXAMPLES, KB_BIN, kbChild } from '../testing/cli-test-kit.js';
import { privateCopy, refusedWriting } from './private-copy.js';

const kbBin = KB_BIN;
const example = EXAMPLES;
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
// As root the child drops to NOBODY, who must be able to read this checkout; a checkout inside a
// private folder (say, root's home) is not, and the test says so and does not run.
const childCanRun =
  !asRoot ||
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(kbBin)})`], {
    uid: NOBODY,
    gid: NOBODY,
  }).status === 0;
if (!childCanRun) {
  console.log(
    `write-protected store tests skipped: running as root, and user ${NOBODY} cannot read ${kbBin} to run kb without root's rights`,
  );
}

type Run = ChildRun;
// The children's temporary folder, their own: other test files, running at the same time, make and
// remove private copies of their own in the system's.
const childTmp = mkdtempSync(join(tmpdir(), 'kb-protected-tmp-'));
chmodSync(childTmp, 0o777);
const kb = (...args: string[]): Promise<Run> =>
  kbChild(args, {
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    cwd: childTmp,
    env: { ...process.env, TMPDIR: childTmp },
  });

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const privateCopies = () => readdirSync(childTmp).filter((name) => name.startsWith('kb-private-copy-'));

let dir: string;
let evidence: string;
let events: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kb-protected-'));
  chmodSync(dir, 0o755);
  const live = join(dir, 'live.sqlite');
  const kbase = await openKnowledgeBase({ store: live });
  try {
    events = (await kbase.ingest(example)).eventsAppended;
    // Copied while the writer is still open: the events are in the write-ahead log beside the file,
    // not yet in the file itself, so reading the copy proves the log came along.
    const folder = join(dir, 'evidence');
    mkdirSync(folder);
    evidence = join(folder, 'kb.sqlite');
    copyFileSync(live, evidence);
    copyFileSync(`${live}-wal`, `${evidence}-wal`);
  } finally {
    await kbase.close();
  }
  for (const file of [evidence, `${evidence}-wal`]) chmodSync(file, 0o444);
  chmodSync(join(dir, 'evidence'), 0o555);
});

afterAll(() => {
  if (existsSync(join(dir, 'evidence'))) chmodSync(join(dir, 'evidence'), 0o755);
  rmSync(dir, { recursive: true, force: true });
  rmSync(childTmp, { recursive: true, force: true });
});

describe.skipIf(!childCanRun)('a write-protected store file', () => {
  it('is verified and queried through a private copy, and left exactly as it was', async () => {
    const before = { file: digest(evidence), wal: digest(`${evidence}-wal`), copies: privateCopies() };

    const verify = await kb('verify', '--store', evidence);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(
      new RegExp(`^ok: ${events} events checked; the hash chain is intact\nLast hash: [0-9a-f]{64}\n`),
    );
    expect(verify.stderr).toMatch(/cannot be read in place here, so this checks a private copy/);

    const status = await kb('status', '--contested', '--json', '--store', evidence);
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/cannot be written here, so this reads a private copy of it/);
    const rows = JSON.parse(status.stdout) as { mission: { id: string } }[];
    expect(rows.map((r) => r.mission.id)).toEqual(['tj-khorog-consulate']);

    const log = await kb('log', '--limit', String(events), '--json', '--store', evidence);
    expect(log.code).toBe(0);
    expect(log.stderr).toMatch(/cannot be read in place here, so this reads a private copy/);
    expect((JSON.parse(log.stdout) as unknown[]).length).toBe(events);

    expect(digest(evidence)).toBe(before.file);
    expect(digest(`${evidence}-wal`)).toBe(before.wal);
    expect(existsSync(`${evidence}-shm`)).toBe(false);
    // No copy of its own left behind (another command's, from a process that died, may be removed).
    expect(privateCopies().filter((name) => !before.copies.includes(name))).toEqual([]);
  });

  it('still refuses an ingest, plainly, without touching the file', async () => {
    const before = digest(evidence);
    const run = await kb('ingest', example, '--store', evidence);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot be written here: the file or its folder is write-protected/);
    expect(digest(evidence)).toBe(before);
  });

  it('refuses, before reading a line, to put rejected lines in a folder that cannot be written', async () => {
    // A store the child may write, in a folder of its own; the rejects path in the protected folder.
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const store = join(open, 'kb.sqlite');
    const rejects = join(dir, 'evidence', 'rejected.ndjson');
    const run = await kb('ingest', example, '--store', store, '--rejects', rejects);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `kb: --rejects ${rejects}: the folder ${join(dir, 'evidence')} cannot be written here; name a file where it can`,
    );
    expect(existsSync(store)).toBe(false);
  });
});

describe('private copies', () => {
  it('knows a refusal to write from other failures, through the causes', () => {
    const readonly = Object.assign(new Error('attempt to write a readonly database'), {
      code: 'SQLITE_READONLY_DIRECTORY',
    });
    expect(refusedWriting(new Error('cannot open the event file', { cause: readonly }))).toBe(true);
    expect(refusedWriting(Object.assign(new Error('no shm'), { code: 'SQLITE_CANTOPEN' }))).toBe(true);
    expect(refusedWriting(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(refusedWriting('SQLITE_READONLY')).toBe(false);
  });

  it('copies the file and its write-ahead log, and removes both', () => {
    const copy = privateCopy(evidence);
    try {
      expect(digest(copy.path)).toBe(digest(evidence));
      expect(digest(`${copy.path}-wal`)).toBe(digest(`${evidence}-wal`));
    } finally {
      copy.remove();
    }
    expect(existsSync(copy.path)).toBe(false);
  });
});
