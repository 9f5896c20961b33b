// Read models edited or damaged in the file, not through kb: a table dropped, rows that do not parse,
// a checkpoint moved back, a page zeroed. The log beside them is intact, so every read command answers
// from it (rebuilding the read models, or folding the log in memory) and says so on stderr, never
// an answer from what is left, nor a bare SQLite or JSON error.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-rm-damaged-');
const base = join(dir, 'base.sqlite');

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
  expect((await kbOn(base, 'status')).code).toBe(0);
});

/** A copy of the caught-up demo store with `edit` run on it. */
function edited(name: string, edit: (db: BetterSqlite3.Database) => void): string {
  const path = join(dir, `${name}.sqlite`);
  copyFileSync(base, path);
  const db = new BetterSqlite3(path);
  edit(db);
  db.close();
  return path;
}

const khorogStatus = (text: string) => /^tj-khorog-consulate .* contested /m.test(text);

describe('a read-model table dropped', () => {
  it('is taken for another layout: the read models are rebuilt, and the command says so', async () => {
    const store = edited('drop-claims', (db) => db.exec('DROP TABLE rm_claims'));
    const status = await kbOn(store, 'status');
    expect(status.code).toBe(0);
    expect(status.out.stderr).toEqual([
      `kb: the read models in ${store} lack the table rm_claims (dropped since they were built), so they cannot answer as they are; rebuilding them from the log (31 positions) before answering`,
    ]);
    expect(khorogStatus(status.text)).toBe(true);
    const mission = await kbOn(store, 'mission', 'Khorog');
    expect(mission.err).toBe('');
    expect(mission.text).toMatch(/^Status: CONTESTED$/m);
    expect((await kbOn(store, 'verify', '--read-models')).code).toBe(0);
  });
});
