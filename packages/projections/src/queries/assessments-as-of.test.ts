import type { DomainEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { assessEvent, claimEvent, recordAll } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// An analyst's assessment on the time axes (docs/contested-control.md, section 1): made on day D, it
// is not known at K < D; recorded at T, it is not part of the knowledge base at R < T.

const assessed = (assessedOn: string | null): DomainEvent =>
  assessEvent('c', 5, 'copy of a retracted story', { assessedOn });
const claim = claimEvent({
  id: 'c',
  report: 'report-jan',
  mission: MISSION,
  kind: 'control',
  controller: 'taliban',
  occurred: '2023-01-05',
});

// Recorded one second apart from 2024-01-01T00:00:00Z: the assessment is the last event.
const world = (assessedOn: string | null) => {
  const events = recordAll([...smallWorld(), claim, assessed(assessedOn)]);
  return { view: knowledgeView(foldKnowledge(events)), assessedAt: events.at(-1)!.envelope.recordedAt };
};
const credibilityOf = (control: ReturnType<typeof missionControl>) => {
  const a = control.accounts[0]!;
  return [a.credibility, a.sourceCredibility, a.credibilityAssessed, a.assessments.length];
};

describe('an analyst assessment under a query', () => {
  it('is not known before the day it was made (knownAt)', () => {
    const { view } = world('2023-03-11');
    expect(credibilityOf(missionControl(view, MISSION, { knownAt: '2023-03-10' }))).toEqual([6, 6, null, 0]);
    const made = { assessedOn: '2023-03-11', assessedBy: 'analyst' };
    expect(credibilityOf(missionControl(view, MISSION, { knownAt: '2023-03-11' }))).toEqual([5, 6, made, 1]);
    expect(credibilityOf(missionControl(view, MISSION))).toEqual([5, 6, made, 1]);
  });

  it('counts at every knownAt when it carries no day', () => {
    const { view } = world(null);
    expect(credibilityOf(missionControl(view, MISSION, { knownAt: '2023-01-10' }))).toEqual([
      5,
      6,
      { assessedOn: null, assessedBy: 'analyst' },
      1,
    ]);
  });

  it('is not in the knowledge base before it was recorded (recordedAt)', () => {
    const { view, assessedAt } = world('2023-03-11');
    const before = new Date(Date.parse(assessedAt) - 1).toISOString();
    expect(credibilityOf(missionControl(view, MISSION, { recordedAt: before }))).toEqual([6, 6, null, 0]);
    expect(credibilityOf(missionControl(view, MISSION, { recordedAt: assessedAt }))[0]).toBe(5);
  });
});
