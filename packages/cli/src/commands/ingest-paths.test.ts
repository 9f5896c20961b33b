// What `kb ingest` refuses of a rejects path before a line is read.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleLines, KB_BIN, kbOn, testFolder } from '../testing/cli-test-kit.js';

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

  it('naming stdout under --json: exit 2, stdout empty, as rejected lines there would break its JSON', async () => {
    const { store, input } = setUp(['{"a" 1}']);
    for (const path of ['/dev/stdout', '/dev/fd/1']) {
      const r = await kbOn(store, 'ingest', input, '--json', '--rejects', path);
      expect([r.code, r.text]).toEqual([2, '']);
      expect(r.err).toBe(
        `kb: --rejects ${path}: that is stdout, where --json writes its report: the rejected lines would make it no JSON. Give --rejects a file, or leave out --json`,
      );
    }
    expect(existsSync(store)).toBe(false);
  });

  it('naming the file stdout is redirected to, under --json: exit 2, the file left as it was', () => {
    const { store, input } = setUp(['{"a" 1}']);
    const out = join(dir, 'out.json');
    writeFileSync(out, '');
    const fd = openSync(out, 'a');
    const r = spawnSync(
      process.execPath,
      [KB_BIN, 'ingest', input, '--json', '--rejects', out, '--store', store],
      { stdio: ['ignore', fd, 'pipe'] },
    );
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(String(r.stderr)).toContain(
      `kb: --rejects ${out}: that is stdout, where --json writes its report`,
    );
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('/dev/stdout redirected to a file with lines in it: the refusal names that file, not the device', () => {
    const { store, input } = setUp(['{"a" 1}']);
    const out = join(dir, 'out.txt');
    writeFileSync(out, 'earlier output\n');
    const fd = openSync(out, 'a');
    const r = spawnSync(
      process.execPath,
      [KB_BIN, 'ingest', input, '--rejects', '/dev/stdout', '--store', store],
      {
        stdio: ['ignore', fd, 'pipe'],
      },
    );
    closeSync(fd);
    expect(r.status).toBe(2);
    const err = String(r.stderr);
    expect(err).toContain(`/dev/stdout leads to ${out}`);
    expect(err).toContain(`Ingest that file (kb ingest ${out})`);
    expect(err).not.toContain('kb ingest /dev/stdout');
    expect(readFileSync(out, 'utf8')).toBe('earlier output\n');
    expect(existsSync('/dev/stdout.lock')).toBe(false);
  });

  it('the default beside an input in a folder that cannot be written: exit 1 before a line is read, suggesting --rejects', async () => {
    n++;
    const store = join(dir, `kb-${n}.sqlite`);
    const folder = join(dir, `read-only-${n}`);
    mkdirSync(folder);
    const input = join(folder, 'in.ndjson');
    // A valid line first: it would be committed before the bad one found the folder closed.
    writeFileSync(input, `${exampleLines()[0]}\n{"a" 1}\n`);
    const unlock = lockFolder(folder);
    try {
      if (unlock === null) return; // no way to close a folder here
      const r = await kbOn(store, 'ingest', input, '--batch-size', '1', '--json');
      expect([r.code, r.text]).toEqual([1, '']);
      expect(r.err).toBe(
        `kb: rejected lines go to ${input}.rejected.ndjson (give --rejects FILE to change it): the folder ${folder} cannot be written; give --rejects a path where it can`,
      );
      expect(existsSync(store)).toBe(false);
    } finally {
      unlock?.();
    }
  });

  it('the default beside an input in a folder of mode 555 is refused whoever runs kb, root included, as a store there is', async () => {
    n++;
    const store = join(dir, `kb-${n}.sqlite`);
    const folder = join(dir, `mode-555-${n}`);
    mkdirSync(folder);
    const input = join(folder, 'in.ndjson');
    writeFileSync(input, `${exampleLines()[0]}\n{"a" 1}\n`);
    chmodSync(folder, 0o555);
    try {
      const r = await kbOn(store, 'ingest', input, '--batch-size', '1', '--json');
      expect([r.code, r.text]).toEqual([1, '']);
      expect(r.err).toBe(
        `kb: rejected lines go to ${input}.rejected.ndjson (give --rejects FILE to change it): the folder ${folder} cannot be written; give --rejects a path where it can`,
      );
      expect(readdirSync(folder)).toEqual(['in.ndjson']);
      expect(existsSync(store)).toBe(false);
      // A rejects file of mode 444 elsewhere is refused the same way, and left as it was.
      const old = join(dir, `old-${n}.rejected.ndjson`);
      writeFileSync(old, '');
      chmodSync(old, 0o444);
      const named = await kbOn(store, 'ingest', input, '--rejects', old);
      expect(named.code).toBe(2);
      expect(named.err).toMatch(/that file cannot be written here; name a file where it can$/);
      expect(readFileSync(old, 'utf8')).toBe('');
    } finally {
      chmodSync(folder, 0o755);
    }
  });
});

/** Makes `folder` one that cannot be written (immutable for root, mode 555 otherwise); null when it cannot. */
function lockFolder(folder: string): (() => void) | null {
  const root = process.getuid?.() === 0;
  const unlock = root ? () => spawnSync('chattr', ['-i', folder]) : () => chmodSync(folder, 0o755);
  if (root) spawnSync('chattr', ['+i', folder]);
  else chmodSync(folder, 0o555);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return unlock;
  }
  unlock();
  return null;
}
