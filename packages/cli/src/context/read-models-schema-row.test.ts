// The read models record their table layout in rm_meta's `schema` row. Removed by hand (or rm_meta
// dropped), the read models cannot tell their layout, and are rebuilt from the log like read models
// of another layout; the command says so on stderr first, naming what was wrong, as every other such
// rebuild does, and kb verify --read-models does not call them the same as a rebuild.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy } from '../testing/damaged-copies.js';

const { dir } = testFolder('kb-rm-schema-row-');
const base = join(dir, 'base.sqlite');

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
  expect((await kbOn(base, 'status')).code).toBe(0);
});

const withoutSchemaRow = (name: string) =>
  editedCopy(base, join(dir, `${name}.sqlite`), (db) => {
    db.prepare("DELETE FROM rm_meta WHERE key = 'schema'").run();
  });

const khorogContested = (text: string) => /^tj-khorog-consulate .* contested /m.test(text);

describe("the read models' schema row removed", () => {
  it('rebuilds them saying why on stderr, and answers as before; the next command says nothing', async () => {
    const store = withoutSchemaRow('no-schema-row');
    const status = await kbOn(store, 'status');
    expect(status.code).toBe(0);
    expect(status.out.stderr).toEqual([
      `kb: the read models in ${store} do not record their table layout (rm_meta holds no schema row: removed since they were built), so they cannot answer as they are; rebuilding them from the log (31 positions) before answering`,
    ]);
    expect(khorogContested(status.text)).toBe(true);
    // Rebuilt in the layout the intact read models record.
    const schema = (path: string) => {
      const db = new BetterSqlite3(path, { readonly: true });
      try {
        return db.prepare("SELECT value FROM rm_meta WHERE key = 'schema'").pluck().get();
      } finally {
        db.close();
      }
    };
    expect(schema(store)).toBe(schema(base));
    expect(schema(store)).toMatch(/^\d+$/);
    const again = await kbOn(store, 'status');
    expect([again.code, again.out.stderr]).toEqual([0, []]);
  });

  it('is named by kb verify --read-models, which does not find them the same as a rebuild', async () => {
    const store = withoutSchemaRow('verify-no-schema-row');
    const verify = await kbOn(store, 'verify', '--read-models', '--json');
    expect(verify.code).toBe(1);
    expect(verify.out.json_[0]).toMatchObject({
      readModels: {
        ok: false,
        state: 'failed',
        reason:
          'rm_meta holds no schema row, which records their table layout: it was removed since they were built, and the next command that reads them rebuilds them from the log',
      },
    });
  });
});

describe('rm_meta dropped', () => {
  it('rebuilds them saying the table is missing', async () => {
    const store = editedCopy(base, join(dir, 'no-rm-meta.sqlite'), (db) => db.exec('DROP TABLE rm_meta'));
    const status = await kbOn(store, 'status');
    expect(status.code).toBe(0);
    expect(status.out.stderr).toEqual([
      `kb: the read models in ${store} lack the table rm_meta (dropped since they were built), so they cannot answer as they are; rebuilding them from the log (31 positions) before answering`,
    ]);
    expect(khorogContested(status.text)).toBe(true);
  });
});
