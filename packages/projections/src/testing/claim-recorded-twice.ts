// A log holding a second ClaimRecorded of one claim id, as an API writer may append one (ingest
// never does): the rebuild tests (projection-runner-rebuild*.test.ts) check that a rebuild keeps the
// first registration however it is interrupted or overtaken.
import type { DomainEvent } from '@kb/domain';
import type { EventStore } from '@kb/store';
import { claimEvent } from './event-factory.js';

/** The claim the later registration names again: the central Asia fixture's Khorog visit. */
export const CLAIM_RECORDED_TWICE = 'khorog-visit-2023-03-23';

/**
 * `fixture` (the central Asia fixture) with a later ClaimRecorded of CLAIM_RECORDED_TWICE at its end:
 * another report, another day, and the republic where the first named the Taliban.
 */
export function withClaimRecordedTwice(fixture: readonly DomainEvent[]): DomainEvent[] {
  const again = claimEvent({
    id: CLAIM_RECORDED_TWICE,
    report: 'another-report',
    mission: 'tj-khorog-consulate',
    kind: 'visit',
    controller: 'republic',
    occurred: '2023-01',
  });
  return [...fixture, again];
}

/**
 * How many ClaimRecorded events in `store`'s log name `claimId`: 2 for CLAIM_RECORDED_TWICE in a log
 * written from withClaimRecordedTwice, which the tests check, so that they cannot pass on a log
 * where the helper left the second registration out.
 */
export async function registrationsOf(store: EventStore, claimId = CLAIM_RECORDED_TWICE): Promise<number> {
  let found = 0;
  for await (const event of store.readAll())
    if (event.type === 'ClaimRecorded' && (event.data as { claimId?: unknown }).claimId === claimId) found++;
  return found;
}
