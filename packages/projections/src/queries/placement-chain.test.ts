import { describe, expect, it } from 'vitest';
import { claimEvent } from '../testing/event-factory.js';
import { visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 1: an explicit denial is placed at the claim it answers, and at
// where that claim is placed only when it is itself an explicit answer. A confirmation of an assertion
// is no answer: a denial of it stands at the confirmation's date, not at the visit it confirms.

const visit = visitEvent(); // 2023-01-05
const confirmation = claimEvent({
  id: 'visit2',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'confirms',
  controller: 'taliban',
  occurred: '2023-02-01',
  respondsTo: 'visit',
});
const denial = claimEvent({
  id: 'denial',
  report: 'report-mar',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  controller: 'unknown',
  occurred: '2023-03-01',
  respondsTo: 'visit2',
});
const v = smallWorldView(visit, confirmation, denial);

describe('a denial of a confirmation', () => {
  it('is placed at the confirmation it answers, not at the visit the confirmation confirms', () => {
    const account = missionControl(v, MISSION).accounts.find((a) => a.claimId === 'denial');
    expect(account?.placedAt).toEqual({
      claimId: 'visit2',
      occurred: { text: '2023-02-01', earliest: '2023-02-01', latest: '2023-02-01', anchor: null },
    });
    expect(missionControl(v, MISSION).accounts.find((a) => a.claimId === 'visit2')?.deniedBy).toEqual([
      'denial',
    ]);
  });

  it('is not listed on a world day after the visit but before the confirmation', () => {
    const control = missionControl(v, MISSION, { at: '2023-01-10' });
    expect(control.accounts.map((a) => a.claimId)).toEqual(['visit']);
    expect(control).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(missionControl(v, MISSION, { at: '2023-02-01' }).accounts.map((a) => a.claimId)).toEqual([
      'visit',
      'visit2',
      'denial',
    ]);
  });
});
