import type { z } from 'zod';
import {
  EventSchemaError,
  fieldIssues,
  UnknownEventTypeError,
  UnsupportedEventVersionError,
} from '../errors/domain-errors.js';
import {
  ClaimAssessedV1,
  ClaimCorrectedV1,
  ClaimCorrectedV2,
  ClaimRecordedV1,
  ClaimRecordedV2,
  ClaimRetractedV1,
} from './claim-events.js';
import {
  ActorRegisteredV1,
  AliasAddedV1,
  MissionRegisteredV1,
  SourceGradedV1,
  SourceRegisteredV1,
} from './registry-events.js';
import { ReportCapturedV1, ReportRevisedV1 } from './report-events.js';

/**
 * Every version of every event type, oldest first. The last entry is the newest shape, the only one
 * projections ever see; each older entry carries the upcaster that lifts its data one version up.
 * Adding a version: append `{schema, up}` to the type's list where `up` maps the previous newest shape.
 */
const versions = {
  MissionRegistered: [{ schema: MissionRegisteredV1 }],
  ActorRegistered: [{ schema: ActorRegisteredV1 }],
  AliasAdded: [{ schema: AliasAddedV1 }],
  SourceRegistered: [{ schema: SourceRegisteredV1 }],
  SourceGraded: [{ schema: SourceGradedV1 }],
  ReportCaptured: [{ schema: ReportCapturedV1 }],
  ReportRevised: [{ schema: ReportRevisedV1 }],
  ClaimRecorded: [
    { schema: ClaimRecordedV1 },
    {
      schema: ClaimRecordedV2,
      // v1 had a bare claimant string and no citation chain.
      up: (v1: ClaimRecordedV1): z.input<typeof ClaimRecordedV2> => {
        const { claimant, ...rest } = v1;
        return { ...rest, claimant: { asWritten: claimant, actorId: null }, via: [], notes: null };
      },
    },
  ],
  ClaimRetracted: [{ schema: ClaimRetractedV1 }],
  ClaimCorrected: [{ schema: ClaimCorrectedV1 }, { schema: ClaimCorrectedV2, up: correctionWithoutDefault }],
  ClaimAssessed: [{ schema: ClaimAssessedV1 }],
} as const;

/**
 * v1 corrections carry `credibility` whether or not the correction named one (claim-events.ts): a 6
 * beside other changes is taken for that default and dropped. A 6 that is the only change was named
 * (v1's ingest refused a correction record changing nothing; the event schema's own "must change a
 * field" check cannot, as the default is filled in before it runs), so it stays. The one case read wrongly is a v1 correction that
 * named credibility 6 together with other fields: its credibility change is lost, where keeping
 * every 6 would reset the credibility of every claim ever corrected.
 */
function correctionWithoutDefault(v1: ClaimCorrectedV1): z.input<typeof ClaimCorrectedV2> {
  const { credibility, ...others } = v1.changes;
  if (credibility !== 6 || Object.keys(others).length === 0) return v1;
  return { ...v1, changes: others };
}

type Versions = typeof versions;
export type DomainEventType = keyof Versions;
type Newest<T extends DomainEventType> = Versions[T] extends readonly [...unknown[], infer L]
  ? L extends { schema: z.ZodType }
    ? z.infer<L['schema']>
    : never
  : never;

/** An event in its newest shape: what deciders emit and projections fold. */
export type DomainEvent = {
  [T in DomainEventType]: { readonly type: T; readonly data: Newest<T> };
}[DomainEventType];
export type EventOfType<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

export const DOMAIN_EVENT_TYPES = Object.keys(versions) as DomainEventType[];

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(versions, type);
}

/** The version new events of this type are written at. */
export function currentVersion(type: DomainEventType): number {
  return versions[type].length;
}

type VersionEntry = { schema: z.ZodType; up?: (data: never) => unknown };

/** The schema new events of this type are written with (for tools that check data before encodeEvent). */
export function eventSchema(type: DomainEventType): z.ZodType {
  const list = versions[type] as readonly VersionEntry[];
  return list[list.length - 1]!.schema;
}

