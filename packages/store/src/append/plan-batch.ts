// The decision behind one atomic batch, shared by the adapters that own their log (memory, SQLite):
// which offered events are new, whether each write's expectation holds, and the envelope (position,
// revision, hashes) of what will be stored. Pure: the adapter looks up what it needs, then writes.
import { canonicalJson } from '../integrity/canonical-json.js';
import { chainHashOfEncoded } from '../integrity/chain-hash.js';
import { EventIdConflictError } from '../port/errors.js';
import type { AppendResult, EventMetadata, NewEvent, StoredEvent, StreamWrite } from '../port/event-store.js';
import { assertExpectation } from './expectation.js';

/** An already stored event, as much of it as the idempotency check compares. */
export interface StoredIdentity {
  readonly stream: string;
  readonly type: string;
  readonly version: number;
  readonly dataJson: string;
  readonly metadataJson: string;
}

/** A stream's last event; absent streams are simply not found. */
export interface StreamTip {
  readonly revision: number;
  readonly position: number;
}

/** The end of the global chain: position and hash of the last event (0 and GENESIS_HASH when empty). */
export interface LogHead {
  readonly position: number;
  readonly hash: string;
  readonly count: number;
}

/** What the planner asks the adapter; both are answered from data read inside the write transaction. */
export interface BatchLookup {
  tip(stream: string): StreamTip | undefined;
  stored(id: string): StoredIdentity | undefined;
}

/** An event ready to store, with its data and metadata as the JSON text that was hashed and is stored. */
export type PlannedEvent = Omit<StoredEvent, 'data'> & {
  readonly dataJson: string;
  readonly metadataJson: string;
};

export interface BatchPlan {
  readonly events: readonly PlannedEvent[];
  readonly results: readonly AppendResult[];
  readonly head: LogHead;
}

/** Only the metadata fields the port defines, so what is hashed is exactly what reads give back. */
export function pickMetadata(metadata: EventMetadata | undefined): EventMetadata {
  if (!metadata) return {};
  const picked: { -readonly [K in keyof EventMetadata]: EventMetadata[K] } = {};
  if (metadata.correlationId !== undefined) picked.correlationId = metadata.correlationId;
  if (metadata.causationId !== undefined) picked.causationId = metadata.causationId;
  if (metadata.ingestRunId !== undefined) picked.ingestRunId = metadata.ingestRunId;
  return picked;
}

const EMPTY_METADATA_JSON = '{}';

/**
 * Plans a batch of writes against the log as looked up. Per write: ids already stored (or offered
 * earlier in the batch) with the same content in the same stream are skipped; the same id with other
 * content, or in another stream, is an EventIdConflictError; when every offered event is a repeat the
 * write is an idempotent retry and its expectation is not checked (it held when the events were first
 * written); otherwise the expectation is checked against the stream as it stands, earlier writes of
 * the batch included. Any error rejects the whole batch, so nothing of it is stored.
 */
export function planBatch(
  writes: readonly StreamWrite[],
  lookup: BatchLookup,
  head: LogHead,
  recordedAt: string,
): BatchPlan {
  const events: PlannedEvent[] = [];
  const results: AppendResult[] = [];
  const stagedTips = new Map<string, StreamTip>();
  const stagedIds = new Map<string, StoredIdentity>();
  const metadataOf = new MetadataMemo();
  // The type's and version's JSON, kept while consecutive events repeat them, and encoded as
  // chainHashOfJson encodes them, so that both give one digest.
  let type: unknown;
  let typeJson: string | undefined;
  let version: unknown;
  let versionJson: string | undefined;
  const recordedAtJson = JSON.stringify(recordedAt);
  let { position, hash, count } = head;

  for (const write of writes) {
    const { stream } = write;
    const fresh: { event: NewEvent; identity: StoredIdentity; metadata: EventMetadata }[] = [];
    const offered = new Map<string, StoredIdentity>();
    let repeats = 0;
    for (const event of write.events) {
      const { metadata, metadataJson } = metadataOf.picked(event.metadata);
      const identity = identityOf(stream, event, metadataJson);
      const twin = offered.get(event.id) ?? stagedIds.get(event.id) ?? lookup.stored(event.id);
      if (twin) {
        if (twin.stream !== stream) {
          throw new EventIdConflictError(event.id, stream, `is already stored in stream "${twin.stream}"`);
        }
        if (!sameContent(twin, identity)) {
          throw new EventIdConflictError(event.id, stream, 'is already stored with other content');
        }
        repeats++;
        continue;
      }
      offered.set(event.id, identity);
      fresh.push({ event, identity, metadata });
    }

    const tip = stagedTips.get(stream) ?? lookup.tip(stream);
    const current = tip?.revision ?? -1;
    const currentPosition = tip?.position ?? -1;
    if (fresh.length === 0 && repeats > 0) {
      results.push({ nextRevision: current, position: currentPosition, appended: 0 });
      continue;
    }
    assertExpectation(stream, write.expectedRevision ?? 'any', current);

    let revision = current;
    const streamJson = JSON.stringify(stream);
    for (const { event, identity, metadata } of fresh) {
      position++;
      revision++;
      count++;
      const prevHash = hash;
      const { dataJson, metadataJson } = identity;
      if (typeJson === undefined || event.type !== type) {
        type = event.type;
        typeJson = JSON.stringify(event.type);
      }
      if (versionJson === undefined || event.version !== version) {
        version = event.version;
        versionJson = canonicalJson(event.version);
      }
      hash = chainHashOfEncoded(prevHash, {
        dataJson,
        idJson: JSON.stringify(event.id),
        metadataJson,
        positionJson: String(position),
        recordedAtJson,
        revisionJson: String(revision),
        streamJson,
        typeJson,
        versionJson,
      });
      events.push({
        id: event.id,
        type: event.type,
        version: event.version,
        dataJson,
        metadataJson,
        metadata,
        stream,
        revision,
        position,
        recordedAt,
        prevHash,
        hash,
      });
      stagedIds.set(event.id, identity);
    }
    if (fresh.length > 0) stagedTips.set(stream, { revision, position });
    results.push({
      nextRevision: revision,
      position: fresh.length > 0 ? position : currentPosition,
      appended: fresh.length,
    });
  }
  return { events, results, head: { position, hash, count } };
}

