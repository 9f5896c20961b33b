import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportRevisedEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { missionControl } from './mission-control.js';
import { toProvJson } from './prov-json.js';

// A trace binds its responses as kb mission does: by each claim's date as the query knows it (an
// "earlier" re-resolved against its report's published date as of R), and a claim that sides with a
// denial answers as that denial does (contest-rule.ts, step 1).

/** The view with the events after the small world, and the recorded time just before the last one. */
function world(...rest: ReturnType<typeof claimEvent>[]) {
  const events = recordAll([...smallWorld(), ...rest]);
  const lastAt = Date.parse(events.at(-1)!.envelope.recordedAt);
  return { view: knowledgeView(foldKnowledge(events)), before: new Date(lastAt - 1).toISOString() };
}

const responses = (trace: ReturnType<typeof traceClaim>) =>
  trace!.responses.map((r) => [r.claimId, r.stance, r.binding, r.sidesWith?.claimId ?? null]);

describe('a trace after the report of an "earlier" claim was revised', () => {
  const earlierVisit = claimEvent({
    id: 'earlier-visit',
    report: 'report-feb', // published 2023-02-10
    mission: MISSION,
    kind: 'visit',
    controller: 'taliban',
    occurred: 'earlier',
    anchor: '2023-02-10',
  });
  const denial = claimEvent({
    id: 'deny',
    report: 'report-mar',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: '2023-02-05',
  });
  const { view, before } = world(earlierVisit, denial, reportRevisedEvent('report-feb', '2023-01-20'));

  it("shows the claim's date re-resolved against the revised published date, as kb mission does", () => {
    const trace = traceClaim(view, 'earlier-visit')!;
    expect(trace.occurred).toMatchObject({ text: 'earlier', latest: '2023-01-20', anchor: '2023-01-20' });
    const account = missionControl(view, MISSION).accounts.find((a) => a.claimId === 'earlier-visit');
    expect(account?.occurred).toMatchObject({ latest: trace.occurred.latest });
  });

  it('no longer lists a denial that overlapped only the stored date, as kb mission does not bind it', () => {
    expect(responses(traceClaim(view, 'earlier-visit'))).toEqual([]);
    const account = missionControl(view, MISSION).accounts.find((a) => a.claimId === 'earlier-visit');
    expect(account?.deniedBy).toEqual([]);
  });

  it('keeps the first date and the denial as the knowledge base stood before the revision', () => {
    const trace = traceClaim(view, 'earlier-visit', { recordedAt: before })!;
    expect(trace.occurred).toMatchObject({ latest: '2023-02-10' });
    expect(responses(trace)).toEqual([['deny', 'denies', 'implicit', null]]);
  });
});

describe('a trace after the report of an "earlier" denial was revised', () => {
  const visit = claimEvent({
    id: 'visit',
    report: 'report-jan',
    mission: MISSION,
    kind: 'visit',
    controller: 'taliban',
    occurred: '2023-02-05',
  });
  const denial = claimEvent({
    id: 'denial',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: 'earlier',
    anchor: '2023-02-10',
  });
  const { view, before } = world(visit, denial, reportRevisedEvent('report-feb', '2023-01-20'));

  it('binds the denial by its re-resolved date: earlier than 2023-01-20 misses 2023-02-05', () => {
    expect(responses(traceClaim(view, 'visit'))).toEqual([]);
    expect(missionControl(view, MISSION).accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual([]);
    expect(responses(traceClaim(view, 'visit', { recordedAt: before }))).toEqual([
      ['denial', 'denies', 'implicit', null],
    ]);
  });
});

describe('a trace with a claim that confirms a denial of it', () => {
  const visit = claimEvent({
    id: 'visit',
    report: 'report-jan',
    mission: MISSION,
    kind: 'visit',
    controller: 'taliban',
    occurred: '2023-02-05',
  });
  const implicitDenial = claimEvent({
    id: 'denial',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: '2023-02',
  });
  const confirmation = claimEvent({
    id: 'confirmation',
    report: 'report-mar',
    mission: MISSION,
    kind: 'visit',
    stance: 'confirms',
    occurred: '2023-03',
    respondsTo: 'denial',
  });

  it('lists the confirmation, stance as it is, siding with the denial, as kb mission lists it under denied by', () => {
    const { view } = world(visit, implicitDenial, confirmation);
    expect(responses(traceClaim(view, 'visit'))).toEqual([
      ['denial', 'denies', 'implicit', null],
      ['confirmation', 'confirms', 'implicit', 'denial'],
    ]);
    expect(traceClaim(view, 'visit')!.responses[1]?.sidesWith).toEqual({
      claimId: 'denial',
      stance: 'denies',
    });
    const account = missionControl(view, MISSION).accounts.find((a) => a.claimId === 'visit');
    expect(account?.deniedBy).toEqual(['confirmation', 'denial']);
  });

  it('types it in PROV as the denial it sides with, and names that denial', () => {
    const { view } = world(visit, implicitDenial, confirmation);
    const doc = toProvJson(traceClaim(view, 'visit')!) as unknown as {
      wasInfluencedBy: Record<string, Record<string, unknown>>;
    };
    const influence = Object.values(doc.wasInfluencedBy).find(
      (r) => r['prov:influencee'] === 'kb:claim/confirmation',
    );
    expect(influence).toMatchObject({
      'prov:type': { $: 'kb:Denial', type: 'prov:QUALIFIED_NAME' },
      'kb:sidesWith': { $: 'kb:claim/denial', type: 'prov:QUALIFIED_NAME' },
      'kb:binding': 'implicit',
    });
  });

  it('binds it explicitly when the denial names the claim, and not to any other claim', () => {
    const explicitDenial = claimEvent({
      id: 'denial',
      report: 'report-feb',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-02',
      respondsTo: 'visit',
    });
    const other = claimEvent({
      id: 'other-visit',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-02-06',
    });
    const { view } = world(visit, other, explicitDenial, confirmation);
    expect(responses(traceClaim(view, 'visit'))).toEqual([
      ['denial', 'denies', 'explicit', null],
      ['confirmation', 'confirms', 'explicit', 'denial'],
    ]);
    expect(responses(traceClaim(view, 'other-visit'))).toEqual([]);
  });

  it('lists no denial answering the confirmation itself: it is an answer, and kb mission binds none to it', () => {
    const laterDenial = claimEvent({
      id: 'later-denial',
      report: 'report-mar',
      mission: MISSION,
      kind: 'visit',
      stance: 'denies',
      occurred: '2023-03',
    });
    const { view } = world(visit, implicitDenial, confirmation, laterDenial);
    expect(responses(traceClaim(view, 'confirmation'))).toEqual([]);
    const account = missionControl(view, MISSION).accounts.find((a) => a.claimId === 'confirmation');
    expect(account?.deniedBy).toEqual([]);
  });
});
