// What an auditor's commands tell the user, held where a mutation pass found nothing holding it:
// kb demo's replay to the article's date (U1, U2), kb trace's scope of a claim not found (U5) and
// its warning on an edited event (U6), and kb rebuild on read models whose checkpoint was edited
// in the file, not the log (U7).
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy } from '../testing/damaged-copies.js';

const { dir } = testFolder('kb-auditor-gaps-');
const base = join(dir, 'base.sqlite');
const VISIT = 'diplomat-2023-03-khorog-visit';
const REPLAY = 'world time up to 2023-03-28; reports published by 2023-03-28; everything recorded so far';

beforeAll(async () => {
  const demo = await kbOn(base, 'demo');
  if (demo.code !== 0) throw new Error(`kb demo failed with ${demo.code}: ${demo.err}`);
});

/** A copy of the demo store with `edit` run on it. */
const edited = (name: string, edit: (db: BetterSqlite3.Database) => void): string =>
  editedCopy(base, join(dir, `${name}.sqlite`), edit);

describe('kb demo (U1, U2)', () => {
  it("replays the world and the reports to the article's date, in the table's heading and Khorog's", async () => {
    const demo = await kbOn(base, 'demo');
    expect(demo.code).toBe(0);
    expect(demo.out.stdout.join('\n').split('\n')).toContain(`Missions (${REPLAY}): 12`);
    expect(demo.text).toContain(`Replayed to: ${REPLAY}\n`);
    expect(demo.text).not.toContain('all world time');
    expect(demo.text).not.toContain('every report');
  });
});

describe('kb trace of a claim not in the knowledge base (U5)', () => {
  it('names the --recorded-at it looked as of', async () => {
    const trace = await kbOn(base, 'trace', 'nosuchclaim', '--recorded-at', '2026-01-01');
    expect(trace.code).toBe(1);
    expect(trace.err).toContain('kb: no claim "nosuchclaim" in the knowledge base as recorded by 2026-01-01');
  });
});

describe('kb trace of a claim whose stored event data was edited (U6)', () => {
  it('warns of it, and ends the warning by pointing to kb verify', async () => {
    const store = edited('edited-data', (db) => {
      const changed = db
        .prepare(
          "UPDATE events SET data = data || ' ' WHERE type = 'ClaimRecorded' AND data ->> '$.claimId' = ?",
        )
        .run(VISIT).changes;
      expect(changed).toBe(1);
    });
    const trace = await kbOn(store, 'trace', VISIT);
    const warning = trace.out.stderr.find((line) => line.includes('WARNING'));
    expect(warning).toMatch(/altered in the store after being recorded/);
    expect(warning).toMatch(/\. kb verify checks the whole log\.$/);
  });
});

describe('kb rebuild on read models whose checkpoint was edited, the log intact (U7)', () => {
  it('rebuilds them and stores no finding on the log: kb verify then says ok and exits 0', async () => {
    const store = edited('checkpoint-edited', (db) => {
      db.prepare("UPDATE rm_meta SET value = '40' WHERE key = 'checkpoint'").run();
    });
    const rebuild = await kbOn(store, 'rebuild');
    expect(rebuild.code).toBe(0);
    expect(rebuild.err).toMatch(/their checkpoint \(or its hash\) was edited in the file, not the log/);
    for (let i = 0; i < 2; i++) {
      const verify = await kbOn(store, 'verify');
      expect(verify.err).toBe('');
      expect(verify.text).toMatch(/^ok: 31 events checked; the hash chain is intact/);
      expect(verify.code).toBe(0);
    }
  });
});
