// The rebuild reads newest-version claims in SQL (read-models/log-range-rebuild.ts) and folds the rest
// of each range in JavaScript. This property gives it logs that ingest never writes but the port
// accepts: one claim id recorded again in another stream, retractions, corrections and assessments
// ahead of the claim they name, claims at the older ClaimRecorded version among newer ones, and any
// range size. The rebuild must equal read models built by catch-up chunks alone (applyChunk, the
// fold for every event), table by table, and answer as the in-memory fold does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DomainEvent, encodeEvent } from '@kb/domain';
import { openSqliteStore } from '@kb/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRecordedEvent } from '../events/recorded-event.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { openReadModels } from '../read-models/sqlite-read-models.js';
import { loadKnowledge } from '../runner/load-knowledge.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { dumpReadModels } from '../testing/dump-read-models.js';
import {
  appendAll,
  assessEvent,
  claimEvent,
  correctEvent,
  missionEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { steppingClock } from '../testing/stepping-clock.js';

const OTHER_MISSION = 'yy-port-consulate';
const IDS = ['c-a', 'c-b', 'c-c', 'c-d'] as const;
const idOf = fc.constantFrom(...IDS);

/** One event of the adversarial tail, written to a stream of its own choosing. */
const step = fc.oneof(
  fc.record({
    op: fc.constant('record' as const),
    id: idOf,
    stream: fc.nat(2),
    older: fc.boolean(),
    otherMission: fc.boolean(),
    respondsTo: fc.option(idOf, { nil: null }),
  }),
  fc.record({ op: fc.constant('retract' as const), id: idOf, stream: fc.nat(2) }),
  fc.record({
    op: fc.constant('correct' as const),
    id: idOf,
    stream: fc.nat(2),
    otherMission: fc.boolean(),
    respondsTo: fc.option(idOf, { nil: null }),
  }),
  fc.record({ op: fc.constant('assess' as const), id: idOf, stream: fc.nat(2) }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** The event a step writes, as the port takes it (an older-version claim keeps its v1 shape). */
function eventOf(s: Step, n: number): { type: string; version: number; data: unknown } {
  const stored = (event: DomainEvent) => encodeEvent(event.type, event.data as never);
  switch (s.op) {
    case 'record': {
      const claim = claimEvent({
        id: s.id,
        report: 'report-jan',
        mission: s.otherMission ? OTHER_MISSION : MISSION,
        kind: 'control',
        controller: 'taliban',
        occurred: '2023-03',
        respondsTo: s.respondsTo,
        quote: `account ${n}`,
      });
      if (!s.older) return stored(claim);
      const { claimant, via, notes, ...rest } = claim.data as { claimant: { asWritten: string } } & Record<
        string,
        unknown
      >;
      return { type: 'ClaimRecorded', version: 1, data: { ...rest, claimant: claimant.asWritten } };
    }
    case 'retract':
      return stored(retractEvent(s.id, `withdrawn ${n}`));
    case 'correct':
      return stored(
        correctEvent(s.id, {
          ...(s.otherMission ? { missionId: OTHER_MISSION } : {}),
          respondsTo: s.respondsTo,
        }),
      );
    case 'assess':
      return stored(assessEvent(s.id, 1 + (n % 6)));
  }
}

let dir: string;
let runs = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-rebuild-ranges-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a rebuild by ranges equals the fold of every event (SQLite)', () => {
  it('with duplicate claim ids, events ahead of their claim, older versions and any range size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (steps, chunkSize) => {
          const path = join(dir, `run-${++runs}.sqlite`);
          const store = openSqliteStore({ path, clock: steppingClock() });
          try {
            const world: DomainEvent[] = [
              ...smallWorld(),
              missionEvent({ id: OTHER_MISSION, name: 'Consulate in Port', country: 'Yland', city: 'Port' }),
            ];
            await appendAll(store, world);
            for (const [n, s] of steps.entries()) {
              const event = eventOf(s, n);
              await store.append(`${s.op === 'record' ? 'claim' : 'note'}-${s.id}-${s.stream}`, [
                { ...event, id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, metadata: {} },
              ]);
            }

            // The oracle: catch-up chunks over the whole log, every event through the fold.
            const all = [];
            for await (const stored of store.readAll()) all.push(toRecordedEvent(stored, { trusted: true }));
            const models = openReadModels(store.database);
            for (let i = 0; i < all.length; i += chunkSize) {
              const chunk = all.slice(i, i + chunkSize);
              models.applyChunk(chunk, chunk.at(-1)?.envelope.position as number);
            }
            const byFold = dumpReadModels(store.database);

            const result = await new ProjectionRunner(store, models, { chunkSize }).rebuild();
            expect(result.processed).toBe(all.length);
            expect(dumpReadModels(store.database)).toEqual(byFold);

            const memory = knowledgeView(await loadKnowledge(store));
            expect(models.listClaims()).toEqual(memory.listClaims());
            for (const mission of [MISSION, OTHER_MISSION]) {
              expect(models.claimsOfMission(mission)).toEqual(memory.claimsOfMission(mission));
            }
            for (const id of IDS) expect(models.respondersTo(id)).toEqual(memory.respondersTo(id));
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
