import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportRevisedEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';
import { missionTimeline } from './mission-timeline.js';

// "earlier" resolves against its report's published date as the query knows it (docs/dates.md): a
// report revision moves the anchor from when it was recorded.

const earlier = claimEvent({
  id: 'earlier-takeover',
  report: 'report-feb', // published 2023-02-10
  mission: MISSION,
  kind: 'takeover',
  controller: 'taliban',
  occurred: 'earlier',
  anchor: '2023-02-10',
});
const events = recordAll([...smallWorld(), earlier, reportRevisedEvent('report-feb', '2023-01-20')]);
const view = knowledgeView(foldKnowledge(events));
const revisedAt = Date.parse(events.at(-1)!.envelope.recordedAt);

describe('an "earlier" date after its report was revised', () => {
  it('resolves against the revised published date', () => {
    const control = missionControl(view, MISSION, { at: '2023-01-31', knownAt: '2023-02-01' });
    expect(control.accounts.map((a) => [a.source.published?.text, a.occurred])).toEqual([
      [
        '2023-01-20',
        {
          text: 'earlier',
          earliest: null,
          latest: '2023-01-20',
          anchor: '2023-01-20',
          happened: 'certainly',
        },
      ],
    ]);
    expect(control).toMatchObject({ status: 'undisputed', happened: 'certainly' });
  });

  it('makes the world timeline step on the revised day, where the account becomes certain', () => {
    const steps = missionTimeline(view, MISSION, { knownAt: '2023-02-01' }).world;
    expect(steps.map((s) => [s.from, s.status, s.happened])).toEqual([
      [null, 'undisputed', 'possibly'],
      ['2023-01-20', 'undisputed', 'certainly'],
    ]);
  });

  it('keeps the first anchor as the knowledge base stood before the revision was recorded', () => {
    const before = new Date(revisedAt - 1).toISOString();
    const control = missionControl(view, MISSION, { at: '2023-01-31', recordedAt: before });
    expect(control.accounts[0]?.occurred).toMatchObject({ latest: '2023-02-10', happened: 'possibly' });
  });
});

describe('an "earlier" date after its report was revised to an unknown published date', () => {
  it('has no latest day: it only possibly happened by any world date', () => {
    const unknown = knowledgeView(
      foldKnowledge(recordAll([...smallWorld(), earlier, reportRevisedEvent('report-feb', 'unknown')])),
    );
    const control = missionControl(unknown, MISSION, { at: '2023-03-31' });
    expect(control.accounts.map((a) => a.occurred)).toEqual([
      { text: 'earlier', earliest: null, latest: null, anchor: null, happened: 'possibly' },
    ]);
    expect(control).toMatchObject({ status: 'undisputed', happened: 'possibly' });
  });
});

describe('a confirmation of an "earlier" denial after the denial\'s report was revised', () => {
  it("binds by the denial's re-resolved date", () => {
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
    const confirmation = claimEvent({
      id: 'confirmation',
      report: 'report-mar',
      mission: MISSION,
      kind: 'visit',
      stance: 'confirms',
      occurred: '2023-03',
      respondsTo: 'denial',
    });
    const revised = knowledgeView(
      foldKnowledge(
        recordAll([
          ...smallWorld(),
          visit,
          denial,
          confirmation,
          reportRevisedEvent('report-feb', '2023-01-20'),
        ]),
      ),
    );
    // Earlier than 2023-01-20 no longer overlaps a visit on 2023-02-05.
    const control = missionControl(revised, MISSION);
    expect(control.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual([]);
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
  });
});
