// Evidence kb must not change, held where a mutation pass found nothing holding it: a store file
// that may be written, in a folder nobody may write, is read through a private copy (U3); the
// private copy a command makes is gone when it is done (U4); and a file whose header's page count
// is stale (an older SQLite writer's) is not judged cut short by that count (U8).
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { openKnowledgeBase } from '@kb/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbChild, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-evidence-gaps-');
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const CLAIM = 'diplomat-2023-03-khorog-visit';
const NOTICE = 'cannot be written here, so this reads a private copy of it; the file itself is not changed';

// The store as an ingest leaves it, closed: the log, and no read models yet, so a read command
// working on the file itself would write them into it.
let folder: string;
let evidence: string;
// The children's temporary folder, their own, where their private copies are made.
let childTmp: string;

beforeAll(async () => {
  const live = join(dir, 'live.sqlite');
  const kbase = await openKnowledgeBase({ store: live });
  try {
    await kbase.ingest(EXAMPLES);
  } finally {
    await kbase.close();
  }
  expect(existsSync(`${live}-wal`)).toBe(false);
  folder = join(dir, 'evidence');
  mkdirSync(folder);
  evidence = join(folder, 'kb.sqlite');
  copyFileSync(live, evidence);
  chmodSync(evidence, 0o644);
  chmodSync(folder, 0o555);
  childTmp = join(dir, 'tmp');
  mkdirSync(childTmp);
});

afterAll(() => chmodSync(folder, 0o755));

describe('a writable store file in a folder of mode 555, whoever runs kb (U3, U4)', () => {
  it('is read by kb trace through a private copy, which it says, and left as it was (U3)', async () => {
    const before = { file: digest(evidence), names: readdirSync(folder) };
    const trace = await kbOn(evidence, 'trace', CLAIM);
    expect(trace.code).toBe(0);
    expect(trace.text).toContain(CLAIM);
    expect(digest(evidence)).toBe(before.file);
    expect(readdirSync(folder)).toEqual(before.names);
    expect(trace.err).toContain(`kb: ${evidence} ${NOTICE}`);
  });

  it('leaves no private copy behind once kb trace or kb status is done (U4)', async () => {
    const kb = (...args: string[]) =>
      kbChild([...args, '--store', evidence], { env: { ...process.env, TMPDIR: childTmp } });
    for (const args of [['trace', CLAIM], ['status']]) {
      const run = await kb(...args);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(NOTICE);
      expect(readdirSync(childTmp).filter((name) => name.startsWith('kb-private-copy-'))).toEqual([]);
    }
  }, 60_000);
});

/** Offsets in SQLite's 100-byte file header (sqlite.org/fileformat.html). */
const CHANGE_COUNTER_AT = 24;
const PAGE_COUNT_AT = 28;
const VALID_FOR_AT = 92;

/** Rewrites the 100-byte header of the file at `path` with `edit`. */
function editHeader(path: string, edit: (header: Buffer) => void): void {
  const fd = openSync(path, 'r+');
  try {
    const header = Buffer.alloc(100);
    readSync(fd, header, 0, 100, 0);
    edit(header);
    writeSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
}

describe('kb verify on a file cut short whose header page count is stale (U8)', () => {
  it('does not judge the cut by the stale count, nor pad a copy to the length it gives', async () => {
    const cut = join(dir, 'cut.sqlite');
    copyFileSync(join(dir, 'live.sqlite'), cut);
    const pageSize = 4096;
    const pages = statSync(cut).size / pageSize;
    // Whole pages gone: the schema names tables whose pages are not there, so SQLite refuses the file.
    truncateSync(cut, Math.floor(pages * 0.4) * pageSize);
    const length = statSync(cut).size;
    // An older writer changed the file (the change counter) without keeping the page count, so
    // "version-valid-for" names an earlier change, and the count, stale, is not the file's length.
    let staleBytes = 0;
    editHeader(cut, (header) => {
      expect(header.readUInt16BE(16)).toBe(pageSize);
      const counter = header.readUInt32BE(CHANGE_COUNTER_AT);
      header.writeUInt32BE(counter + 1, CHANGE_COUNTER_AT);
      header.writeUInt32BE(counter, VALID_FOR_AT);
      const stale = pages + 8;
      header.writeUInt32BE(stale, PAGE_COUNT_AT);
      staleBytes = stale * pageSize;
    });
    const before = digest(cut);
    const verify = await kbOn(cut, 'verify');
    expect(verify.code).toBe(1);
    expect(verify.text).toMatch(/^BROKEN/);
    expect(verify.text).not.toContain('cut short');
    expect(verify.text).not.toContain(`${staleBytes} bytes`);
    expect(statSync(cut).size).toBe(length);
    expect(digest(cut)).toBe(before);
  });
});
