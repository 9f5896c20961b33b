// One valid example of the data of most event types, for tests that change one field of it at a
// time (event-schemas-gaps.test.ts) or only need an event of each type (domain-event.test.ts).
import type { DomainEventType, encodeEvent } from '../events/domain-event.js';
import { vagueDate } from '../time/edtf.js';

const occurred = vagueDate('2023-03-23');

/** What encodeEvent takes as an event's data. */
type EventInput<T extends DomainEventType> = Parameters<typeof encodeEvent<T>>[1];

export const VALID_EVENT_DATA = {
  MissionRegistered: {
    missionId: 'tj-khorog-consulate',
    name: 'Consulate in Khorog',
    kind: 'consulate',
    country: 'Tajikistan',
    city: 'Khorog',
    aliases: ['Khorugh'],
  },
  ActorRegistered: { actorId: 'nrf', name: 'National Resistance Front', kind: 'faction', aliases: ['NRF'] },
  SourceGraded: {
    sourceId: 'the-diplomat',
    reliability: 'B',
    rationale: 'established regional outlet',
    gradedBy: 'analyst-1',
  },
  ReportCaptured: {
    reportId: 'diplomat-2023-03-28',
    sourceId: 'the-diplomat',
    url: null,
    title: null,
    author: null,
    published: vagueDate('2023-03-28'),
    retrieved: '2023-04-01',
  },
  ReportRevised: {
    reportId: 'diplomat-2023-03-28',
    changes: { author: 'Catherine Putz' },
    reason: 'byline added',
  },
  ClaimRecorded: {
    claimId: 'claim-khorog-denial',
    reportId: 'diplomat-2023-03-28',
    missionId: 'tj-khorog-consulate',
    kind: 'visit',
    stance: 'denies',
    controller: 'unknown',
    occurred,
    quote: 'no such visit took place',
    respondsTo: 'claim-khorog-visit',
    claimant: { asWritten: 'Embassy of Afghanistan in Tajikistan', actorId: null },
    via: [{ name: 'Tolo News', relation: 'cites' }],
    notes: null,
  },
  ClaimRetracted: { claimId: 'claim-khorog-visit', reportId: null, reason: 'withdrawn', quote: null },
  ClaimCorrected: {
    claimId: 'claim-khorog-visit',
    changes: { quote: 'a delegation visited' },
    reason: 'quote trimmed wrongly',
    correctedBy: 'analyst-1',
  },
  ClaimAssessed: {
    claimId: 'claim-khorog-visit',
    credibility: 3,
    likelihood: null,
    rationale: 'one source, denied by the embassy',
    assessedBy: 'analyst-1',
    assessedOn: '2023-04-01',
  },
} satisfies { readonly [T in DomainEventType]?: EventInput<T> };
