// How one port event is laid out in EventStoreDB: the server keeps id, type, stream, revision,
// position and data; the rest of our envelope travels in the event's JSON metadata.
import type { EventData, JSONType, Position } from '@eventstore/db-client';
import { pickMetadata } from '../append/plan-batch.js';
import { deterministicId } from '../integrity/deterministic-id.js';
import { StoreUnavailableError } from '../port/errors.js';
import type { EventMetadata, StoredEvent } from '../port/event-store.js';
import { NO_POSITION_HALF, toGlobalPosition } from './eventstoredb-mapping.js';

/** The JSON metadata the adapter writes on every event. */
export interface EnvelopeMetadata {
  readonly version: number;
  readonly recordedAt: string;
  readonly hash: string;
  readonly prevHash: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly ingestRunId?: string;
  /** The caller's id when it is not a UUID (the server accepts only UUIDs); see `toServerEventId`. */
  readonly eventId?: string;
}

/** The subset of a recorded event the mapping needs, so tests can build one without a server. */
export interface RecordedLike {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position | undefined;
}

/** Whether a recorded event's position is the server's "none" rather than an offset in the log. */
function lacksPosition(position: Position): boolean {
  if (position.commit === NO_POSITION_HALF || position.prepare === NO_POSITION_HALF) return true;
  return position.commit === 0n && position.prepare === 0n;
}

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The id the server stores. Deterministic UUIDs pass through, so the server's own idempotency
 * check sees the caller's id; any other string is hashed to a UUID and kept in the metadata.
 */
export function toServerEventId(id: string): string {
  return CANONICAL_UUID.test(id) ? id : deterministicId('eventstoredb-event-id', id);
}

/** A stored event (envelope complete, hash computed) as the client's event data. */
export function toEventData(event: Omit<StoredEvent, 'position'>): EventData {
  const serverId = toServerEventId(event.id);
  const metadata: EnvelopeMetadata = {
    version: event.version,
    recordedAt: event.recordedAt,
    hash: event.hash,
    prevHash: event.prevHash,
    ...pickMetadata(event.metadata),
    ...(serverId === event.id ? {} : { eventId: event.id }),
  };
  return {
    id: serverId,
    contentType: 'application/json',
    type: event.type,
    // The client JSON.stringifies whatever it is given; the port's data is any JSON value.
    data: event.data as JSONType,
    metadata: metadata as unknown as JSONType,
  };
}

/** A recorded event back as the port's StoredEvent; fails loudly on an event another writer laid out. */
export function fromRecordedEvent(recorded: RecordedLike): StoredEvent {
  const where = `event ${recorded.id} in "${recorded.streamId}"`;
  const position = recorded.position;
  // A server that has no position for an event sends -1 as ulong.MaxValue in either half
  // (Position.FromInt64 in the server's gRPC layer): stream reads before 22.6 do for every event,
  // and later ones for an event written in an explicit transaction. The client hands that on as
  // 2^64-1 (extractPosition in dist/utils/convertGrpcEvent.js). Commit 0, prepare 0 is no real
  // position either (a log begins with the server's own records), only the protobuf default.
  if (!position || lacksPosition(position)) {
    throw new StoreUnavailableError(
      `${where} came without its $all position (the server sent none: EventStoreDB older than 22.6 reports none on stream reads, and none is known for an event written in an explicit transaction); the adapter needs EventStoreDB 22.6 or later`,
    );
  }
  const meta = recorded.metadata;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta) || meta instanceof Uint8Array) {
    throw new StoreUnavailableError(`${where}: metadata is not the adapter's JSON envelope`);
  }
  const fields = meta as { readonly [K in keyof EnvelopeMetadata]?: unknown };
  const version = fields.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new StoreUnavailableError(`${where}: metadata.version: expected an integer`);
  }
  const text = (field: 'recordedAt' | 'hash' | 'prevHash'): string => {
    const value = fields[field];
    if (typeof value !== 'string')
      throw new StoreUnavailableError(`${where}: metadata.${field}: expected a string`);
    return value;
  };
  const optional = (field: keyof EventMetadata): EventMetadata => {
    const value = fields[field];
    if (value === undefined) return {};
    if (typeof value !== 'string')
      throw new StoreUnavailableError(`${where}: metadata.${field}: expected a string`);
    return { [field]: value };
  };
  const eventId = fields.eventId;
  return {
    id: typeof eventId === 'string' ? eventId : recorded.id,
    type: recorded.type,
    version,
    data: recorded.data,
    metadata: { ...optional('correlationId'), ...optional('causationId'), ...optional('ingestRunId') },
    stream: recorded.streamId,
    revision: Number(recorded.revision),
    position: toGlobalPosition(position, where),
    recordedAt: text('recordedAt'),
    hash: text('hash'),
    prevHash: text('prevHash'),
  };
}
