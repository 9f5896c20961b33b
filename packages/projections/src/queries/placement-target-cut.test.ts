import { describe, expect, it } from 'vitest';
import { claimEvent, retractEvent } from '../testing/event-factory.js';
import { visitEvent } from '../testing/far-denial-world.js';
import { MISSION, smallWorldView } from '../testing/small-world.js';
import { missionControl } from './mission-control.js';

// docs/contested-control.md, section 1: an explicit denial is placed at the date of the claim it
// answers, that claim read as the knowledge base held it at R "whether or not it stands under the
// query". A retracted target, or one whose report was not yet published by K, still places it.

const view = smallWorldView;

/** The consul's denial, said on 2023-01-20 (report-feb, published 2023-02-10), of `respondsTo`. */
const denialOf = (respondsTo: string) =>
  claimEvent({
    id: 'denial',
    report: 'report-feb',
    mission: MISSION,
    kind: 'visit',
    stance: 'denies',
    occurred: '2023-01-20',
    claimant: 'Consul',
    actorId: null,
    respondsTo,
  });

describe('a denial placed at a target that does not stand under the query', () => {
  it('is placed at a retracted target: on a day before its own date it stands, answering nothing', () => {
    const v = view(visitEvent(), retractEvent('visit', 'withdrawn'), denialOf('visit'));
    const control = missionControl(v, MISSION, { at: '2023-01-10' });
    expect(control.status).toBe('unknown');
    expect(control.accounts.map((a) => [a.claimId, a.placedAt?.claimId, a.respondsToTarget?.state])).toEqual([
      ['denial', 'visit', 'retracted'],
    ]);
  });

  it('is placed at a target not yet published by K', () => {
    // The visit of 2023-01-05, reported only in March (report-mar).
    const late = claimEvent({
      id: 'late-visit',
      report: 'report-mar',
      mission: MISSION,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-01-05',
    });
    const control = missionControl(view(late, denialOf('late-visit')), MISSION, {
      at: '2023-01-10',
      knownAt: '2023-02-15',
    });
    expect(control.accounts.map((a) => [a.claimId, a.placedAt?.claimId, a.respondsToTarget?.state])).toEqual([
      ['denial', 'late-visit', 'not-published'],
    ]);
  });
});
