// kb verify beside a -wal that is not the file's own: another store's, or the later -wal of this
// store beside an older copy of its file. Read through it, the log mixed two files' pages, and verify
// called the file BROKEN (a link at 21, or "database disk image is malformed" at 21) while the file
// alone was intact. It now says the -wal is not the file's own, where the file alone ends, that
// nothing was written, and to move the -wal away to verify the file alone; exit 1, as for a break.
// kb log is refused alike. The store's own -wal, another process writing into it, verifies as ever.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { olderCopyWithLaterWal, runChild, storeWithOthersWal } from '@kb/store/testing';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-verify-wal-not-own-');

/** The last hash of the file at `path` read alone (a copy of it, with no -wal), as kb verify gives it. */
async function hashOfFileAlone(path: string): Promise<string> {
  const alone = `${path}.alone`;
  copyFileSync(path, alone);
  const run = await kbOn(alone, 'verify', '--json');
  expect(run.out.json_[0]).toMatchObject({ ok: true, checked: 20 });
  return (run.out.json_[0] as { lastHash: string }).lastHash;
}

/** A new folder for one store, as each case is made anew for each test. */
const fresh = () => mkdtempSync(join(dir, 'case-'));

const bytes = (path: string) => [readFileSync(path), readFileSync(`${path}-wal`)];

const cases = [
  {
    name: "another store's -wal",
    make: () => storeWithOthersWal(fresh(), 'other'),
    found: 'the event at 21 does not follow the one at 20',
  },
  {
    name: 'the later -wal beside an older copy',
    make: () => olderCopyWithLaterWal(fresh(), 'backup'),
    found: 'SQLite cannot read the log after position 20 (',
  },
];

describe('kb verify beside a -wal that is not the file own', () => {
  it.each(cases)(
    '$name: names the -wal and where the file alone ends, not a broken file',
    async ({ make, found }) => {
      const path = await make();
      const hash = await hashOfFileAlone(path);
      const before = bytes(path);
      const run = await kbOn(path, 'verify');
      expect(run.code).toBe(1);
      expect(run.text).not.toContain('BROKEN');
      expect(run.text).toContain(
        `NOT VERIFIED: the write-ahead log beside the file, ${path}-wal, is not the file's own: it does not continue the log the file holds.`,
      );
      expect(run.text).toContain(
        `The file alone ends at position 20 with hash ${hash}; read through that log, ${found}`,
      );
      expect(run.text).toContain('nothing was written');
      expect(run.text).toContain(`Move ${path}-wal away, untouched`);
      expect(run.text).toContain(`kb verify --store ${path} checks the file alone.`);
      expect(bytes(path)).toEqual(before);

      // As it says: with the -wal moved away, the file alone verifies, ending at that hash.
      renameSync(`${path}-wal`, `${path}.moved-wal`);
      const alone = await kbOn(path, 'verify', '--json');
      expect(alone.code).toBe(0);
      expect(alone.out.json_[0]).toMatchObject({ ok: true, checked: 20, lastHash: hash });
    },
  );

  it.each(cases)(
    '$name: --json gives the unread answer with foreignWal, the reason on stderr',
    async ({ make, found }) => {
      const path = await make();
      const hash = await hashOfFileAlone(path);
      const run = await kbOn(path, 'verify', '--json');
      expect(run.code).toBe(1);
      const answer = run.out.json_[0] as Record<string, unknown>;
      expect(answer).toMatchObject({ ok: false, checked: 0, lastHash: null, firstBreak: null, file: null });
      expect(answer['foreignWal']).toEqual({
        path: `${path}-wal`,
        fileEnd: { events: 20, position: 20, hash },
        found: expect.stringContaining(found),
      });
      expect(answer['error']).toMatch(/^the write-ahead log beside the file, .* is not the file's own/);
      expect(run.err).toContain(`kb: ${answer['error']}`);
    },
  );

  it('a write-protected folder, read through a private copy: the -wal named is the one beside the file', async () => {
    const folder = join(dir, 'protected');
    mkdirSync(folder);
    const path = await storeWithOthersWal(folder, 'evidence');
    chmodSync(folder, 0o555);
    try {
      const run = await kbOn(path, 'verify');
      expect(run.code).toBe(1);
      expect(run.err).toContain('private copy');
      expect(run.text).toContain(`the write-ahead log beside the file, ${path}-wal, is not the file's own`);
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  it('kb log is refused alike, listing none of the mixed log', async () => {
    for (const { make } of cases) {
      const path = await make();
      const run = await kbOn(path, 'log', '--from', '19', '--limit', '4');
      expect(run.code).toBe(1);
      expect(run.text).toBe('');
      expect(run.err).toContain('.sqlite-wal, does not continue the log in the file');
    }
  });
});

describe("kb verify beside the store's own -wal", () => {
  it('verifies while another process appends into it and checkpoints', async () => {
    const path = join(dir, 'live.sqlite');
    const writer = runChild(fileURLToPath(new URL('../testing/live-writer.ts', import.meta.url)), [path]);
    try {
      expect(await writer.waitForLine((line) => line === 'committed 200'), writer.stderr()).toBe(
        'committed 200',
      );
      for (let round = 0; round < 6; round++) {
        expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
        const run = await kbOn(path, 'verify', '--json');
        expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
        const answer = run.out.json_[0] as { ok: boolean; checked: number };
        expect(answer.ok).toBe(true);
        expect(answer.checked).toBeGreaterThanOrEqual(200);
      }
    } finally {
      writer.process.kill('SIGKILL');
      await writer.exited;
    }
  }, 60_000);
});
