// docs/claim-records.md, "Bad lines": kb ingest overwrites a rejects file there already only when
// the last run of the same input left it, "An empty `R` is overwritten": it holds no line to lose,
// whoever made it (`touch`, a script's placeholder). One with a line in it and no note of kb's
// beside it is refused (exit 2), as ingest-rejects-hold.test.ts checks of other cases.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-rejects-empty-');

describe('kb ingest: a rejects file there already', () => {
  it('is written over when it is empty, though nothing shows kb made it', async () => {
    const input = join(dir, 'claims.ndjson');
    writeFileSync(input, '{"a" 1}\n{"b" 2}\n');
    const rejects = join(dir, 'placeholder.ndjson');
    writeFileSync(rejects, '');
    const run = await kbOn(join(dir, 'kb.sqlite'), 'ingest', input, '--rejects', rejects);
    expect(run.code).toBe(3);
    expect(run.err).not.toContain('is there already');
    expect(readFileSync(rejects, 'utf8')).toBe('{"a" 1}\n{"b" 2}\n');
    // It is kb's now: the note beside it names this input, and the same command runs again.
    expect(existsSync(join(dir, '.placeholder.ndjson.kb'))).toBe(true);
    expect((await kbOn(join(dir, 'kb.sqlite'), 'ingest', input, '--rejects', rejects)).code).toBe(3);
  });

  it('is refused when it holds a line and kb did not write it', async () => {
    const input = join(dir, 'other.ndjson');
    writeFileSync(input, '{"a" 1}\n');
    const rejects = join(dir, 'kept.ndjson');
    writeFileSync(rejects, '{"mended": 1}\n');
    const run = await kbOn(join(dir, 'kb-2.sqlite'), 'ingest', input, '--rejects', rejects);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`kb: ${rejects} is there already, and nothing shows kb ingest wrote it`);
    expect(readFileSync(rejects, 'utf8')).toBe('{"mended": 1}\n');
  });
});
