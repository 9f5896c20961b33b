// A log cut back to an earlier event, its head row set to match, verifies on its own; the read models
// beside it still hold what was cut off, at a checkpoint the log no longer holds. Every command that
// reads them must notice, say so, and rebuild them from the log before answering, including through
// the private copy of a write-protected file; `kb verify --read-models` still reports it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { KB_BIN, kbChild, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-cut-');
const base = join(dir, 'base.sqlite');
let last: number;
/** The hash of the event at `last`, which the read models applied and the cut takes off. */
let lastHash: string;

const LATER = [
  {
    type: 'correction',
    claim: 'diplomat-2023-03-khorog-visit',
    reason: 'date',
    changes: { occurred: '2023-03-22' },
  },
  {
    type: 'retraction',
    claim: 'diplomat-2023-03-khorog-denial',
    reason: 'withdrawn',
    source: { outlet: 'Tolo News', published: '2023-04-02' },
    quote: 'withdrawn',
  },
];
const NEW_OUTLET = {
  id: 'new-outlet-claim',
  mission: 'tj-khorog-consulate',
  kind: 'visit',
  stance: 'asserts',
  controller: 'taliban',
  occurred: '2023-03-25',
  claimant: 'Taliban Foreign Ministry spokesman',
  source: { outlet: 'Brand New Outlet', published: '2023-03-29' },
  quote: 'new',
};

function ndjson(name: string, records: readonly object[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}

/** A copy of the caught-up store with its last event cut off and the head row set to match. */
function cutCopy(name: string): string {
  const path = join(dir, name);
  copyFileSync(base, path);
  const db = new BetterSqlite3(path);
  const hash = db
    .prepare('SELECT hash FROM events WHERE position = ?')
    .pluck()
    .get(last - 1);
  db.prepare('DELETE FROM events WHERE position = ?').run(last);
  db.prepare('UPDATE head SET count = ?, last_position = ?, last_hash = ?').run(last - 1, last - 1, hash);
  db.close();
  return path;
}

const retracted = (trace: string) => /^\s*retracted\s/m.test(trace);

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
  expect((await kbOn(base, 'ingest', ndjson('later.ndjson', LATER))).code).toBe(0);
  // Caught up to the retraction, the last event, which the cut takes off.
  const trace = await kbOn(base, 'trace', 'diplomat-2023-03-khorog-denial');
  expect(retracted(trace.text)).toBe(true);
  const db = new BetterSqlite3(base, { readonly: true });
  last = db.prepare('SELECT max(position) FROM events').pluck().get() as number;
  expect(db.prepare('SELECT type FROM events WHERE position = ?').pluck().get(last)).toBe('ClaimRetracted');
  lastHash = db.prepare('SELECT hash FROM events WHERE position = ?').pluck().get(last) as string;
  db.close();
});

