// SQLite's check of the log's tables can fail for a reason that says nothing of the file's pages
// (busy, out of memory). kb verify must then say it could not check: neither "intact" nor a
// finding of damage, which an auditor would take as a fact about the evidence.
import { failQuickCheck } from '@kb/store/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { demoKnowledgeBase } from '../testing/cli-test-kit.js';

const base = demoKnowledgeBase('kb-verify-not-checked-');

/** quick_check of `head` fails as SQLite's busy error, on any connection in this process. */
let restore = () => {};
const busyQuickCheck = () => {
  restore = failQuickCheck('head', 'SQLITE_BUSY', 'database is locked');
};
afterEach(() => restore());

describe('kb verify when SQLite cannot run its own check', () => {
  it('says it could not check, exits 1, and lists no damage', async () => {
    busyQuickCheck();
    const run = await base.kb('verify');
    expect(run.code).toBe(1);
    expect(run.text).toMatch(
      /^NOT CHECKED: SQLite's check of the table head \(PRAGMA quick_check\) could not run: database is locked \(SQLITE_BUSY\); this says nothing of damage, so nothing was found broken or sound; run kb verify again$/,
    );
    expect(run.text).not.toMatch(/BROKEN|intact/);
  });

  it('gives scripts the one answer shape, with the reason and no file findings', async () => {
    busyQuickCheck();
    const run = await base.kb('verify', '--json');
    expect(run.code).toBe(1);
    expect(run.out.json_).toEqual([
      expect.objectContaining({
        ok: false,
        file: null,
        firstBreak: null,
        error: expect.stringMatching(/could not run: database is locked/),
      }),
    ]);
  });

  it('verifies as before once the check runs', async () => {
    const run = await base.kb('verify');
    expect(run.code, run.text).toBe(0);
    expect(run.text).toMatch(/^ok: \d+ events checked; the hash chain is intact/);
  });
});
