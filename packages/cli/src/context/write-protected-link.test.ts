// Write-protected evidence named through a symbolic link from a folder that can be written. SQLite
// opens the file the link names and keeps its write-ahead log and shared-memory file beside that
// file, so that is the folder whose mode counts, and the log beside it is what a private copy must
// take: a copy of the link's name alone left committed events out, and a folder nobody may write,
// behind a link, was written all the same by root.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { openKnowledgeBase } from '@kb/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-protected-link-');
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Folders of mode 555, each holding a store whose events are still in its -wal, named by a link. */
const cases = {
  // The file itself writable: only its folder protects it.
  folder: { folder: join(dir, 'folder'), fileMode: 0o644 },
  file: { folder: join(dir, 'file'), fileMode: 0o444 },
};
const links = join(dir, 'links');
let events = 0;

beforeAll(async () => {
  const live = join(dir, 'live.sqlite');
  const kbase = await openKnowledgeBase({ store: live });
  mkdirSync(links);
  try {
    await kbase.ingest(EXAMPLES);
    for await (const _ of kbase.store.readAll()) events++;
    for (const [name, { folder, fileMode }] of Object.entries(cases)) {
      mkdirSync(folder);
      const evidence = join(folder, 'kb.sqlite');
      copyFileSync(live, evidence);
      copyFileSync(`${live}-wal`, `${evidence}-wal`);
      for (const file of [evidence, `${evidence}-wal`]) chmodSync(file, fileMode);
      chmodSync(folder, 0o555);
      symlinkSync(evidence, join(links, `${name}.sqlite`));
    }
  } finally {
    await kbase.close();
  }
  expect(events).toBeGreaterThan(0);
});

afterAll(() => {
  for (const { folder } of Object.values(cases)) chmodSync(folder, 0o755);
});

describe('write-protected evidence named through a symbolic link', () => {
  it.each(Object.keys(cases))(
    'in a folder of mode 555, the file %s-protected: read whole through a private copy, and left as it was',
    async (name) => {
      const { folder } = cases[name as keyof typeof cases];
      const evidence = join(folder, 'kb.sqlite');
      const link = join(links, `${name}.sqlite`);
      const before = { file: digest(evidence), wal: digest(`${evidence}-wal`), names: readdirSync(folder) };
      const verify = await kbOn(link, 'verify', '--json');
      expect(verify.code, verify.err).toBe(0);
      expect(verify.out.json_[0]).toMatchObject({ ok: true, checked: events });
      const status = await kbOn(link, 'status');
      expect(status.code, status.err).toBe(0);
      expect(status.err).toContain(`kb: ${link} cannot be written here, so this reads a private copy of it`);
      expect(status.text).toMatch(/^tj-khorog-consulate .* contested /m);
      expect({ file: digest(evidence), wal: digest(`${evidence}-wal`), names: readdirSync(folder) }).toEqual(
        before,
      );
    },
  );
});
