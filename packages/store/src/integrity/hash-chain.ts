import { createHash } from 'node:crypto';
import type { StoredEvent } from '../port/event-store.js';
import { canonicalJson } from './canonical-json.js';

/** The previous hash of the first event in a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a stored event's hash covers: everything about it except the hash itself. */
export type HashedContent = Omit<StoredEvent, 'hash'>;

/**
 * sha-256 over the previous hash and the canonical JSON of the event (position, stream, revision,
 * recorded time, type, version, data, metadata, prevHash). Changing, removing or moving any event
 * changes its hash or breaks the link from the next one.
 */
export function chainHash(content: HashedContent): string {
  const { id, type, version, data, metadata, stream, revision, position, recordedAt, prevHash } = content;
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ id, type, version, data, metadata, stream, revision, position, recordedAt }))
    .digest('hex');
}

export interface ChainBreak {
  /** Global position of the first event that does not verify. */
  readonly position: number;
  readonly reason: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Events checked before the first break (all of them when ok). */
  readonly checked: number;
  readonly lastHash: string;
  readonly firstBreak: ChainBreak | null;
}

/**
 * Walks events in log order and names the first one whose link or hash is wrong.
 * `expectedHead`, when the store keeps one, catches events cut off the end of the log.
 */
export async function verifyChain(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
  expectedHead?: { count: number; lastHash: string } | null,
): Promise<VerifyReport> {
  let prevHash = GENESIS_HASH;
  let prevPosition = Number.NEGATIVE_INFINITY;
  let checked = 0;
  const broken = (position: number, reason: string): VerifyReport => ({
    ok: false,
    checked,
    lastHash: prevHash,
    firstBreak: { position, reason },
  });
  for await (const event of events) {
    if (event.position <= prevPosition) {
      return broken(event.position, `position ${event.position} is not after ${prevPosition}`);
    }
    if (event.prevHash !== prevHash) {
      return broken(event.position, 'its previous-hash link does not match the event before it (an event before it was removed, added or moved)');
    }
    if (chainHash(event) !== event.hash) {
      return broken(event.position, 'its content does not match its hash (the event was altered)');
    }
    prevHash = event.hash;
    prevPosition = event.position;
    checked++;
  }
  if (expectedHead && (expectedHead.count !== checked || expectedHead.lastHash !== prevHash)) {
    const at = Number.isFinite(prevPosition) ? prevPosition + 1 : 1;
    return broken(
      at,
      `the log ends after ${checked} events, but the store's head records ${expectedHead.count} (events were cut off the end)`,
    );
  }
  return { ok: true, checked, lastHash: prevHash, firstBreak: null };
}
