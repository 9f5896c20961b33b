// What `kb ingest` refuses of a rejects path before a line is read.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-ingest-paths-');
let n = 0;
/** A fresh store and an input holding `lines`. */
function setUp(lines: string[]) {
  n++;
  const store = join(dir, `kb-${n}.sqlite`);
  const input = join(dir, `in-${n}.ndjson`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  return { store, input };
}

describe('kb ingest --rejects: a path refused before a line is read', () => {
  it('in a "folder" that is a file: exit 2, saying so, nothing stored', async () => {
    const { store, input } = setUp(['{"a" 1}']);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'kept\n');
    const r = await kbOn(store, 'ingest', input, '--rejects', join(file, 'r.ndjson'), '--json');
    expect([r.code, r.text]).toEqual([2, '']);
    expect(r.err).toBe(
      `kb: --rejects ${join(file, 'r.ndjson')}: ${file} is a file, not a folder: name a file in a folder`,
    );
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
  });
});
