import type { DomainEvent } from '@kb/domain';
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { type ClaimSpec, claimEvent, recordAll } from '../testing/event-factory.js';
import { visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, sections 1 and 3, on the auditor's replay to R: an answer naming a claim
// the store had not recorded by R reads as it did then. A denial of it stands at its own `occurred`
// (nothing to be placed at), and a confirmation of a denial not yet recorded stays an ordinary
// assertion.

/** The events recorded one second apart, and a recorded time just before the last of them. */
const recorded = (...events: DomainEvent[]) => {
  const all = recordAll([...smallWorld(), ...events]);
  const beforeLast = new Date(Date.parse(all.at(-1)!.envelope.recordedAt) - 1).toISOString();
  return { view: knowledgeView(foldKnowledge(all)), beforeLast };
};

const answer = (id: string, more: Partial<ClaimSpec>) =>
  claimEvent({
    id,
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    controller: 'unknown',
    claimant: 'Consul',
    actorId: null,
    occurred: '2023-01-20',
    ...more,
  });

describe('a denial whose target was not recorded by R', () => {
  // Said on 2023-01-20 of the visit of 2023-01-05, and recorded before that visit was.
  const denial = answer('denial', { respondsTo: 'visit' });

  it('stands at its own date under the replay, and at its target’s once the target is recorded', () => {
    const { view, beforeLast } = recorded(denial, visitEvent());
    const then = missionControl(view, MISSION, { recordedAt: beforeLast });
    expect(then.accounts.map((a) => [a.claimId, a.placedAt])).toEqual([['denial', null]]);
    // On a world day between the visit and the denial, the denial had not happened yet.
    expect(missionControl(view, MISSION, { recordedAt: beforeLast, at: '2023-01-10' }).accounts).toEqual([]);
    // Now the visit is recorded: the denial is placed at it, and both stand on that day.
    const now = missionControl(view, MISSION, { at: '2023-01-10' });
    expect(now.status).toBe('contested');
    expect(now.accounts.find((a) => a.claimId === 'denial')?.placedAt).toMatchObject({ claimId: 'visit' });
  });
});

describe('a confirmation of a denial not recorded by R', () => {
  // The host confirms the embassy's denial; the denial itself is recorded last.
  const confirmation = answer('confirmation', {
    stance: 'confirms',
    claimant: 'Host ministry',
    occurred: '2023-01-05',
    respondsTo: 'denial',
  });
  const denial = answer('denial', { respondsTo: 'visit', occurred: '2023-01-05' });

  it('stays an ordinary assertion under the replay, and sides with the denial once it is recorded', () => {
    const { view, beforeLast } = recorded(visitEvent(), confirmation, denial);
    const then = missionControl(view, MISSION, { recordedAt: beforeLast });
    expect(then).toMatchObject({ status: 'undisputed', controller: 'taliban' });
    expect(then.accounts.find((a) => a.claimId === 'confirmation')?.sidesWith).toBeNull();
    expect(then.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual([]);
    const now = missionControl(view, MISSION);
    expect(now.status).toBe('contested');
    expect(now.accounts.find((a) => a.claimId === 'confirmation')?.sidesWith).toEqual({
      claimId: 'denial',
      stance: 'denies',
    });
    expect(now.accounts.find((a) => a.claimId === 'visit')?.deniedBy).toEqual(['confirmation', 'denial']);
  });
});
