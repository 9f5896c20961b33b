import type { CitationLink, DomainEvent } from '@kb/domain';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  actorEvent,
  claimEvent,
  missionEvent,
  recordAll,
  reportEvent,
  sourceEvent,
} from './event-factory.js';

// A small registry for query tests: two outlets, three reports on different days, one mission.

export const MISSION = 'xx-capital-embassy';

export function smallWorld(): DomainEvent[] {
  return [
    actorEvent({ id: 'taliban', name: 'Taliban' }),
    actorEvent({ id: 'republic', name: 'Republic diplomats', kind: 'diplomatic-corps' }),
    sourceEvent({ id: 'outlet-a', outlet: 'Outlet A', reliability: 'B' }),
    sourceEvent({ id: 'outlet-b', outlet: 'Outlet B' }),
    missionEvent({
      id: MISSION,
      name: 'Embassy in Capital',
      country: 'Xland',
      city: 'Capitál',
      aliases: ['Capital Mission'],
    }),
    reportEvent({
      id: 'report-jan',
      sourceId: 'outlet-a',
      published: '2023-01-10',
      url: 'https://a.example/jan',
    }),
    reportEvent({ id: 'report-feb', sourceId: 'outlet-b', published: '2023-02-10' }),
    reportEvent({ id: 'report-mar', sourceId: 'outlet-a', published: '2023-03' }),
  ];
}

/** The knowledge view of the small world with `events` recorded after it, one event a step. */
export const smallWorldView = (...events: Parameters<typeof recordAll>[0]) =>
  knowledgeView(foldKnowledge(recordAll([...smallWorld(), ...events])));

/** The Taliban's appointment at the mission in August 2022, reported in January 2023: a claim answered later. */
export const appointmentOf2022 = () =>
  claimEvent({
    id: 'appointment',
    report: 'report-jan',
    mission: MISSION,
    kind: 'appointment',
    controller: 'taliban',
    occurred: '2022-08',
  });

/**
 * An account by an unresolved claimant, as written, that the Taliban held the mission on 5 January
 * 2023, in a report of its own (`report-<id>`): for tests of how names fold into origins.
 */
export const talibanControlBy = (id: string, claimant: string, via: CitationLink[] = []) =>
  claimEvent({
    id,
    report: `report-${id}`,
    mission: MISSION,
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-01-05',
    claimant,
    actorId: null,
    via,
  });
