// `kb ingest --json`: each rejected entry names the line of the rejects file that holds its copy.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const folder = testFolder('kb-ingest-json-');

describe('kb ingest --json', () => {
  it('gives each rejected entry its rejectsLine: the line of its copy, or null for a line not copied', async () => {
    const input = join(folder.dir, 'in.ndjson');
    const lines = ['not json at all', 'x'.repeat(10), '{"broken'];
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    bytes[bytes.indexOf('x')] = 0x92; // line 2 is not UTF-8: not copied
    writeFileSync(input, bytes);
    const run = await kbOn(join(folder.dir, 'kb.sqlite'), 'ingest', input, '--json');
    expect(run.code).toBe(3);
    const report = run.out.json_[0] as { rejected: { line: number; rejectsLine: number | null }[] };
    expect(report.rejected.map((r) => [r.line, r.rejectsLine])).toEqual([
      [1, 1],
      [2, null],
      [3, 2],
    ]);
    expect(readFileSync(`${input}.rejected.ndjson`, 'utf8')).toBe(`${lines[0]}\n${lines[2]}\n`);
    expect(report).not.toHaveProperty('rejectedCopies');
  });
});
