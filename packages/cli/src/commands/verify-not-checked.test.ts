// SQLite's check of the log's tables can fail for a reason that says nothing of the file's pages
// (busy, out of memory). kb verify must then say it could not check: neither "intact" nor a
// finding of damage, which an auditor would take as a fact about the evidence.

import { join } from 'node:path';
import { failQuickCheck } from '@kb/store/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { demoKnowledgeBase, kbOn } from '../testing/cli-test-kit.js';
import { editedCopy } from '../testing/damaged-copies.js';

const base = demoKnowledgeBase('kb-verify-not-checked-');

/** quick_check of `head` fails as SQLite's busy error, on any connection in this process. */
let restore = () => {};
const busyQuickCheck = () => {
  restore = failQuickCheck('head', 'SQLITE_BUSY', 'database is locked');
};
afterEach(() => restore());

const UNCHECKED =
  "SQLite's check of the table head (PRAGMA quick_check) could not run: database is locked (SQLITE_BUSY)";

describe('kb verify when SQLite cannot run its own check', () => {
  it('says the chain verified but the file was not checked, and exits 1, listing no damage', async () => {
    busyQuickCheck();
    const run = await base.kb('verify');
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/^ok: \d+ events checked; the hash chain is intact/);
    expect(run.text).toContain(
      `NOT CHECKED: ${UNCHECKED}. That says nothing of damage: the file around the log was found neither damaged nor sound, so this check fails; run kb verify again.`,
    );
    expect(run.text).not.toMatch(/BROKEN/);
  });

  it('gives scripts the report with the reason in file.unchecked', async () => {
    busyQuickCheck();
    const run = await base.kb('verify', '--json');
    expect(run.code).toBe(1);
    expect(run.out.json_).toEqual([
      expect.objectContaining({
        ok: false,
        firstBreak: null,
        file: { damage: [], foreign: [], unchecked: UNCHECKED },
      }),
    ]);
  });

  it('still names a break the walk found, with the check that could not run beside it', async () => {
    const copy = join(base.dir, 'edited.sqlite');
    editedCopy(base.store, copy, (db) => db.exec("UPDATE events SET data = '{}' WHERE position = 5"));
    busyQuickCheck();
    const run = await kbOn(copy, 'verify');
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/^BROKEN at position 5: /);
    expect(run.text).toContain(`NOT CHECKED: ${UNCHECKED}.`);
  });

  it('verifies as before once the check runs', async () => {
    const run = await base.kb('verify');
    expect(run.code, run.text).toBe(0);
    expect(run.text).toMatch(/^ok: \d+ events checked; the hash chain is intact/);
  });
});
