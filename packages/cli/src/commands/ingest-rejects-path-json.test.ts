// kb ingest --json names the rejects file by an absolute path, whether the input is stdin (the
// default ./rejected.ndjson) or a file named relative to the working folder: a script reading the
// report elsewhere than in that folder finds the file. The text names the same file.
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbPiped, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-rejects-path-json-');
const BAD = '{"bad":1}\n';

/** A folder of its own under the test's folder, by its real path (as the child's cwd reads it). */
function folder(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  return realpathSync(path);
}

/** The file the text's closing line names, resolved against the folder the run was in. */
function textRejects(cwd: string, out: string): string {
  const named = /^The rejected lines are in (.+): fix them and ingest that file again\.$/m.exec(out)?.[1];
  expect(named, out).toBeDefined();
  return resolve(cwd, named!);
}

describe('kb ingest --json, rejectsPath', () => {
  it('is absolute for stdin, and the text names the same file', async () => {
    const json = folder('stdin-json');
    const run = await kbPiped(json, ['ingest', '-', '--json', '--store', 'kb.sqlite'], BAD);
    expect(run.code, run.err).toBe(3);
    const report = JSON.parse(run.out) as { rejectsPath: string };
    expect(isAbsolute(report.rejectsPath), report.rejectsPath).toBe(true);
    expect(report.rejectsPath).toBe(join(json, 'rejected.ndjson'));
    expect(existsSync(report.rejectsPath)).toBe(true);

    const text = folder('stdin-text');
    const said = await kbPiped(text, ['ingest', '-', '--store', 'kb.sqlite'], BAD);
    expect(said.code, said.err).toBe(3);
    expect(textRejects(text, said.out)).toBe(join(text, 'rejected.ndjson'));
  });

  it('is absolute for a file named relative to the working folder, and the text names the same file', async () => {
    const cwd = folder('file');
    writeFileSync(join(cwd, 'bad.ndjson'), BAD);
    const run = await kbPiped(cwd, ['ingest', 'bad.ndjson', '--json', '--store', 'kb.sqlite']);
    expect(run.code, run.err).toBe(3);
    const report = JSON.parse(run.out) as { rejectsPath: string };
    expect(report.rejectsPath).toBe(join(cwd, 'bad.ndjson.rejected.ndjson'));

    const said = await kbPiped(cwd, ['ingest', 'bad.ndjson', '--store', 'kb2.sqlite']);
    expect(said.code, said.err).toBe(3);
    expect(textRejects(cwd, said.out)).toBe(report.rejectsPath);
  });
});
