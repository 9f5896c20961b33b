// Evidence in a folder nobody may write, copied, or left by a writer killed, with its -shm
// beside the file and its -wal. A private copy is made of the three as they are: no connection is
// opened on the evidence in place, which, as root, would write a reader's turn into that -shm.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openKnowledgeBase } from '@kb/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-protected-shm-');
const folder = join(dir, 'evidence');
const evidence = join(folder, 'kb.sqlite');
const FILES = ['', '-wal', '-shm'];
const digests = () =>
  FILES.map((suffix) =>
    createHash('sha256')
      .update(readFileSync(`${evidence}${suffix}`))
      .digest('hex'),
  );

beforeAll(async () => {
  const live = join(dir, 'live.sqlite');
  const kbase = await openKnowledgeBase({ store: live });
  try {
    await kbase.ingest(EXAMPLES);
    mkdirSync(folder);
    // Copied while the store is open: its -shm is there, as a writer's crash leaves it.
    for (const suffix of FILES) copyFileSync(`${live}${suffix}`, `${evidence}${suffix}`);
  } finally {
    await kbase.close();
  }
  for (const suffix of FILES) chmodSync(`${evidence}${suffix}`, 0o444);
  chmodSync(folder, 0o555);
});

afterAll(() => chmodSync(folder, 0o755));

describe('a store with its -wal and -shm beside it in a folder of mode 555, whoever runs kb', () => {
  it('is read and verified through a private copy, and all three files are left as they were', async () => {
    const before = { files: digests(), names: readdirSync(folder) };
    for (const args of [
      ['status'],
      ['verify'],
      ['log', '--limit', '1'],
      ['trace', 'diplomat-2023-03-khorog-denial'],
    ]) {
      const read = await kbOn(evidence, ...args);
      expect(read.code, `${args.join(' ')}: ${read.err}`).toBe(0);
      expect(read.err).toContain('a private copy of it');
      expect({ files: digests(), names: readdirSync(folder) }, args.join(' ')).toEqual(before);
    }
  });
});
