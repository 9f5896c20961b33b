import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { READ_MODEL_SCHEMA } from '@kb/projections';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import type { ProgressSink } from '../render/progress.js';
import { capture, testFolder } from '../testing/cli-test-kit.js';
import { keptFindingsNotice } from './log-cut-notices.js';
import { openForRead } from './open-context.js';

const DATASET = fileURLToPath(new URL('../../../../examples/central-asia-2023.ndjson', import.meta.url));
const { dir } = testFolder('kb-open-');

/** A progress sink that keeps what it was told, and the size of the catch-up it was made for. */
function recorder() {
  const made: { positions: number; updates: [number, number | null][]; finished: number }[] = [];
  const factory = (positions: number): ProgressSink => {
    const entry = { positions, updates: [] as [number, number | null][], finished: 0 };
    made.push(entry);
    return {
      update: (done, total) => entry.updates.push([done, total]),
      finish: () => {
        entry.finished += 1;
      },
    };
  };
  return { made, factory };
}

describe('openForRead', () => {
  it('reports the read models catching up, position by position, up to the head of the log', async () => {
    const store = join(dir, 'kb.sqlite');
    const silent = { text() {}, async json() {}, async jsonArray() {}, error() {} };
    // The bundled dataset, ingested without building the read models first.
    expect(await run(['ingest', DATASET, '--store', store], silent)).toBe(0);
    const first = recorder();
    const ctx = await openForRead(
      { store, eventstore: null, json: false, debug: false },
      { progressFor: first.factory },
    );
    let last = 0;
    for await (const e of ctx.kb.store.readAll()) last = e.position;
    expect(last).toBeGreaterThan(0);
    await ctx.close();
    const [made] = first.made;
    expect(made?.positions).toBe(last);
    expect(made?.updates.at(-1)).toEqual([last, last]);
    const dones = made?.updates.map(([done]) => done) ?? [];
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(made?.finished).toBe(1);

    // Caught up: the next reader has nothing to catch up and is told so.
    const again = recorder();
    const ctx2 = await openForRead(
      { store, eventstore: null, json: false, debug: false },
      { progressFor: again.factory },
    );
    expect(ctx2.caughtUp).toBe(0);
    await ctx2.close();
    expect(again.made).toEqual([{ positions: 0, updates: [], finished: 1 }]);
  });

  it('says why, and shows the whole log as progress, when stored read models must be rebuilt', async () => {
    const store = join(dir, 'stale.sqlite');
    const global = { store, eventstore: null, json: false, debug: false };
    const silent = { text() {}, async json() {}, async jsonArray() {}, error() {} };
    expect(await run(['ingest', DATASET, '--store', store], silent)).toBe(0);
    const fresh = await openForRead(global, { progressFor: recorder().factory, notice: () => undefined });
    let last = 0;
    for await (const e of fresh.kb.store.readAll()) last = e.position;
    await fresh.close();

    for (const [key, value, words] of [
      ['version', '999', 'by another version of the projection'],
      ['schema', '1', 'in an older table layout'],
      // Built by a later kb: not "older"; rebuilt here all the same, in this kb's layout.
      [
        'schema',
        '99',
        `in a newer table layout (schema 99; this kb writes ${READ_MODEL_SCHEMA}: a later kb built them, and rebuilds them again when it reads them next)`,
      ],
      ['schema', 'x7', 'in another table layout'],
    ] as const) {
      const db = new BetterSqlite3(store);
      db.prepare('UPDATE rm_meta SET value = ? WHERE key = ?').run(value, key);
      db.close();
      const notices: string[] = [];
      const progress = recorder();
      const ctx = await openForRead(global, {
        progressFor: progress.factory,
        notice: (l) => notices.push(l),
      });
      expect(ctx.caughtUp).toBe(last);
      expect(ctx.view.claimsOfMission('tj-khorog-consulate')).toHaveLength(3);
      await ctx.close();
      expect(notices).toEqual([
        `kb: the read models in ${store} were built ${words}; rebuilding them from the log (${last} positions) before answering`,
      ]);
      expect(progress.made[0]?.positions).toBe(last);
      expect(progress.made[0]?.updates.at(-1)).toEqual([last, last]);
    }

    // Rebuilt and current again: the next reader is told nothing.
    const notices: string[] = [];
    const ctx = await openForRead(global, {
      progressFor: recorder().factory,
      notice: (l) => notices.push(l),
    });
    expect(ctx.caughtUp).toBe(0);
    await ctx.close();
    expect(notices).toEqual([]);
  });
});

describe('openForWrite', () => {
  it('takes an --eventstore that is no connection string for a bad option value: exit 2, for every command', async () => {
    for (const command of [['status'], ['mission', 'Khorog'], ['ingest', DATASET], ['verify'], ['log']]) {
      const out = capture();
      const code = await run([...command, '--eventstore', 'notaurl'], out);
      expect({ command: command[0], code }).toEqual({ command: command[0], code: 2 });
      expect(out.stdout).toEqual([]);
      expect(out.stderr.join('\n')).toMatch(
        /^kb: --eventstore: invalid EventStoreDB connection string "notaurl"/,
      );
    }
  });
});

describe('keptFindingsNotice', () => {
  const finding = (foundAt: string, position: number) => ({
    foundAt,
    position,
    expectedHash: 'a'.repeat(64),
    foundHash: null,
    logEnd: position - 1,
  });

  it('says nothing without findings, names one by its day and position, and counts several', () => {
    expect(keptFindingsNotice('/data/kb.sqlite', [])).toBeNull();
    expect(keptFindingsNotice('/data/kb.sqlite', [finding('2026-12-01T10:00:00.000Z', 48)])).toBe(
      'kb: WARNING: /data/kb.sqlite records that a command found, on 2026-12-01T10:00:00.000Z, its log no longer holding the event the read models had applied at position 48: the log was rewritten or cut back since, and answers come from the log as it is now. kb verify --store /data/kb.sqlite lists the finding.',
    );
    expect(
      keptFindingsNotice('/my data/kb.sqlite', [
        finding('2026-12-01T10:00:00.000Z', 48),
        finding('2026-12-03T10:00:00.000Z', 40),
      ]),
    ).toBe(
      "kb: WARNING: /my data/kb.sqlite records 2 findings, the first on 2026-12-01T10:00:00.000Z, of its log no longer holding an event the read models had applied: the log was rewritten or cut back since, and answers come from the log as it is now. kb verify --store '/my data/kb.sqlite' lists them.",
    );
  });
});
