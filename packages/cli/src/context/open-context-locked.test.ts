// A read command while another process sits in a long write transaction on the same file (a kb
// ingest's large batch): with the read models caught up it has nothing to write and answers at once;
// with the log ahead of them it waits for the lock as long as any writer would, then answers from
// the log folded in memory, saying so. Either way no "database is locked" reaches the user.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeLockOnThread } from '@kb/store/testing';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, exampleLines, kbOn, type MissionJson, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-open-locked-');

/** The bundled dataset's store, its read models caught up. */
async function caughtUpStore(name: string): Promise<string> {
  const store = join(dir, name);
  expect((await kbOn(store, 'ingest', EXAMPLES)).code).toBe(0);
  expect((await kbOn(store, 'status')).code).toBe(0);
  return store;
}

describe('a read command beside another process holding the write lock', () => {
  it('answers from read models already caught up, without waiting for the lock', async () => {
    const store = await caughtUpStore('caught-up.sqlite');
    const other = await writeLockOnThread(store);
    try {
      const r = await kbOn(store, 'status', '--json');
      expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
      expect(r.out.json_[0] as MissionJson[]).toHaveLength(12);
    } finally {
      await other.release();
    }
  });

  it('answers from the log folded in memory when the read models are behind, and says why', async () => {
    const store = await caughtUpStore('behind.sqlite');
    const line = JSON.parse(exampleLines()[0]!) as { id: string };
    const more = join(dir, 'more.ndjson');
    writeFileSync(more, `${JSON.stringify({ ...line, id: 'another-khorog-visit' })}\n`);
    expect((await kbOn(store, 'ingest', more)).code).toBe(0);
    const other = await writeLockOnThread(store);
    let r: Awaited<ReturnType<typeof kbOn>>;
    try {
      r = await kbOn(store, 'mission', 'Khorog', '--json');
    } finally {
      await other.release();
    }
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `kb: the read models in ${store} could not be brought up to date: another process held the file's write lock throughout the wait (database is locked); this answers from the log folded in memory instead`,
    );
    const ids = (r.out.json_[0] as MissionJson).accounts.map((a) => a['claimId']);
    expect(ids).toContain('another-khorog-visit');
    expect(ids).toHaveLength(4);
    // The lock released, the next command brings the read models up to date and says nothing.
    const next = await kbOn(store, 'mission', 'Khorog', '--json');
    expect({ code: next.code, err: next.err }).toEqual({ code: 0, err: '' });
    expect((next.out.json_[0] as MissionJson).accounts).toHaveLength(4);
  });
});