// Data is stored and hashed as JSON.stringify gives it (storedChainHash): about half the cost of
// canonical JSON, the largest share of planning an append. Metadata, a few fixed fields, stays canonical.
function identityOf(stream: string, event: NewEvent, metadataJson: string): StoredIdentity {
  const dataJson = JSON.stringify(event.data) as string | undefined;
  if (dataJson === undefined) {
    throw new TypeError(`event ${event.id}: data must be a JSON value, got ${typeof event.data}`);
  }
  return { stream, type: event.type, version: event.version, dataJson, metadataJson };
}

const NO_METADATA = Object.freeze({ metadata: Object.freeze({}), metadataJson: EMPTY_METADATA_JSON });

/**
 * The picked metadata and its text, kept from one event to the next: the events of a batch nearly
 * always carry the same run and correlation ids, and picking and writing them out for each one
 * was about a tenth of planning an append. The picked object is shared and frozen.
 */
class MetadataMemo {
  #last: { readonly metadata: EventMetadata; readonly metadataJson: string } = NO_METADATA;
  #causationId: unknown;
  #correlationId: unknown;
  #ingestRunId: unknown;

  picked(metadata: EventMetadata | undefined): {
    readonly metadata: EventMetadata;
    readonly metadataJson: string;
  } {
    if (!metadata) return NO_METADATA;
    const { causationId, correlationId, ingestRunId } = metadata;
    if (
      this.#last !== NO_METADATA &&
      causationId === this.#causationId &&
      correlationId === this.#correlationId &&
      ingestRunId === this.#ingestRunId
    ) {
      return this.#last;
    }
    const picked = Object.freeze(pickMetadata(metadata));
    const fresh = { metadata: picked, metadataJson: metadataText(picked) };
    // Only text is kept: an object (from an untyped caller) could change before the next event.
    if (!isTextOrAbsent(causationId) || !isTextOrAbsent(correlationId) || !isTextOrAbsent(ingestRunId))
      return fresh;
    this.#last = fresh;
    this.#causationId = causationId;
    this.#correlationId = correlationId;
    this.#ingestRunId = ingestRunId;
    return this.#last;
  }
}

const isTextOrAbsent = (value: unknown): boolean => value === undefined || typeof value === 'string';

/**
 * canonicalJson of picked metadata, written directly when every field is text (as typed): its three
 * keys in sorted order. Any other value (from an untyped caller) goes through canonicalJson.
 */
function metadataText(metadata: EventMetadata): string {
  const { causationId, correlationId, ingestRunId } = metadata;
  if (
    (causationId !== undefined && typeof causationId !== 'string') ||
    (correlationId !== undefined && typeof correlationId !== 'string') ||
    (ingestRunId !== undefined && typeof ingestRunId !== 'string')
  ) {
    return canonicalJson(metadata);
  }
  let out = '';
  if (causationId !== undefined) out += `,"causationId":${JSON.stringify(causationId)}`;
  if (correlationId !== undefined) out += `,"correlationId":${JSON.stringify(correlationId)}`;
  if (ingestRunId !== undefined) out += `,"ingestRunId":${JSON.stringify(ingestRunId)}`;
  return out === '' ? EMPTY_METADATA_JSON : `{${out.slice(1)}}`;
}

// Metadata is left out on purpose: it describes the write (which ingest run, which correlation), not
// the fact. A retry from another run carries another run id and is still the same event; the first
// write's metadata is the one kept.
function sameContent(a: StoredIdentity, b: StoredIdentity): boolean {
  return a.type === b.type && a.version === b.version && sameData(a.dataJson, b.dataJson);
}

// The same text is the same data. Different text may still be the same value: a retry that built the
// object with its keys in another order, or an event stored as canonical JSON by SQLite schema 1.
// Stored text that no longer parses (a damaged file) is other content: the retry is refused as a conflict.
function sameData(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return false;
  }
}
