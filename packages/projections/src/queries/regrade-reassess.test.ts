import type { DomainEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { assessEvent, claimEvent, gradeEvent, recordAll } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// The latest wins on two histories (docs/contested-control.md, sections 1 and 2): an account shows
// its source's grade as of R, the latest regrade recorded by then, and the credibility of the latest
// assessment in force that gives one.

const claim = claimEvent({
  id: 'c',
  report: 'report-jan',
  mission: MISSION,
  kind: 'control',
  controller: 'taliban',
  occurred: '2023-01-05',
});

const assessed = (credibility: number, assessedBy: string, assessedOn: string): DomainEvent =>
  assessEvent('c', credibility, `assessed by ${assessedBy}`, { assessedBy, assessedOn });

// Recorded one second apart from 2024-01-01T00:00:00Z, the small world first.
const world = (...more: DomainEvent[]) => {
  const events = recordAll([...smallWorld(), claim, ...more]);
  return { view: knowledgeView(foldKnowledge(events)), recorded: events.map((e) => e.envelope.recordedAt) };
};

describe('the latest regrade and the latest assessment', () => {
  it('shows the source grade of the latest regrade recorded by R', () => {
    const { view, recorded } = world(gradeEvent('outlet-a', 'E'));
    // Outlet A was registered graded B (small-world.ts), then regraded E.
    expect(missionControl(view, MISSION).accounts[0]?.source.reliability).toBe('E');
    const beforeRegrade = recorded.at(-2)!;
    expect(missionControl(view, MISSION, { recordedAt: beforeRegrade }).accounts[0]?.source.reliability).toBe(
      'B',
    );
    expect(
      missionControl(view, MISSION, { recordedAt: recorded.at(-1)! }).accounts[0]?.source.reliability,
    ).toBe('E');
  });

  it('takes the credibility of the later of two assessments, and says which one gave it', () => {
    const { view, recorded } = world(
      assessed(5, 'analyst', '2023-03-11'),
      assessed(2, 'auditor', '2023-04-01'),
    );
    const account = missionControl(view, MISSION).accounts[0]!;
    expect(account.credibility).toBe(2);
    expect(account.sourceCredibility).toBe(6);
    expect(account.credibilityAssessed).toEqual({ assessedOn: '2023-04-01', assessedBy: 'auditor' });
    expect(account.assessments.map((a) => a.credibility)).toEqual([5, 2]);
    // Replayed to before the second, the first is the latest in force.
    const first = missionControl(view, MISSION, { recordedAt: recorded.at(-2)! }).accounts[0]!;
    expect([first.credibility, first.credibilityAssessed]).toEqual([
      5,
      { assessedOn: '2023-03-11', assessedBy: 'analyst' },
    ]);
  });
});
