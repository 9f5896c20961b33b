// A write-protected file is read through a private copy (private-copy.ts). When the copy cannot be
// opened as a store (another application's SQLite file, a kb file whose schema version is on a
// damaged page), what is wrong with it is wrong with the user's file: the refusal names that file,
// never the copy in a temporary folder, which is gone once the command ends.
import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { rootPage, zeroPage } from '../testing/damaged-copies.js';

const { dir } = testFolder('kb-copy-refusal-');
const foreign = join(dir, 'contacts.sqlite');
const damaged = join(dir, 'damaged.sqlite');

beforeAll(async () => {
  const raw = new BetterSqlite3(foreign);
  raw.exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ann')");
  raw.close();
  const base = join(dir, 'base.sqlite');
  expect((await kbOn(base, 'demo')).code).toBe(0);
  copyFileSync(base, damaged);
  zeroPage(damaged, rootPage('meta'));
  // No write bit for anyone: write-protected whoever runs kb, root included.
  for (const file of [foreign, damaged]) chmodSync(file, 0o444);
});

const READS = [['status'], ['trace', 'x'], ['log'], ['verify'], ['verify', '--json']];

describe('a write-protected file the private copy of which is no store kb can open', () => {
  it.each([
    ["another application's SQLite file", foreign, 'not a knowledge-base event file'],
    ['a kb file whose schema version is on a damaged page', damaged, 'the file is damaged'],
  ])('%s: each read command names the file itself, not the copy', async (_, file, why) => {
    for (const args of READS) {
      const read = await kbOn(file, ...args);
      const said = [...read.out.stderr, ...read.out.stdout].join('\n');
      expect(read.code, args.join(' ')).toBe(1);
      expect(said, args.join(' ')).toContain(`cannot open the event file ${file}: `);
      expect(said, args.join(' ')).toContain(why);
      expect(said, args.join(' ')).not.toContain('kb-private-copy-');
    }
  });
});