describe('read models caught up past a log cut back since', () => {
  it('are rebuilt by the next command that reads them, which says so loudly first and keeps the finding', async () => {
    const store = cutCopy('cut.sqlite');
    const verify = await kbOn(store, 'verify', '--read-models');
    expect(verify.code).toBe(1);
    expect(verify.text).toContain(
      `their checkpoint, position ${last}, is past the log's last event, position ${last - 1}`,
    );

    const trace = await kbOn(store, 'trace', 'diplomat-2023-03-khorog-denial');
    expect(trace.code).toBe(0);
    expect(trace.out.stderr).toEqual([
      `kb: WARNING: the log in ${store} no longer holds the event the read models applied at position ${last} (hash ${lastHash}): it was rewritten or cut back since (it ends at position ${last - 1}). kb verify --anchor ${lastHash} --store ${store} fails if the log no longer holds that event. This finding is kept in the file (table rm_log_findings), which kb verify reports. The read models cannot be caught up as they are; rebuilding them from the log (${last - 1} positions) before answering`,
    ]);
    expect(retracted(trace.text)).toBe(false);
    // Rebuilt, so nothing is rebuilt again, but every later command says the finding is on record,
    // and verify finds the read models as a rebuild writes them.
    const again = await kbOn(store, 'mission', 'Khorog');
    const kept = new BetterSqlite3(store, { readonly: true });
    const foundAt = kept.prepare('SELECT found_at FROM rm_log_findings').pluck().get() as string;
    kept.close();
    const reminder = `kb: WARNING: ${store} records that a command found, on ${foundAt}, its log no longer holding the event the read models had applied at position ${last}: the log was rewritten or cut back since, and answers come from the log as it is now. kb verify --store ${store} lists the finding.`;
    expect(again.out.stderr).toEqual([reminder]);
    expect((await kbOn(store, 'status')).out.stderr).toEqual([reminder]);
    // The finding outlives the rebuild, and kb verify --read-models names it.
    const after = await kbOn(store, 'verify', '--read-models', '--json');
    const readModels = (after.out.json_[0] as { readModels: { state: string; findings: unknown[] } })
      .readModels;
    expect(readModels.state).toBe('checked');
    expect(readModels.findings).toEqual([
      {
        foundAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        position: last,
        expectedHash: lastHash,
        foundHash: null,
        logEnd: last - 1,
      },
    ]);
    const text = await kbOn(store, 'verify', '--read-models');
    expect(text.text).toContain(
      `Log changed: the file records that a command found the log no longer holding an event the read models had applied (once)`,
    );
    expect(text.text).toContain(
      `the log no longer held the event the read models applied at position ${last} (hash ${lastHash}) (it ends at position ${last - 1})`,
    );
  });

  it('are kept as a finding by kb rebuild too, which says so before rebuilding', async () => {
    const store = cutCopy('cut-rebuild.sqlite');
    const rebuild = await kbOn(store, 'rebuild');
    expect(rebuild.code).toBe(0);
    expect(rebuild.err).toContain(
      `kb: WARNING: the log in ${store} no longer holds the event the read models applied at position ${last} (hash ${lastHash})`,
    );
    const db = new BetterSqlite3(store, { readonly: true });
    expect(db.prepare('SELECT position, expected_hash, found_hash FROM rm_log_findings').all()).toEqual([
      { position: last, expected_hash: lastHash, found_hash: null },
    ]);
    db.close();
  });

  it('are rebuilt when the log was written on since the cut, so the new events are not taken for applied', async () => {
    const store = cutCopy('cut-then-ingest.sqlite');
    expect((await kbOn(store, 'ingest', ndjson('new.ndjson', [NEW_OUTLET]))).code).toBe(0);
    // No longer past the log's end: the event at the checkpoint is another one.
    const verify = await kbOn(store, 'verify', '--read-models');
    expect(verify.code).toBe(1);
    expect(verify.text).toContain(
      `the event at their checkpoint, position ${last}, is not the one they applied there: the log was cut back and written on since`,
    );

    const sources = await kbOn(store, 'sources', '--json');
    expect(sources.code).toBe(0);
    expect(sources.err).toMatch(
      new RegExp(
        `^kb: WARNING: the log in .* does not hold the event the read models applied at position ${last} \\(hash ${lastHash}\\): either the log was rewritten or cut back since \\(it holds another event there, hash [0-9a-f]{64}, and ends at position ${last + 2}\\), or the hash the read models kept was edited in the file\\. A hash of that event kept outside the file tells which: kb verify --anchor HASH --store .* fails if the log no longer holds it\\.`,
      ),
    );
    expect(sources.text).toContain('Brand New Outlet');
    // The read models are a rebuild's now; the finding kept in the file fails plain verify, which
    // says what the chain alone could not.
    const after = await kbOn(store, 'verify', '--read-models');
    expect(after.code).toBe(1);
    expect(after.text).toContain('Read models: the same as a rebuild from the log');
    const plain = await kbOn(store, 'verify', '--json');
    expect(plain.code).toBe(1);
    const answer = plain.out.json_[0] as {
      ok: boolean;
      firstBreak: unknown;
      logFindings: { position: number }[];
    };
    expect(answer).toMatchObject({ ok: false, firstBreak: null });
    expect(answer.logFindings.map((f) => f.position)).toEqual([last]);
    const text = await kbOn(store, 'verify');
    expect(text.text).toContain(
      'Log changed: the file records that a command found the log no longer holding',
    );
  });
});

