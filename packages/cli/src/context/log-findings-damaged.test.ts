// The findings a command keeps of a log rewritten or cut back (rm_log_findings, which no rebuild
// drops) on a page SQLite cannot read. The chain beside them is intact: kb verify walks it and
// names the findings' table among the file's damage, failing the check (a finding unread may be
// there); the read commands answer from the log folded in memory, naming the table.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy, rootPage, zeroPage } from '../testing/damaged-copies.js';

const { dir } = testFolder('kb-findings-damaged-');
const base = join(dir, 'base.sqlite');
const store = join(dir, 'findings-zeroed.sqlite');
let kept = 0;

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
  // The last event cut off, the head set to match: the next command keeps the finding.
  editedCopy(base, store, (db) => {
    kept = (db.prepare('SELECT max(position) FROM events').pluck().get() as number) - 1;
    db.prepare('DELETE FROM events WHERE position > ?').run(kept);
    db.prepare(
      'UPDATE head SET count = @kept, last_position = @kept, last_hash = (SELECT hash FROM events WHERE position = @kept)',
    ).run({ kept });
  });
  expect((await kbOn(store, 'status')).err).toContain(
    'This finding is kept in the file (table rm_log_findings)',
  );
  zeroPage(store, rootPage('rm_log_findings'));
});

describe('the findings kept in the file, on a damaged page', () => {
  it('kb verify walks the chain all the same, and fails naming the findings table', async () => {
    const verify = await kbOn(store, 'verify', '--json');
    expect(verify.code).toBe(1);
    expect(verify.out.json_[0]).toMatchObject({
      ok: false,
      checked: kept,
      firstBreak: null,
      logFindings: [],
    });
    const damage = (verify.out.json_[0] as { file: { damage: string[] } }).file.damage;
    expect(damage).toEqual([
      'rm_log_findings, the findings commands kept of a log rewritten or cut back: database disk image is malformed, so they cannot be read',
    ]);
    const text = await kbOn(store, 'verify');
    expect(text.code).toBe(1);
    expect(text.text).toMatch(/^ok: \d+ events checked; the hash chain is intact$/m);
    expect(text.text).toContain('  rm_log_findings, the findings commands kept');
  });

  it('the read commands answer from the log folded in memory, naming the table', async () => {
    const status = await kbOn(store, 'status');
    expect(status.code).toBe(0);
    expect(status.err).toContain(
      `kb: the read models in ${store} cannot be used as they are (rm_log_findings is damaged (database disk image is malformed))`,
    );
    expect(status.text).toMatch(/^tj-khorog-consulate .* contested /m);
  });
});
