// docs/commands.md, "Write-protected evidence": in a folder that can be written, kb verify and kb log
// open the file read-only; SQLite may leave a shared-memory file and an empty -wal beside a file that
// has none, but the file itself is unchanged. Two files here: one whose read models are behind the
// log (an ingest only, which a read command would bring up to date in the file), and a copy taken
// with the last ingest's pages still in its -wal (which a connection that may write folds into the
// file as it closes).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, exampleLines, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-read-only-writable-');
const behind = join(dir, 'behind.sqlite');
const pending = join(dir, 'pending.sqlite');

const digest = (path: string) =>
  existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;

const READS = [
  ['verify'],
  ['verify', '--json'],
  ['log'],
  ['log', '--runs'],
  ['log', '--run', 'no-such-run', '--json'],
];

beforeAll(async () => {
  const ingest = await kbOn(behind, 'ingest', EXAMPLES);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.err}`);
  // The first lines ingested and folded into the file; the rest ingested while another connection
  // holds it open, so they stay in the -wal, which is copied beside the copy of the file.
  const source = join(dir, 'source.sqlite');
  const first = join(dir, 'first.ndjson');
  writeFileSync(first, `${exampleLines().slice(0, 5).join('\n')}\n`);
  if ((await kbOn(source, 'ingest', first)).code !== 0) throw new Error('the first ingest failed');
  const holder = new BetterSqlite3(source, { readonly: true });
  holder.prepare('SELECT count(*) FROM events').get();
  try {
    if ((await kbOn(source, 'ingest', EXAMPLES)).code !== 0) throw new Error('the second ingest failed');
    copyFileSync(source, pending);
    copyFileSync(`${source}-wal`, `${pending}-wal`);
  } finally {
    holder.close();
  }
  rmSync(`${pending}-shm`, { force: true });
});

describe('a store in a folder that can be written', () => {
  it('is left byte for byte as it was by kb verify and kb log, its read models behind the log', async () => {
    const before = digest(behind);
    for (const args of READS) {
      const r = await kbOn(behind, ...args);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect({ args, sha256: digest(behind) }).toEqual({ args, sha256: before });
      const wal = `${behind}-wal`;
      if (existsSync(wal)) expect({ args, walBytes: statSync(wal).size }).toEqual({ args, walBytes: 0 });
    }
  });

  it('is left byte for byte as it was, and its -wal too, when the -wal holds pages not yet in the file', async () => {
    expect(statSync(`${pending}-wal`).size).toBeGreaterThan(0);
    const before = { file: digest(pending), wal: digest(`${pending}-wal`) };
    for (const args of READS) {
      const r = await kbOn(pending, ...args);
      expect({ args, code: r.code }).toEqual({ args, code: 0 });
      expect({ args, file: digest(pending), wal: digest(`${pending}-wal`) }).toEqual({ args, ...before });
    }
    // What the -wal held was read: the copy's log is the whole dataset's, as the source's is.
    const log = (await kbOn(pending, 'log', '--limit', '100000', '--json')).out.json_[0] as unknown[];
    const whole = (await kbOn(behind, 'log', '--limit', '100000', '--json')).out.json_[0] as unknown[];
    expect(log.length).toBe(whole.length);
  });
});
