import type { DomainEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { assessEvent, claimEvent } from '../testing/event-factory.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 1: an account's credibility is that of the latest assessment in
// force that gives one, else the claim's own; `assessments` lists every one in force. World time does
// not cut an assessment: only its day (under knownAt) and when it was recorded (under recordedAt) do.

const claim = claimEvent({
  id: 'c',
  report: 'report-jan',
  mission: MISSION,
  kind: 'control',
  controller: 'taliban',
  occurred: '2023-01-05',
  credibility: 4,
});
const checked = assessEvent('c', 2, 'checked against a second source', {
  assessedBy: 'analyst',
  assessedOn: '2023-03-11',
});
/** Later, and gives a likelihood but no credibility. */
const likelihoodOnly = assessEvent('c', null, 'seen elsewhere', {
  assessedBy: 'desk',
  assessedOn: '2023-04-02',
  likelihood: 'likely',
});

const accountOf = (events: DomainEvent[], query: Parameters<typeof missionControl>[2] = {}) =>
  missionControl(smallWorldView(claim, ...events), MISSION, query).accounts[0]!;

describe("an account's credibility", () => {
  it('stays that of the latest assessment giving one when a later assessment gives none', () => {
    const account = accountOf([checked, likelihoodOnly]);
    expect(account.credibility).toBe(2);
    expect(account.sourceCredibility).toBe(4);
    expect(account.credibilityAssessed).toEqual({ assessedOn: '2023-03-11', assessedBy: 'analyst' });
    // Both are in force and listed, the one giving no credibility too.
    expect(account.assessments.map((a) => [a.assessedBy, a.credibility, a.likelihood])).toEqual([
      ['analyst', 2, null],
      ['desk', null, 'likely'],
    ]);
  });

  it("is the claim's own when no assessment in force gives one", () => {
    const account = accountOf([likelihoodOnly]);
    expect([account.credibility, account.credibilityAssessed, account.assessments.length]).toEqual([
      4,
      null,
      1,
    ]);
  });

  it('is not cut by world time: an assessment made after the world day still counts', () => {
    // The claim is about 2023-01-05; the assessment was made on 2023-03-11.
    const account = accountOf([checked], { at: '2023-01-31' });
    expect(account.credibility).toBe(2);
    expect(account.assessments).toHaveLength(1);
    // The analyst's replay cuts it by its day, on the publication axis.
    const replayed = accountOf([checked], { at: '2023-01-31', knownAt: '2023-01-31' });
    expect([replayed.credibility, replayed.assessments.length]).toEqual([4, 0]);
  });
});
