// kb ingest of an input that holds no records at all (an empty file, blank lines only, an empty
// JSON array): still exit 0, as nothing is wrong with it, but said on stderr, so "0 lines" is not
// all the user hears of a file they expected to hold claims.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleLines, kbOn, testFolder } from '../testing/cli-test-kit.js';

const folder = testFolder('kb-ingest-empty-');
const store = join(folder.dir, 'kb.sqlite');

function input(name: string, text: string): string {
  const file = join(folder.dir, name);
  writeFileSync(file, text);
  return file;
}

describe('kb ingest of an input with no records', () => {
  it.each([
    ['an empty file', 'empty.ndjson', ''],
    ['blank lines only', 'blank.ndjson', '\n  \n\t\r\n\n'],
    ['an empty JSON array', 'array.json', '[\n]\n'],
  ])('says %s held no claim records, and exits 0', async (_, name, text) => {
    const file = input(name, text);
    const r = await kbOn(store, 'ingest', file);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/: 0 lines, 0 records in 0 batches\./);
    expect(r.out.stderr).toContain(
      `kb: ${file} held no claim records (it is empty, blank lines only, or an empty JSON array): nothing was stored`,
    );
  });

  it('says so on stderr under --json, stdout keeping its one report', async () => {
    const file = input('json-empty.ndjson', '\n');
    const r = await kbOn(store, 'ingest', file, '--json');
    expect(r.code).toBe(0);
    expect(r.out.json_).toEqual([expect.objectContaining({ lines: 0, records: 0 })]);
    expect(r.err).toContain(`kb: ${file} held no claim records`);
  });

  it('says so of a dry run too', async () => {
    const file = input('dry-empty.ndjson', '');
    const r = await kbOn(store, 'ingest', file, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`kb: ${file} held no claim records`);
  });

  it('says nothing of the kind when the input held records', async () => {
    const file = input('one.ndjson', `\n${exampleLines()[0]}\n\n`);
    const r = await kbOn(store, 'ingest', file);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('held no claim records');
    // Nor when every record was already stored: the input held them.
    const again = await kbOn(store, 'ingest', file);
    expect(again.err).not.toContain('held no claim records');
  });
});
