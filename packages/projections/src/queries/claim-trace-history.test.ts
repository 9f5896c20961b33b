// traceClaim over a claim's later history: its outlet regraded, a field corrected twice, a denial
// moved to another mission by a correction, a confirmation answered by an unbound denial, and a
// claim answering one of another mission that was retracted there.
import { type DomainEvent, vagueDate } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  claimEvent,
  correctEvent,
  gradeEvent,
  missionEvent,
  recordAll,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';

const OTHER = 'yy-port-consulate';

/** The view with `rest` after the small world (and a second mission), and the time before the last. */
function world(...rest: DomainEvent[]) {
  const events = recordAll([
    ...smallWorld(),
    missionEvent({ id: OTHER, name: 'Consulate in Port', country: 'Yland', city: 'Port' }),
    ...rest,
  ]);
  const lastAt = Date.parse(events.at(-1)!.envelope.recordedAt);
  return { view: knowledgeView(foldKnowledge(events)), before: new Date(lastAt - 1).toISOString() };
}

const visit = claimEvent({
  id: 'visit',
  report: 'report-jan', // Outlet A, graded B when registered
  mission: MISSION,
  kind: 'visit',
  controller: 'taliban',
  occurred: '2023-01-05',
});

const ids = (trace: ReturnType<typeof traceClaim>) => trace!.responses.map((r) => [r.claimId, r.binding]);

describe("a trace's source after its outlet was regraded", () => {
  const { view, before } = world(visit, gradeEvent('outlet-a', 'C'), gradeEvent('outlet-a', 'D'));

  it('gives the grade in force, the latest, not the first', () => {
    const trace = traceClaim(view, 'visit')!;
    expect(trace.source?.grades.map((g) => g.reliability)).toEqual(['B', 'C', 'D']);
    expect(trace.source?.reliability).toBe('D');
  });

  it('gives the grade in force at a recorded cutoff before the last regrade', () => {
    const trace = traceClaim(view, 'visit', { recordedAt: before })!;
    expect(trace.source?.grades.map((g) => g.reliability)).toEqual(['B', 'C']);
    expect(trace.source?.reliability).toBe('C');
  });
});

describe('a trace of a claim whose date was corrected twice', () => {
  const { view } = world(
    visit,
    correctEvent('visit', { occurred: vagueDate('2023-01-06') }),
    correctEvent('visit', { occurred: vagueDate('2023-01-07') }),
  );

  it("gives each correction's before as the value it replaced: the second's is the first's after", () => {
    const trace = traceClaim(view, 'visit')!;
    expect(trace.corrections.map((c) => [c.before.occurred?.text, c.after.occurred?.text])).toEqual([
      ['2023-01-05', '2023-01-06'],
      ['2023-01-06', '2023-01-07'],
    ]);
  });
});

describe('a trace after an implicit denial was moved to another mission by a correction', () => {
  const denial = claimEvent({
    id: 'deny',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: '2023-01',
  });
  const { view, before } = world(visit, denial, correctEvent('deny', { missionId: OTHER }));

  it('no longer lists the denial as answering it', () => {
    expect(ids(traceClaim(view, 'visit'))).toEqual([]);
  });

  it('lists it as the knowledge base stood before the correction', () => {
    expect(ids(traceClaim(view, 'visit', { recordedAt: before }))).toEqual([['deny', 'implicit']]);
  });
});

describe('a trace of a confirmation that seconds no denial', () => {
  const confirmation = claimEvent({
    id: 'confirm',
    report: 'report-jan',
    mission: MISSION,
    kind: 'visit',
    stance: 'confirms',
    occurred: '2023-01-05',
  });
  const denial = claimEvent({
    id: 'deny',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: '2023-01',
  });
  const { view } = world(confirmation, denial);

  it('lists an overlapping denial with no respondsTo as answering it implicitly, as an assertion', () => {
    expect(ids(traceClaim(view, 'confirm'))).toEqual([['deny', 'implicit']]);
  });
});

describe('a trace of a claim answering one of another mission that was retracted', () => {
  const elsewhere = claimEvent({
    id: 'elsewhere',
    report: 'report-jan',
    mission: OTHER,
    kind: 'visit',
    occurred: '2023-01-05',
  });
  const denial = claimEvent({
    id: 'deny',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: '2023-01',
    respondsTo: 'elsewhere',
  });
  const { view } = world(elsewhere, denial, retractEvent('elsewhere', 'withdrawn'));

  it('says the claim it answers is of the other mission, not retracted among its own', () => {
    expect(traceClaim(view, 'deny')!.respondsToTarget).toEqual({
      claimId: 'elsewhere',
      state: 'other-mission',
      day: null,
      missionId: OTHER,
    });
  });
});
