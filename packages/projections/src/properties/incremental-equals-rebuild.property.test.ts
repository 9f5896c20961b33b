// A checkpointed incremental run equals a rebuild, on a real SQLite store file. Where
// runner/chunking.property.test.ts applies one fixed log to in-memory read models in random chunks,
// this grows a random world in the store segment by segment, and after each segment restarts the
// runner (a new connection, new read models, a random chunk size) and sometimes crashes it after a
// random number of chunks. The read models it ends with must equal a rebuild from zero, table by
// table, and answer as the in-memory fold of the whole log does: the overview, the ledger, and
// everything that reads links between streams (every claim's trace, every mission's timeline:
// linked-view.ts). The world is appended with its streams interleaved at random, so a reply often
// reaches the log before the claim it answers, as it may when scripts ingest in any order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { overview } from '../queries/mission-control.js';
import { sourceLedger } from '../queries/source-ledger.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { loadKnowledge } from '../runner/load-knowledge.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import { appendAll } from '../testing/event-factory.js';
import { steppingClock } from '../testing/stepping-clock.js';
import { byStream, interleave, replyAheadOfTarget, worldEvents, worldPlan } from './arbitrary-world.js';
import { linkedView } from './linked-view.js';

/** One restart: how much of the log is appended before it, its chunk size, and whether it crashes. */
const session = fc.record({
  share: fc.integer({ min: 0, max: 100 }),
  chunkSize: fc.integer({ min: 1, max: 9 }),
  crashAfterChunks: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
});

class SimulatedCrash extends Error {}

let dir: string;
let runs = 0;
let totalCrashes = 0;
let repliesAhead = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-incremental-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a checkpointed incremental run equals a rebuild (SQLite, restarts, crashes)', () => {
  it('after any sequence of appends, restarts and crashes, the read models equal a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldPlan,
        fc.array(session, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        async (plan, sessions, picks) => {
          const events = interleave(byStream(worldEvents(plan)), picks);
          if (replyAheadOfTarget(events)) repliesAhead++;
          const path = join(dir, `run-${++runs}.sqlite`);
          const clock = steppingClock();
          let appended = 0;
          let crashes = 0;
          for (const [k, s] of sessions.entries()) {
            // The last session appends whatever is left, so the whole world ends up in the log.
            const upTo =
              k === sessions.length - 1
                ? events.length
                : Math.max(appended, Math.floor((events.length * s.share) / 100));
            const store = openSqliteStore({ path, clock });
            try {
              await appendAll(store, events.slice(appended, upTo));
              appended = Math.max(appended, upTo);
              let chunks = 0;
              const runner = new ProjectionRunner(store, openReadModels(store.database), {
                chunkSize: s.chunkSize,
                onChunk: () => {
                  chunks++;
                  if (s.crashAfterChunks !== null && chunks === s.crashAfterChunks)
                    throw new SimulatedCrash();
                },
              });
              await runner.catchUp().catch((error: unknown) => {
                if (!(error instanceof SimulatedCrash)) throw error;
                crashes++;
              });
            } finally {
              await store.close();
            }
          }
          // A final restart finishes whatever a crash left.
          const store = openSqliteStore({ path, clock });
          try {
            const models = openReadModels(store.database);
            await new ProjectionRunner(store, models, { chunkSize: 4 }).catchUp();
            const head = store.headPosition();
            expect(models.status().checkpoint).toBe(head);

            // A copy of the file, events and all, rebuilt by a store of its own: the read models
            // join claims to the log of their own file, and a rebuild reads it.
            await store.database.backup(`${path}-copy`);
            const copy = openSqliteStore({ path: `${path}-copy`, clock });
            const fresh = copy.database;
            const rebuilt = await new ProjectionRunner(copy, openReadModels(fresh)).rebuild();
            expect(rebuilt.checkpoint).toBe(head);
            expect(dumpReadModels(store.database)).toEqual(dumpReadModels(fresh));
            const memory = knowledgeView(await loadKnowledge(store));
            expect(overview(models)).toEqual(overview(memory));
            expect(overview(models, { at: '2023-03-01' })).toEqual(overview(memory, { at: '2023-03-01' }));
            expect(sourceLedger(models)).toEqual(sourceLedger(memory));
            expect(linkedView(models)).toEqual(linkedView(memory));
            // Answers given from a mission's claims as read already are the records a read gives.
            for (const mission of memory.listMissions()) {
              const own = models.claimsOfMission(mission.id);
              const asked = own.map((c) => c.id);
              expect(models.respondersToAny(asked, own)).toEqual(memory.respondersToAny(asked));
            }
            await copy.close();
          } finally {
            await store.close();
            rmSync(path, { force: true });
            rmSync(`${path}-wal`, { force: true });
            rmSync(`${path}-shm`, { force: true });
            for (const end of ['', '-wal', '-shm']) rmSync(`${path}-copy${end}`, { force: true });
          }
          totalCrashes += crashes;
        },
      ),
      { numRuns: 40 },
    );
    console.log(
      `incremental vs rebuild: ${runs} worlds, ${totalCrashes} simulated crashes, ${repliesAhead} with a reply ahead of its target`,
    );
    expect(repliesAhead).toBeGreaterThan(runs / 3);
    // The crashes the generator may choose happened, in several worlds' worth: without them the
    // property says nothing of a run cut off after a chunk it had committed.
    expect(totalCrashes).toBeGreaterThan(runs / 4);
  }, 120_000);
});
