// A claim of one mission denied from another (docs/contested-control.md, section 3), shared by the
// tests of answers filed elsewhere, the timeline and the source ledger: a visit to MISSION on
// 2023-01-05 (report-jan, published 2023-01-10) and the embassy staff's denial of it, filed under
// EMBASSY (report-feb, published 2023-02-10).
import { claimEvent, missionEvent } from './event-factory.js';
import { MISSION } from './small-world.js';

export const EMBASSY = 'yy-embassy';

export const embassyEvent = () =>
  missionEvent({ id: EMBASSY, name: 'Embassy in Yland', country: 'Yland', city: 'Ycity', kind: 'embassy' });

export const visitEvent = () =>
  claimEvent({
    id: 'visit',
    report: 'report-jan',
    mission: MISSION,
    kind: 'visit',
    controller: 'taliban',
    occurred: '2023-01-05',
    claimant: 'Taliban spokesman',
    actorId: 'taliban',
  });

/** The denial's fields, for a test that files a variant of it (another id, mission or stance). */
export function farDenialSpec() {
  return {
    id: 'far-denial',
    report: 'report-feb',
    mission: EMBASSY,
    kind: 'visit' as const,
    stance: 'denies' as const,
    controller: 'unknown',
    occurred: '2023-01-05',
    claimant: 'Embassy staff',
    actorId: null,
    respondsTo: 'visit',
  };
}

/** The denial, naming `controller` of the embassy, and said on `occurred`. */
export const farDenialEvent = (controller = 'unknown', occurred = '2023-01-05') =>
  claimEvent({ ...farDenialSpec(), controller, occurred });
