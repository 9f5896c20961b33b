// Read models edited or damaged in the file, not through kb: a table dropped, rows that do not parse,
// a checkpoint moved back, a page zeroed. The log beside them is intact, so every read command answers
// from it (rebuilding the read models, or folding the log in memory) and says so on stderr, never
// an answer from what is left, nor a bare SQLite or JSON error.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy, lastLeafPage, rootPage, zeroPage } from '../testing/damaged-copies.js';

const { dir } = testFolder('kb-rm-damaged-');
const base = join(dir, 'base.sqlite');

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
  expect((await kbOn(base, 'status')).code).toBe(0);
});

/** A copy of the caught-up demo store with `edit` run on it. */
function edited(name: string, edit: (db: BetterSqlite3.Database) => void): string {
  return editedCopy(base, join(dir, `${name}.sqlite`), edit);
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

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The note a read command gives for read models that cannot answer, naming what is wrong. */
const fellBack = (store: string, what: string) =>
  `kb: the read models in ${store} cannot be used as they are (${what}); this answers from the log folded in memory instead, which takes longer, and leaves the file as it is. kb verify --read-models compares them with the log; kb rebuild remakes them from it.`;

describe('read-model rows that do not parse, or a checkpoint moved back', () => {
  it('are answered past from the log folded in memory, the file left as it is, with a note naming the table', async () => {
    let position = 0;
    const history = edited('history', (db) => {
      position = db
        .prepare("SELECT position FROM rm_claims WHERE id = 'diplomat-2023-03-khorog-denial'")
        .pluck()
        .get() as number;
      db.prepare("UPDATE rm_claims SET history = '{not json' WHERE position = ?").run(position);
    });
    const before = digest(history);
    const mission = await kbOn(history, 'mission', 'Khorog');
    expect(mission.code).toBe(0);
    expect(mission.text).toMatch(/^Status: CONTESTED$/m);
    expect(mission.out.stderr).toEqual([
      fellBack(history, `rm_claims: the history of the claim at position ${position} is not JSON`),
    ]);
    expect(digest(history)).toBe(before);

    const body = edited('mission-body', (db) =>
      db.exec("UPDATE rm_missions SET body = '{' WHERE id = 'tj-khorog-consulate'"),
    );
    const status = await kbOn(body, 'status');
    expect(status.code).toBe(0);
    expect(khorogStatus(status.text)).toBe(true);
    expect(status.out.stderr).toEqual([
      fellBack(body, 'rm_missions: the record of tj-khorog-consulate is not JSON'),
    ]);

    const back = edited('checkpoint-back', (db) => {
      db.exec("UPDATE rm_meta SET value = '20' WHERE key = 'checkpoint'");
      db.exec(
        "UPDATE rm_meta SET value = (SELECT hash FROM events WHERE position = 20) WHERE key = 'checkpoint_hash'",
      );
    });
    const beforeBack = digest(back);
    const fromBack = await kbOn(back, 'status');
    expect(fromBack.code).toBe(0);
    expect(khorogStatus(fromBack.text)).toBe(true);
    expect(fromBack.out.stderr).toEqual([
      fellBack(
        back,
        'rm_meta: their checkpoint, position 20, is behind claims rm_claims holds, so a catch-up would write them again',
      ),
    ]);
    expect(digest(back)).toBe(beforeBack);
    // kb rebuild remakes them, and the commands answer from them again, saying nothing.
    expect((await kbOn(back, 'rebuild')).code).toBe(0);
    expect((await kbOn(back, 'status')).err).toBe('');
  });
});

describe('read-model records that parse but are not records', () => {
  it('are answered past by every read command, which ask their whole question of the fold, the file left as it is', async () => {
    const sourceNull = edited('source-null', (db) => db.exec("UPDATE rm_sources SET body = 'null'"));
    const reportList = edited('report-list', (db) => db.exec("UPDATE rm_reports SET body = '[]'"));
    const historyNull = edited('history-null', (db) =>
      db.exec("UPDATE rm_claims SET history = 'null' WHERE id = 'diplomat-2023-03-khorog-denial'"),
    );
    const reads = [
      ['trace', 'diplomat-2023-03-khorog-denial'],
      ['mission', 'Khorog'],
      ['status', '--json'],
      ['sources'],
      ['timeline', 'Khorog'],
    ];
    const control = Object.fromEntries(
      await Promise.all(
        reads.map(async (args) => [args.join(' '), (await kbOn(base, ...args)).text] as const),
      ),
    );
    for (const [store, what] of [
      [sourceNull, 'rm_sources: the record of the-diplomat is JSON but not a record'],
      [reportList, expect.stringMatching(/^rm_reports: the record of \S+ is JSON but not a record$/)],
      [
        historyNull,
        expect.stringMatching(
          /^rm_claims: the history of the claim at position \d+ holds an entry that is not a record$/,
        ),
      ],
    ] as const) {
      const before = digest(store);
      let noted = 0;
      for (const args of reads) {
        const read = await kbOn(store, ...args);
        expect([args, read.code], read.err).toEqual([args, 0]);
        // The same answer as from intact read models, with the note naming what is wrong, or none
        // where the command's question never reads the edited record.
        expect(read.text).toBe(control[args.join(' ')]);
        noted += read.out.stderr.length;
        for (const line of read.out.stderr) {
          const named = /cannot be used as they are \((.*)\); this answers/.exec(line)?.[1];
          expect(named).toEqual(what);
        }
      }
      expect(noted).toBeGreaterThan(0);
      expect(digest(store)).toBe(before);
    }
  });
});

describe('a damaged page in a read-model table', () => {
  /** A copy whose rm_claims root page (a leaf, in a store this small) is zeroed. */
  const zeroed = (name: string) => {
    const path = edited(name, () => undefined);
    zeroPage(path, rootPage('rm_claims'));
    return path;
  };

  it('is answered past by the read commands, named by verify --read-models, and said plainly by kb rebuild', async () => {
    const store = zeroed('zeroed');
    const before = digest(store);
    for (const args of [['status'], ['mission', 'Khorog'], ['trace', 'diplomat-2023-03-khorog-denial']]) {
      const read = await kbOn(store, ...args);
      expect(read.code, read.err).toBe(0);
      expect(read.out.stderr).toEqual([
        fellBack(store, 'rm_claims is damaged (database disk image is malformed)'),
      ]);
    }
    expect(khorogStatus((await kbOn(store, 'status')).text)).toBe(true);
    expect(digest(store)).toBe(before);

    const verify = await kbOn(store, 'verify', '--read-models', '--json');
    expect(verify.code).toBe(1);
    expect(verify.out.json_).toEqual([
      expect.objectContaining({
        readModels: {
          ok: false,
          state: 'failed',
          reason: 'rm_claims is damaged (database disk image is malformed)',
          findings: [],
        },
      }),
    ]);

    const rebuild = await kbOn(store, 'rebuild');
    expect(rebuild.code).toBe(1);
    expect(rebuild.err).toContain(
      `kb: the read models in ${store} cannot be rebuilt in place: rm_claims is damaged (database disk image is malformed), and SQLite cannot drop a table whose pages it cannot read, so nothing was changed. The log's own tables read through`,
    );
    expect(rebuild.err).toContain('.dump events head meta event_ids_1 event_ids_2 rm_log_findings');
    expect(digest(store)).toBe(before);
  });
});

describe('a damaged page of rm_meta, which holds the checkpoint', () => {
  it('is answered past by the read commands, and said plainly by kb rebuild, the file left as it was', async () => {
    const store = edited('zeroed-meta', () => undefined);
    zeroPage(store, rootPage('rm_meta'));
    const before = digest(store);
    const status = await kbOn(store, 'status');
    expect(status.code).toBe(0);
    expect(status.out.stderr).toEqual([
      fellBack(store, 'rm_meta is damaged (database disk image is malformed)'),
    ]);
    expect(khorogStatus(status.text)).toBe(true);
    const rebuild = await kbOn(store, 'rebuild');
    expect(rebuild.code).toBe(1);
    expect(rebuild.err).toContain(
      `kb: the read models in ${store} cannot be rebuilt in place: rm_meta is damaged (database disk image is malformed), and SQLite cannot drop a table whose pages it cannot read, so nothing was changed. The log's own tables read through`,
    );
    expect(digest(store)).toBe(before);
  });
});

describe('kb rebuild on a log whose own page is damaged', () => {
  it('does not say that nothing was changed: the read models were reset before the log was read', async () => {
    const path = edited('events-page', () => undefined);
    zeroPage(path, lastLeafPage('events'));
    const rebuild = await kbOn(path, 'rebuild');
    expect(rebuild.code).toBe(1);
    expect(rebuild.err).toMatch(/malformed/);
    expect(rebuild.err).not.toContain('so nothing was changed');
  });
});
