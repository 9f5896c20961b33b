import { type DecodeOptions, type DomainEvent, decodeEvent } from '@kb/domain';
import type { EventMetadata, StoredEvent } from '@kb/store';
import { readingEvent } from './unreadable-event.js';

/** Where and when the store put an event: the recorded-time axis, set by the store only. */
export interface RecordedEnvelope {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  /** ISO 8601 UTC timestamp the store recorded the event at. */
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
}

/** A domain event in its newest shape beside its envelope: what every projection folds. */
export interface RecordedEvent {
  readonly event: DomainEvent;
  readonly envelope: RecordedEnvelope;
}

/**
 * How the projections decode what they read back from their store, which only holds what
 * encodeEvent validated (and its hash chain shows unchanged): events already at the newest version
 * skip the schema check, since re-validating each one cost more than reading it. Older versions are
 * still validated as they are upcast.
 */
export const FROM_STORE: DecodeOptions = { trusted: true };

/**
 * Decodes a stored event and upcasts it to the newest shape, so projections never see old versions.
 * Pass FROM_STORE only for events just read back from the store (see DecodeOptions).
 * @example toRecordedEvent(stored).event.type // 'ClaimRecorded'
 */
export function toRecordedEvent(stored: StoredEvent, options?: DecodeOptions): RecordedEvent {
  return {
    event: decodeEvent(stored.type, stored.version, stored.data, options),
    envelope: {
      eventId: stored.id,
      stream: stored.stream,
      revision: stored.revision,
      position: stored.position,
      recordedAt: stored.recordedAt,
      metadata: stored.metadata,
    },
  };
}

/**
 * An event just read back from the store, decoded as toRecordedEvent does with FROM_STORE; one that
 * does not decode is named (UnreadableEventError) rather than passed on as the decoder's message.
 */
export function readRecorded(stored: StoredEvent): RecordedEvent {
  return readingEvent(stored, () => toRecordedEvent(stored, FROM_STORE));
}
