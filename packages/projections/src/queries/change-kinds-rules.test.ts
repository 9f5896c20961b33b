import { type ClaimKind, type Stance, vagueDate } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { decideControl, type RuleAccount } from './contest-rule.js';

// docs/contested-control.md, section 5: a change is a handover, takeover, closure, suspension,
// reopening, appointment or accreditation that asserts or confirms and names a controller. The worked
// examples use handovers, closures, suspensions, appointments and reopenings; this file holds the
// other kinds of the list to the same rule, and the stances and controllers that make no change.

const account = (
  claimId: string,
  kind: ClaimKind,
  controller: string,
  occurred: string,
  stance: Stance = 'asserts',
): RuleAccount => ({
  claimId,
  kind,
  controller,
  occurred: vagueDate(occurred),
  stance,
  respondsTo: null,
  happened: 'certainly',
});

// Republic and Taliban disagree in June 2022; the account under test comes months later.
const conflict = () => [
  account('republic-says', 'control', 'republic', '2022-06'),
  account('taliban-says', 'control', 'taliban', '2022-06'),
];

describe('the kinds of claim that can end a contest', () => {
  it('counts an accreditation as a change: a later undisputed one ends the contest', () => {
    // The host accredits the Taliban's envoy in September: how things stood from then on.
    const outcome = decideControl([
      ...conflict(),
      account('accredit', 'accreditation', 'taliban', '2022-09'),
    ]);
    expect(outcome).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect([...outcome.supersededBy].sort()).toEqual([
      ['republic-says', 'accredit'],
      ['taliban-says', 'accredit'],
    ]);
    expect([...outcome.active]).toEqual(['accredit']);
  });

  it('counts a takeover as a change, confirmed as well as asserted', () => {
    for (const stance of ['asserts', 'confirms'] as const) {
      const outcome = decideControl([
        ...conflict(),
        account('takeover', 'takeover', 'republic', '2022-09', stance),
      ]);
      expect(outcome).toMatchObject({ status: 'undisputed', controller: 'republic' });
      expect(outcome.supersededBy.get('taliban-says')).toBe('takeover');
    }
  });

  it('takes no change for one that names no controller, and no claim of another kind for a change', () => {
    // An accreditation naming nobody says nothing of who holds the mission.
    const unnamed = decideControl([
      ...conflict(),
      account('accredit', 'accreditation', 'unknown', '2022-09'),
    ]);
    expect(unnamed.status).toBe('contested');
    expect(unnamed.supersededBy.size).toBe(0);
    // A visit naming the Taliban months later is an event, not a change of hands.
    const visit = decideControl([...conflict(), account('visit', 'visit', 'taliban', '2022-09')]);
    expect(visit.status).toBe('contested');
    expect(visit.supersededBy.size).toBe(0);
  });
});
