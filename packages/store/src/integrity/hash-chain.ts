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

export interface ChainBreak {
  /** Global position of the first event that does not verify. */
  readonly position: number;
  readonly reason: string;
  /** Set when the store could not read on from there (a damaged page, a file cut short). */
  readonly unreadable?: true;
}

/**
 * The first event recorded earlier than the event before it: not a break of the chain (the times
 * are hashed, so nobody altered them), but a replay to a recorded time between the two would keep
 * this event and leave out the one before. Stores stamp each batch no earlier than the last event
 * (recorded-time.ts); a log written before they did, or by a writer that did not, may hold one.
 */
export interface RecordedTimeStep {
  readonly position: number;
  readonly recordedAt: string;
  /** The recorded time of the event before it, the latest recorded time up to there. */
  readonly after: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Events checked before the first break (all of them when ok). */
  readonly checked: number;
  readonly lastHash: string;
  readonly firstBreak: ChainBreak | null;
  /** Set when, among the events checked, a recorded time falls back (see RecordedTimeStep). */
  readonly recordedTimeStepsBack?: RecordedTimeStep;
}

/** The head a store keeps beside its log, written in the same transaction as every append. */
export interface ChainHead {
  readonly count: number;
  readonly lastHash: string;
}

/**
 * Walks events in log order and names the first one whose link or hash is wrong.
 * `expectedHead`, when the store keeps one, catches events cut off the end of the log.
 */
export async function verifyChain(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
  expectedHead?: ChainHead | null,
): Promise<VerifyReport> {
  const walk = new ChainWalk(eitherForm);
  for await (const event of events) {
    const report = walk.step(event);
    if (report) return report;
  }
  return walk.finish(expectedHead);
}

/** What a walk along the chain reads of each event besides its hash check. */
export interface ChainLink {
  readonly position: number;
  readonly prevHash: string;
  readonly hash: string;
  /** ISO text, as stores write it; a value that is not text is left to the hash check. */
  readonly recordedAt: unknown;
}

/** Whether an event's hash is right; a store that holds the exact text it hashed checks that instead. */
export type HashCheck<E extends ChainLink = StoredEvent> = (event: E) => boolean;

const eitherForm: HashCheck = (event) => matchesChainHash(event, event.hash);

/** verifyChain for a synchronous source, so a store can check its log inside one read transaction. */
export function verifyChainSync(
  events: Iterable<StoredEvent>,
  expectedHead?: ChainHead | null,
): VerifyReport {
  return verifyLinks(events, expectedHead, eitherForm);
}

/**
 * verifyChainSync over any records that carry the chain's links, with the store's own hash check:
 * the SQLite store hashes the stored text of each row and never needs the events parsed.
 */
export function verifyLinks<E extends ChainLink>(
  events: Iterable<E>,
  expectedHead: ChainHead | null | undefined,
  hashMatches: HashCheck<E>,
): VerifyReport {
  const walk = new ChainWalk(hashMatches);
  for (const event of events) {
    const report = walk.step(event);
    if (report) return report;
  }
  return walk.finish(expectedHead);
}

/** The state of one walk along the chain; `step` returns a report at the first break. */
class ChainWalk<E extends ChainLink = StoredEvent> {
  readonly #hashMatches: HashCheck<E>;
  #prevHash = GENESIS_HASH;
  #prevPosition = Number.NEGATIVE_INFINITY;
  #checked = 0;
  #latestRecordedAt = '';
  #stepBack: RecordedTimeStep | undefined;

  constructor(hashMatches: HashCheck<E>) {
    this.#hashMatches = hashMatches;
  }

  step(event: E): VerifyReport | null {
    if (event.position <= this.#prevPosition) {
      // Named by the place it breaks, right after the last good event: the position the row claims
      // may be anything (0 from a page that was cut short, say).
      return this.#broken(
        this.#prevPosition + 1,
        `position ${event.position} is not after ${this.#prevPosition}`,
      );
    }
    if (event.prevHash !== this.#prevHash) {
      return this.#broken(
        event.position,
        'its previous-hash link does not match the event before it (an event before it was removed, added or moved)',
      );
    }
    if (!this.#hashMatches(event)) {
      return this.#broken(event.position, 'its content does not match its hash (the event was altered)');
    }
    this.#prevHash = event.hash;
    this.#prevPosition = event.position;
    this.#checked++;
    const at = event.recordedAt;
    // Stores write toISOString's fixed-width form, whose text order is time order.
    if (typeof at === 'string') {
      if (at >= this.#latestRecordedAt) this.#latestRecordedAt = at;
      else this.#stepBack ??= { position: event.position, recordedAt: at, after: this.#latestRecordedAt };
    }
    return null;
  }

  finish(expectedHead?: ChainHead | null): VerifyReport {
    const checked = this.#checked;
    if (!expectedHead)
      return this.#withStep({ ok: true, checked, lastHash: this.#prevHash, firstBreak: null });
    const after = Number.isFinite(this.#prevPosition) ? this.#prevPosition + 1 : 1;
    if (expectedHead.count > checked) {
      return this.#broken(
        after,
        `the log ends after ${checked} events, but the store's head records ${expectedHead.count} (events were cut off the end)`,
      );
    }
    if (expectedHead.count !== checked || expectedHead.lastHash !== this.#prevHash) {
      // A chain that verifies yet disagrees with the head was rebuilt or extended behind the store's
      // back. Every event verified on its own, so, as for events cut off the end, the break is named
      // after the last of them: "BROKEN at position n+1 … n events before it verified".
      return this.#broken(
        after,
        `the log holds ${checked} events ending in ${this.#prevHash.slice(0, 12)}…, but the store's head records ${expectedHead.count} ending in ${expectedHead.lastHash.slice(0, 12)}…`,
      );
    }
    return this.#withStep({ ok: true, checked, lastHash: this.#prevHash, firstBreak: null });
  }

  #broken(position: number, reason: string): VerifyReport {
    return this.#withStep({
      ok: false,
      checked: this.#checked,
      lastHash: this.#prevHash,
      firstBreak: { position, reason },
    });
  }

  #withStep(report: VerifyReport): VerifyReport {
    return this.#stepBack === undefined ? report : { ...report, recordedTimeStepsBack: this.#stepBack };
  }
}
