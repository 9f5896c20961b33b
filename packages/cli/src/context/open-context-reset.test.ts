// A kb rebuild in another process resets the read models just after this command's catch-up, before
// it takes the snapshot it answers from: the command catches up again rather than answer from the
// emptied tables, and after five resets in a row answers from the log folded in memory.
import { join } from 'node:path';
import {
  knowledgeView,
  loadKnowledge,
  openReadModels,
  type RecordedEvent,
  toRecordedEvent,
} from '@kb/projections';
import { openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import type { ProgressSink } from '../render/progress.js';
import { EXAMPLES, testFolder } from '../testing/cli-test-kit.js';
import { openForRead } from './open-context.js';

const { dir } = testFolder('kb-open-reset-');
const silent = { text() {}, async json() {}, async jsonArray() {}, error() {} };

/**
 * A store of the bundled dataset with caught-up read models, what the whole log answers, and
 * `resetElsewhere`: another connection starts a rebuild, emptying the tables and applying the log's
 * first three events, as a kb rebuild elsewhere would have got that far (synchronously, as its
 * transactions are). `close` closes that connection.
 */
async function datasetStore(name: string) {
  const store = join(dir, name);
  expect(await run(['ingest', EXAMPLES, '--store', store], silent)).toBe(0);
  expect(await run(['status', '--store', store], silent)).toBe(0);
  const other = openSqliteStore({ path: store });
  const whole = knowledgeView(await loadKnowledge(other));
  const head: RecordedEvent[] = [];
  for await (const stored of other.readAll({ maxCount: 3 })) head.push(toRecordedEvent(stored));
  const models = openReadModels(other.database);
  const resetElsewhere = () => {
    models.startRebuild();
    expect(models.applyChunk(head, head.at(-1)!.envelope.position, null)).toBe(true);
  };
  return { store, missions: whole.listMissions().length, resetElsewhere, close: () => other.close() };
}

/** Progress whose finish (the end of each catch-up) resets the read models elsewhere, `times` times. */
function resettingProgress(resetElsewhere: () => void, times: number) {
  const state = { resets: 0 };
  const progressFor = (): ProgressSink => ({
    update() {},
    finish() {
      if (state.resets >= times) return;
      state.resets += 1;
      resetElsewhere();
    },
  });
  return { state, progressFor };
}

describe('openForRead beside a rebuild in another process', () => {
  it('catches up again when the read models were reset after its catch-up', async () => {
    const { store, missions, resetElsewhere, close } = await datasetStore('once.sqlite');
    const notices: string[] = [];
    const { state, progressFor } = resettingProgress(resetElsewhere, 1);
    const ctx = await openForRead(
      { store, eventstore: null, json: false, debug: false },
      { progressFor, notice: (l) => notices.push(l) },
    );
    try {
      expect(state.resets).toBe(1);
      expect(ctx.view.listMissions()).toHaveLength(missions);
      expect(ctx.view.claimsOfMission('tj-khorog-consulate')).toHaveLength(3);
      expect(ctx.caughtUp).toBeGreaterThan(0);
      expect(notices).toEqual([]);
    } finally {
      await ctx.close();
      await close();
    }
  });

  it('answers from the log folded in memory after five resets in a row, and says so', async () => {
    const { store, missions, resetElsewhere, close } = await datasetStore('always.sqlite');
    const notices: string[] = [];
    const { state, progressFor } = resettingProgress(resetElsewhere, Number.POSITIVE_INFINITY);
    const ctx = await openForRead(
      { store, eventstore: null, json: false, debug: false },
      { progressFor, notice: (l) => notices.push(l) },
    );
    try {
      expect(state.resets).toBe(5);
      expect(notices).toEqual([
        `kb: the read models in ${store} were reset by another process (kb rebuild) each of the 5 times this one caught up; this answers from the log folded in memory instead`,
      ]);
      expect(ctx.view.listMissions()).toHaveLength(missions);
      expect(ctx.view.claimsOfMission('tj-khorog-consulate')).toHaveLength(3);
    } finally {
      await ctx.close();
      await close();
    }
  });
});
