import { type DomainEvent, decodeEvent } from '@kb/domain';
import type { StoredEvent } from '@kb/store';

/**
 * A stored event in its newest shape. The store holds only what encodeEvent validated, so events
 * already at the newest version skip the schema check, as the projections read them; older ones are
 * still validated as they are upcast.
 */
export function decodeStored(stored: StoredEvent): DomainEvent {
  return decodeEvent(stored.type, stored.version, stored.data, { trusted: true });
}
