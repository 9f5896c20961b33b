// The tamper-evidence chain as this adapter keeps it: per stream, since the server alone orders $all.
import { chainHash, GENESIS_HASH, type HashedContent } from '../integrity/chain-hash.js';
import type { VerifyReport } from '../integrity/hash-chain.js';
import type { StoredEvent } from '../port/event-store.js';

/**
 * The position the hash covers. EventStoreDB assigns $all positions only when it commits, after
 * the hash must be fixed, so here the chain runs per stream and covers stream and revision instead.
 */
export const UNHASHED_POSITION = -1;

/** chainHash with the position this adapter can know before writing. */
export function eventStoreDbHash(content: HashedContent): string {
  return chainHash({ ...content, position: UNHASHED_POSITION });
}

export interface StreamChainBreak {
  readonly revision: number;
  readonly reason: string;
}

/**
 * Walks one stream's events in revision order and names the first whose revision, link or hash is
 * wrong; null when the chain holds. The per-stream counterpart of verifyChain for this adapter.
 */
export async function verifyStreamChain(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
): Promise<StreamChainBreak | null> {
  let prevHash = GENESIS_HASH;
  let expectedRevision = 0;
  for await (const event of events) {
    if (event.revision !== expectedRevision) {
      return { revision: event.revision, reason: `expected revision ${expectedRevision} here` };
    }
    if (event.prevHash !== prevHash) {
      return {
        revision: event.revision,
        reason: 'its previous-hash link does not match the event before it',
      };
    }
    if (eventStoreDbHash(event) !== event.hash) {
      return { revision: event.revision, reason: 'its content does not match its hash' };
    }
    prevHash = event.hash;
    expectedRevision++;
  }
  return null;
}

/**
 * Walks the whole log in `$all` order, checking each stream's chain as its events come (one last
 * hash kept per stream), and names the first event where a chain breaks: what `kb verify` runs on
 * EventStoreDB. Events cut off the end of a stream cannot be seen here: there is no head to compare.
 */
export async function verifyLogPerStream(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
): Promise<VerifyReport> {
  const last = new Map<string, { hash: string; revision: number }>();
  let checked = 0;
  let lastHash = GENESIS_HASH;
  for await (const event of events) {
    const before = last.get(event.stream) ?? { hash: GENESIS_HASH, revision: -1 };
    const reason =
      event.revision !== before.revision + 1
        ? `stream "${event.stream}" jumps from revision ${before.revision} to ${event.revision} (an event was removed)`
        : event.prevHash !== before.hash
          ? `its previous-hash link does not match the event before it in stream "${event.stream}"`
          : eventStoreDbHash(event) !== event.hash
            ? 'its content does not match its hash (the event was altered)'
            : null;
    if (reason !== null) {
      return { ok: false, checked, lastHash, firstBreak: { position: event.position, reason } };
    }
    last.set(event.stream, { hash: event.hash, revision: event.revision });
    lastHash = event.hash;
    checked++;
  }
  return { ok: true, checked, lastHash, firstBreak: null };
}
