import type { DomainEvent } from '@kb/domain';
import { actorEvent, missionEvent, reportEvent, sourceEvent } from './event-factory.js';

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
