import {
  type CitationLink,
  type ClaimKind,
  type DomainEvent,
  encodeEvent,
  type MissionKind,
  type Reliability,
  type Stance,
  streamOf,
  vagueDate,
} from '@kb/domain';
import { deterministicId, type EventMetadata, type EventStore } from '@kb/store';
import type { RecordedEvent } from '../events/recorded-event.js';

// Small builders of domain events for tests, fixtures and benchmarks. Every event goes through
// encodeEvent, so it is valid and carries its schema defaults exactly as an ingest would write it.

const encode = (type: DomainEvent['type'], data: unknown): DomainEvent => {
  const encoded = encodeEvent(type, data as never);
  return { type: encoded.type, data: encoded.data } as DomainEvent;
};

export function missionEvent(p: {
  id: string;
  name: string;
  country: string;
  city: string | null;
  kind?: MissionKind;
  aliases?: string[];
}): DomainEvent {
  return encode('MissionRegistered', {
    missionId: p.id,
    name: p.name,
    kind: p.kind ?? 'embassy',
    country: p.country,
    city: p.city,
    aliases: p.aliases ?? [],
  });
}

export function actorEvent(p: { id: string; name: string; kind?: string; aliases?: string[] }): DomainEvent {
  return encode('ActorRegistered', {
    actorId: p.id,
    name: p.name,
    kind: p.kind ?? 'government',
    aliases: p.aliases ?? [],
  });
}

export function aliasEvent(subject: 'mission' | 'actor' | 'source', id: string, alias: string): DomainEvent {
  return encode('AliasAdded', { subject, id, alias });
}

export function sourceEvent(p: {
  id: string;
  outlet: string;
  reliability?: Reliability;
  homepage?: string;
}): DomainEvent {
  return encode('SourceRegistered', {
    sourceId: p.id,
    outlet: p.outlet,
    kind: 'news-outlet',
    ...(p.reliability === undefined ? {} : { reliability: p.reliability }),
    homepage: p.homepage ?? null,
  });
}

export function gradeEvent(sourceId: string, reliability: Reliability, rationale = 'regraded'): DomainEvent {
  return encode('SourceGraded', { sourceId, reliability, rationale, gradedBy: 'analyst' });
}

export function reportEvent(p: {
  id: string;
  sourceId: string;
  published: string;
  url?: string | null;
  title?: string | null;
  author?: string | null;
  retrieved?: string | null;
}): DomainEvent {
  return encode('ReportCaptured', {
    reportId: p.id,
    sourceId: p.sourceId,
    url: p.url ?? null,
    title: p.title ?? null,
    author: p.author ?? null,
    published: vagueDate(p.published),
    retrieved: p.retrieved ?? null,
  });
}

export function reportRevisedEvent(
  reportId: string,
  published: string,
  reason = 'date corrected',
): DomainEvent {
  return encode('ReportRevised', { reportId, changes: { published: vagueDate(published) }, reason });
}

export interface ClaimSpec {
  id: string;
  report: string;
  mission: string;
  kind: ClaimKind;
  stance?: Stance;
  controller?: string;
  occurred: string;
  /** For relative dates ("earlier"): the report's publication date. */
  anchor?: string;
  quote?: string;
  claimant?: string;
  actorId?: string | null;
  respondsTo?: string | null;
  via?: CitationLink[];
  credibility?: number;
  notes?: string | null;
}

export function claimEvent(p: ClaimSpec): DomainEvent {
  return encode('ClaimRecorded', {
    claimId: p.id,
    reportId: p.report,
    missionId: p.mission,
    kind: p.kind,
    stance: p.stance ?? 'asserts',
    controller: p.controller ?? 'unknown',
    occurred: vagueDate(p.occurred, p.anchor ?? null),
    quote: p.quote ?? '',
    ...(p.credibility === undefined ? {} : { credibility: p.credibility }),
    respondsTo: p.respondsTo ?? null,
    claimant: { asWritten: p.claimant ?? 'someone', actorId: p.actorId ?? null },
    via: p.via ?? [],
    notes: p.notes ?? null,
  });
}

export function retractEvent(claimId: string, reason: string, reportId: string | null = null): DomainEvent {
  return encode('ClaimRetracted', { claimId, reportId, reason, quote: null });
}

export function correctEvent(
  claimId: string,
  changes: Record<string, unknown>,
  reason = 'extraction error',
): DomainEvent {
  return encode('ClaimCorrected', { claimId, changes, reason, correctedBy: 'analyst' });
}

/** An analyst's assessment of a claim: by 'analyst', undated and with no likelihood unless `more` says. */
export function assessEvent(
  claimId: string,
  credibility: number | null,
  rationale = 'assessed',
  more: {
    readonly assessedBy?: string;
    readonly assessedOn?: string | null;
    readonly likelihood?: string | null;
  } = {},
): DomainEvent {
  return encode('ClaimAssessed', {
    claimId,
    credibility,
    likelihood: more.likelihood ?? null,
    rationale,
    assessedBy: more.assessedBy ?? 'analyst',
    assessedOn: more.assessedOn ?? null,
  });
}

/** Wraps events as recorded ones, positions from `start`, one second apart from `time`. */
export function recordAll(
  events: readonly DomainEvent[],
  options: { start?: number; time?: string; stepMs?: number; ingestRunId?: string } = {},
): RecordedEvent[] {
  const start = options.start ?? 1;
  const t0 = Date.parse(options.time ?? '2024-01-01T00:00:00.000Z');
  return events.map((event, i) => ({
    event,
    envelope: {
      eventId: `e-${start + i}`,
      stream: streamOf(event),
      revision: 0,
      position: start + i,
      recordedAt: new Date(t0 + i * (options.stepMs ?? 1000)).toISOString(),
      metadata: options.ingestRunId === undefined ? {} : { ingestRunId: options.ingestRunId },
    },
  }));
}

/** Appends events one by one to their streams, with ids derived from their content. */
export async function appendAll(
  store: EventStore,
  events: readonly DomainEvent[],
  metadata: EventMetadata = {},
): Promise<void> {
  for (const event of events) {
    const stream = streamOf(event);
    const encoded = encodeEvent(event.type, event.data as never);
    await store.append(stream, [
      {
        id: deterministicId(stream, event.type, JSON.stringify(event.data)),
        type: encoded.type,
        version: encoded.version,
        data: encoded.data,
        metadata,
      },
    ]);
  }
}
