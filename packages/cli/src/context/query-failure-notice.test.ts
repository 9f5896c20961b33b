// A command's question that fails on read models that are intact (a bug in the query's own code,
// say) fails the same way when asked again of the log folded in memory. The command then ends with
// that error alone: no note that the read models "cannot be used", which would send the user to
// verify or rebuild a file with nothing wrong with it. Read models that are damaged still get the
// note, once the fold has answered.
import { join } from 'node:path';
import type { SourceRecord } from '@kb/projections';
import type BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { editedCopy } from '../testing/damaged-copies.js';
import { openForRead } from './open-context.js';

const { dir } = testFolder('kb-query-failure-');
const base = join(dir, 'base.sqlite');

beforeAll(async () => {
  expect((await kbOn(base, 'demo')).code).toBe(0);
  expect((await kbOn(base, 'status')).code).toBe(0);
});

/** A read context on `store` whose notices are kept. */
async function opened(store: string) {
  const notices: string[] = [];
  const ctx = await openForRead(
    { store, eventstore: null, json: false, debug: false },
    { notice: (line) => notices.push(line) },
  );
  return { ctx, notices };
}

const fellBack = /cannot be used as they are/;

describe('a question failing on intact read models', () => {
  it('answer: the question’s own TypeError ends it, with no note blaming the read models', async () => {
    const { ctx, notices } = await opened(base);
    try {
      let asked = 0;
      expect(() =>
        ctx.answer((view) => {
          asked++;
          view.listMissions();
          throw new TypeError('a slip in the query');
        }),
      ).toThrow(new TypeError('a slip in the query'));
      // Asked of the read models, then once of the fold, which failed the same way.
      expect(asked).toBe(2);
      expect(notices).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('answerEach: a list failing part way on both ends with its error, and no note', async () => {
    const { ctx, notices } = await opened(base);
    try {
      const given: string[] = [];
      expect(() => {
        for (const id of ctx.answerEach(function* (view) {
          yield view.listMissions()[0]?.id ?? 'none';
          throw new TypeError('a slip after the first item');
        }))
          given.push(id);
      }).toThrow(new TypeError('a slip after the first item'));
      expect(given).toHaveLength(1);
      expect(notices).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});

describe('a question failing on damaged read models', () => {
  const damaged = (name: string, edit: (db: BetterSqlite3.Database) => void) =>
    editedCopy(base, join(dir, `${name}.sqlite`), edit);

  it('answer: is answered from the fold, and the note is given once, after that answer', async () => {
    const store = damaged('source-null', (db) =>
      db.exec("UPDATE rm_sources SET body = 'null' WHERE id = 'the-diplomat'"),
    );
    const { ctx, notices } = await opened(store);
    try {
      const seenBefore: number[] = [];
      const recorded = ctx.answer((view) => {
        seenBefore.push(notices.length);
        // A record that is `null` in the file fails here, in the question's own code.
        return (view.getSource('the-diplomat') as SourceRecord).recorded.recordedAt;
      });
      expect(recorded).toMatch(/^\d{4}-\d\d-\d\dT/);
      // Neither asking (of the read models, then of the fold) saw the note yet.
      expect(seenBefore).toEqual([0, 0]);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(fellBack);
      expect(notices[0]).toContain('rm_sources: the record of the-diplomat is JSON but not a record');
      // Later questions are answered from the fold without a second note.
      expect(ctx.answer((view) => view.listSources().length)).toBeGreaterThan(0);
      expect(notices).toHaveLength(1);
    } finally {
      await ctx.close();
    }
  });

  it('answerEach: goes on from the fold, and the note comes once the list is whole', async () => {
    const store = damaged('source-null-each', (db) =>
      db.exec("UPDATE rm_sources SET body = 'null' WHERE id = 'the-diplomat'"),
    );
    const { ctx, notices } = await opened(store);
    try {
      const outlets: string[] = [];
      for (const source of ctx.answerEach((view) =>
        view.listSources().map((s) => `${s.id} ${String(view.getSource(s.id)?.recorded !== undefined)}`),
      ))
        outlets.push(source);
      expect(outlets.length).toBeGreaterThan(0);
      expect(outlets.every((line) => line.endsWith(' true'))).toBe(true);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(fellBack);
    } finally {
      await ctx.close();
    }
  });
});