describe('a finding the file cannot take', () => {
  it('is said all the same, with a warning that it was not kept, and the command still answers', async () => {
    const store = cutCopy('cut-unwritable-findings.sqlite');
    const db = new BetterSqlite3(store);
    db.exec('CREATE VIEW rm_log_findings AS SELECT 1 AS found_at');
    db.close();
    const status = await kbOn(store, 'status');
    expect(status.code).toBe(0);
    expect(status.out.stderr[0]).toMatch(
      /^kb: WARNING: the log in .* no longer holds the event the read models applied/,
    );
    expect(status.out.stderr[1]).toMatch(
      /^kb: warning: that finding could not be kept in .* \(cannot modify rm_log_findings because it is a view\); the warning above is all that says so$/,
    );
  });
});

describe('read models whose checkpoint was edited, the log left as it was', () => {
  it('are rebuilt, said to be edited themselves, and no change to the log is kept', async () => {
    const store = join(dir, 'checkpoint-forward.sqlite');
    copyFileSync(base, store);
    const db = new BetterSqlite3(store);
    db.prepare("UPDATE rm_meta SET value = ? WHERE key = 'checkpoint'").run(String(last + 9));
    db.close();
    const status = await kbOn(store, 'status');
    expect(status.code).toBe(0);
    expect(status.out.stderr).toEqual([
      `kb: the read models in ${store} name position ${last + 9} as the last they applied, but the log holds the event they applied (hash ${lastHash}) at position ${last}: their checkpoint (or its hash) was edited in the file, not the log; rebuilding them from the log (${last} positions) before answering`,
    ]);
    const after = new BetterSqlite3(store, { readonly: true });
    expect(
      after.prepare("SELECT name FROM sqlite_master WHERE name = 'rm_log_findings'").get(),
    ).toBeUndefined();
    after.close();
  });
});

// As root, permissions do not bind, so the child runs as the unprivileged user 65534 instead (as in
// write-protected.test.ts), when that user can read this checkout.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const childCanRun =
  !asRoot ||
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(KB_BIN)})`], {
    uid: NOBODY,
    gid: NOBODY,
  }).status === 0;

describe.skipIf(!childCanRun)('read models past a cut log, in a write-protected file', () => {
  it('are rebuilt in the private copy the command reads, and the file is left as it was', async () => {
    chmodSync(dir, 0o755);
    const folder = join(dir, 'evidence');
    mkdirSync(folder);
    const store = join(folder, 'kb.sqlite');
    copyFileSync(cutCopy('to-protect.sqlite'), store);
    chmodSync(store, 0o444);
    chmodSync(folder, 0o555);
    try {
      const digest = () => createHash('sha256').update(readFileSync(store)).digest('hex');
      const before = digest();
      const run = await kbChild(['trace', 'diplomat-2023-03-khorog-denial', '--store', store], {
        ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
        cwd: tmpdir(),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/cannot be written here, so this reads a private copy of it/);
      expect(run.stderr).toContain(
        `no longer holds the event the read models applied at position ${last} (hash ${lastHash}): it was rewritten or cut back since (it ends at position ${last - 1})`,
      );
      // Not kept: the file is not written, and the copy goes.
      expect(run.stderr).not.toContain('rm_log_findings');
      expect(retracted(run.stdout)).toBe(false);
      expect(digest()).toBe(before);
    } finally {
      chmodSync(folder, 0o755);
    }
  });
});