/** Validates data against the newest schema (applying defaults) and says which version it is. */
export function encodeEvent<T extends DomainEventType>(
  type: T,
  data: z.input<Versions[T][number]['schema']> | Newest<T>,
): { type: T; version: number; data: Newest<T> } {
  const list = versions[type] as readonly VersionEntry[];
  const version = list.length;
  const parsed = list[version - 1]!.schema.safeParse(data);
  if (!parsed.success)
    throw new EventSchemaError(type, version, fieldIssues(parsed.error), { cause: parsed.error });
  return { type, version, data: parsed.data as Newest<T> };
}

/** How decodeEvent treats data already at the newest version. */
export interface DecodeOptions {
  /**
   * Skip the schema check for data already at the newest version and return it as given. Only for
   * data read back from the event store: encodeEvent validated it when it was written, and the
   * store's hash chain shows it unchanged since. Older versions are always validated after each
   * upcast, trusted or not, and the type and version are always checked. Default false.
   */
  readonly trusted?: boolean;
}

/**
 * Reads a stored event of any known version: validates it against the schema of its own version,
 * then upcasts it step by step to the newest shape and validates that.
 * @example decodeEvent('ClaimRecorded', 1, storedV1Data).data.claimant.asWritten
 */
export function decodeEvent(
  type: string,
  version: number,
  data: unknown,
  options?: DecodeOptions,
): DomainEvent {
  if (!isDomainEventType(type)) throw new UnknownEventTypeError(type);
  const list = versions[type] as readonly VersionEntry[];
  if (!Number.isInteger(version) || version < 1 || version > list.length) {
    throw new UnsupportedEventVersionError(
      type,
      version,
      list.map((_, i) => i + 1),
    );
  }
  // A replay decodes every event of the log; re-running the newest schema costs more than reading it.
  if (options?.trusted === true && version === list.length) return { type, data } as DomainEvent;
  let current: unknown = data;
  for (let v = version; v <= list.length; v++) {
    const entry = list[v - 1]!;
    if (v > version) current = entry.up!(current as never);
    const parsed = entry.schema.safeParse(current);
    if (!parsed.success) throw new EventSchemaError(type, v, fieldIssues(parsed.error));
    current = parsed.data;
  }
  return { type, data: current } as DomainEvent;
}

/**
 * The stream an event belongs to. One stream per thing the log talks about, so that the first
 * event of each can be appended with `noStream` (a retried ingest dedupes on the server too), and
 * a claim's later history (retraction, corrections, assessments) sits behind it in order.
 */
export function streamOf(event: DomainEvent): string {
  switch (event.type) {
    case 'MissionRegistered':
      return missionStream(event.data.missionId);
    case 'ActorRegistered':
      return actorStream(event.data.actorId);
    case 'AliasAdded':
      return `${event.data.subject}-${event.data.id}`;
    case 'SourceRegistered':
    case 'SourceGraded':
      return sourceStream(event.data.sourceId);
    case 'ReportCaptured':
    case 'ReportRevised':
      return reportStream(event.data.reportId);
    case 'ClaimRecorded':
    case 'ClaimRetracted':
    case 'ClaimCorrected':
    case 'ClaimAssessed':
      return claimStream(event.data.claimId);
    default: {
      const never: never = event;
      throw new UnknownEventTypeError((never as { type: string }).type);
    }
  }
}

export const STREAM_PREFIX = {
  mission: 'mission-',
  actor: 'actor-',
  source: 'source-',
  report: 'report-',
  claim: 'claim-',
} as const;

export const missionStream = (id: string) => `${STREAM_PREFIX.mission}${id}`;
export const actorStream = (id: string) => `${STREAM_PREFIX.actor}${id}`;
export const sourceStream = (id: string) => `${STREAM_PREFIX.source}${id}`;
export const reportStream = (id: string) => `${STREAM_PREFIX.report}${id}`;
export const claimStream = (id: string) => `${STREAM_PREFIX.claim}${id}`;
