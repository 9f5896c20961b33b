// The decision behind one append, taken on the stream as just read: which events are new, whether
// the caller's expectation holds, and the envelope (revision, hashes) of what will be written.
// Kept pure so the rules are tested without a server; eventstoredb-append.ts only reads, plans
// and writes.
import { assertExpectation } from '../append/expectation.js';
import { pickMetadata } from '../append/plan-batch.js';
import { canonicalJson } from '../integrity/canonical-json.js';
import { GENESIS_HASH, type HashedContent } from '../integrity/chain-hash.js';
import { EventIdConflictError } from '../port/errors.js';
import type { ExpectedRevision, NewEvent, StoredEvent } from '../port/event-store.js';
import { eventStoreDbHash, UNHASHED_POSITION } from './eventstoredb-chain.js';

/** A stream as read before appending. */
export interface StreamState {
  /** Last revision, -1 when the stream does not exist. */
  readonly lastRevision: number;
  /** Global position of the last event, -1 when the stream does not exist. */
  readonly lastPosition: number;
  /** Hash of the last event, GENESIS_HASH when the stream does not exist. */
  readonly lastHash: string;
  readonly byId: ReadonlyMap<string, StoredEvent>;
}

export type AppendPlan =
  /** Nothing to write: every event is already in the stream (a retry), or none was offered. */
  | { readonly kind: 'nothing' }
  | { readonly kind: 'write'; readonly events: readonly Omit<StoredEvent, 'position'>[] };

/** Folds a stream's events, in revision order, into the state an append needs. */
export function streamStateOf(events: readonly StoredEvent[]): StreamState {
  const last = events.at(-1);
  return {
    lastRevision: last?.revision ?? -1,
    lastPosition: last?.position ?? -1,
    lastHash: last?.hash ?? GENESIS_HASH,
    byId: new Map(events.map((event) => [event.id, event])),
  };
}

/**
 * Decides an append. Ids already in the stream with the same content are dropped (so a retried
 * append writes nothing, whatever its expectation said); the same id with other content is an
 * EventIdConflictError. The expectation is checked unless every offered event is already stored (a
 * retry): an append of no events is checked too.
 */
export function planAppend(
  stream: string,
  state: StreamState,
  offered: readonly NewEvent[],
  expected: ExpectedRevision,
  recordedAt: string,
): AppendPlan {
  const fresh = new Map<string, NewEvent>();
  let repeats = 0;
  for (const event of offered) {
    if (canonicalJson(event.data) === undefined) {
      throw new TypeError(`event ${event.id}: data must be a JSON value, got ${typeof event.data}`);
    }
    const stored = state.byId.get(event.id);
    const earlier = fresh.get(event.id);
    const twin = stored ?? earlier;
    if (twin) {
      if (!sameContent(twin, event)) {
        const where = stored ? 'is already stored in this stream' : 'is offered twice in one append';
        throw new EventIdConflictError(event.id, stream, `${where} with other content`);
      }
      repeats++;
      continue;
    }
    fresh.set(event.id, event);
  }
  if (fresh.size === 0 && repeats > 0) return { kind: 'nothing' };
  assertExpectation(stream, expected, state.lastRevision);
  if (fresh.size === 0) return { kind: 'nothing' };

  let prevHash = state.lastHash;
  let revision = state.lastRevision;
  const events = [...fresh.values()].map((event) => {
    revision++;
    const content: HashedContent = {
      id: event.id,
      type: event.type,
      version: event.version,
      data: event.data,
      metadata: pickMetadata(event.metadata),
      stream,
      revision,
      position: UNHASHED_POSITION,
      recordedAt,
      prevHash,
    };
    const hash = eventStoreDbHash(content);
    prevHash = hash;
    const { position: _unknownYet, ...rest } = content;
    return { ...rest, hash };
  });
  return { kind: 'write', events };
}

// Metadata (run id, correlation) describes the write, not the fact: a retry from another run is the same event.
function sameContent(a: Pick<NewEvent, 'type' | 'version' | 'data'>, b: NewEvent): boolean {
  return a.type === b.type && a.version === b.version && canonicalJson(a.data) === canonicalJson(b.data);
}
