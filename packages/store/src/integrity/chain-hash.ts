// The chain's hash: what each event's hash covers and how it is computed. Walking a chain and
// reporting where it breaks is hash-chain.ts.
import { hash } from 'node:crypto';
import type { StoredEvent } from '../port/event-store.js';
import { canonicalJson } from './canonical-json.js';

/** The previous hash of the first event in a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a stored event's hash covers: everything about it except the hash itself. */
export type HashedContent = Omit<StoredEvent, 'hash'>;

/**
 * sha-256 over the previous hash and the JSON of the event's envelope (position, stream, revision,
 * recorded time, type, version, data, metadata, prevHash). Changing, removing or moving any event
 * changes its hash or breaks the link from the next one.
 *
 * Two forms of the data are hashed in practice, and verifyChain accepts either:
 * - the stored form (storedChainHash): the data as the JSON text the store keeps, JSON.stringify of
 *   the value as written. The SQLite and memory stores hash this since SQLite schema 2: it costs one
 *   plain serialisation per event, and the chain covers exactly the text stored. A reader holding the
 *   parsed value gets the same text back from JSON.stringify, as JSON.parse keeps key order.
 * - the canonical form (this function): the data as canonical JSON (keys sorted at every depth), so
 *   the digest does not depend on how the value was built. The EventStoreDB adapter hashes this, and
 *   so did SQLite schema 1, whose stored text was canonical and so is also its stored form.
 * Metadata is canonical JSON in both. Accepting either form does not weaken verification of values:
 * each is a sha-256 over the event's whole content, and an altered value matches neither. The SQLite
 * store's own verify goes further and hashes the stored text itself (a HashCheck), so an edit that
 * keeps the value but changes the bytes is caught too.
 */
export function chainHash(content: HashedContent): string {
  return chainHashOfJson({
    ...content,
    dataJson: canonicalJson(content.data),
    metadataJson: canonicalJson(content.metadata),
  });
}

/** The digest over the data's stored form (see chainHash): JSON.stringify of the data, canonical metadata. */
export function storedChainHash(content: HashedContent): string {
  const dataJson = JSON.stringify(content.data) as string | undefined;
  return chainHashOfJson({
    ...content,
    dataJson: dataJson ?? 'null',
    metadataJson: canonicalJson(content.metadata),
  });
}

/** Whether `hash` is the event's digest in either form chainHash describes. */
export function matchesChainHash(content: HashedContent, hash: string): boolean {
  return storedChainHash(content) === hash || chainHash(content) === hash;
}

/** The envelope of a hashed event with data and metadata already serialised. */
export type HashedJsonContent = Omit<HashedContent, 'data' | 'metadata'> & {
  readonly dataJson: string;
  readonly metadataJson: string;
};

/**
 * The digest of an event whose data and metadata the writer already holds as the JSON text it
 * stores, so the payload is serialised once per event, not twice. With canonical JSON it gives
 * chainHash, with the stored form storedChainHash. The members are written in sorted key order by
 * hand: what canonicalJson of the envelope gives.
 */
export function chainHashOfJson(content: HashedJsonContent): string {
  const { id, type, version, dataJson, metadataJson, stream, revision, position, recordedAt, prevHash } =
    content;
  return chainHashOfEncoded(prevHash, {
    dataJson,
    idJson: JSON.stringify(id),
    metadataJson,
    positionJson: canonicalJson(position),
    recordedAtJson: JSON.stringify(recordedAt),
    revisionJson: canonicalJson(revision),
    streamJson: JSON.stringify(stream),
    typeJson: JSON.stringify(type),
    versionJson: canonicalJson(version),
  });
}

/** Every member of the hashed envelope as its JSON text. */
export interface EncodedEnvelope {
  readonly dataJson: string;
  readonly idJson: string;
  readonly metadataJson: string;
  readonly positionJson: string;
  readonly recordedAtJson: string;
  readonly revisionJson: string;
  readonly streamJson: string;
  readonly typeJson: string;
  readonly versionJson: string;
}

/**
 * chainHashOfJson with every member already JSON text, for a writer hashing a batch: the recorded
 * time is encoded once per batch and the stream once per write. The members are written in sorted
 * key order by hand: what canonicalJson of the envelope gives.
 */
export function chainHashOfEncoded(prevHash: string, e: EncodedEnvelope): string {
  const envelope =
    `{"data":${e.dataJson},"id":${e.idJson},"metadata":${e.metadataJson},"position":${e.positionJson}` +
    `,"recordedAt":${e.recordedAtJson},"revision":${e.revisionJson},"stream":${e.streamJson}` +
    `,"type":${e.typeJson},"version":${e.versionJson}}`;
  // One-shot crypto.hash: about twice as fast as createHash for inputs this small.
  return hash('sha256', `${prevHash}\n${envelope}`, 'hex');
}
