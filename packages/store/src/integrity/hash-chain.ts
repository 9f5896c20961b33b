// Walking a chain of events: the report of where it first breaks (a hash, a link, a position, the
// head) and what a store found beside it. How each hash is computed is chain-hash.ts.
import type { StoredEvent } from '../port/event-store.js';
import { GENESIS_HASH, matchesChainHash } from './chain-hash.js';

export interface ChainBreak {
  /** Global position of the first event that does not verify. */
  readonly position: number;
  readonly reason: string;
  /** Set when the store could not read on from there (a damaged page, a file cut short). */
  readonly unreadable?: true;
  /**
   * Set when the break is the link from this event to the one before it: that event's position. Its
   * own hash holds, but the only thing that vouched for it, the next event's link, does not: it may
   * be the altered one, its hash computed again. So `checked` does not count it.
   */
  readonly previous?: number;
}

/**
 * The first event recorded earlier than the event before it. The times are hashed, so unless they
 * were altered with the hashes computed again, a machine clock went back while writing; either way a
 * replay to a recorded time between the two would keep this event and leave out the one before.
 * Stores stamp each batch no earlier than the last event (recorded-time.ts); a log written before
 * they did, or by a writer that did not, may hold one.
 */
export interface RecordedTimeStep {
  readonly position: number;
  readonly recordedAt: string;
  /** The recorded time of the event before it, the latest recorded time up to there. */
  readonly after: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /**
   * Events verified before the first break (all of them when ok): each one's content matches its
   * hash and the next event's link (or the head) repeats that hash. At a broken link, the event
   * before it is left out (ChainBreak.previous).
   */
  readonly checked: number;
  /** The hash of the last event counted in `checked`. */
  readonly lastHash: string;
  readonly firstBreak: ChainBreak | null;
  /** Set when, among the events checked, a recorded time falls back (see RecordedTimeStep). */
  readonly recordedTimeStepsBack?: RecordedTimeStep;
  /** Set by a store that checks its file beside the chain (SQLite): see FileCheck. */
  readonly file?: FileCheck;
}

/**
 * What a store found about the file that holds its log, beside the chain: damage SQLite's own check
 * finds in the log's tables and their indexes (pages the walk does not read, such as the
 * (stream, revision) index), and schema objects on the log's tables that the store did not make
 * (a trigger that rewrites what is appended). Either makes the report fail with no chain break.
 */
export interface FileCheck {
  /** What `PRAGMA quick_check` says of the log's tables, when it finds anything (at most ten lines). */
  readonly damage: readonly string[];
  /** Schema objects the store does not make, each as `type name` (on table). */
  readonly foreign: readonly string[];
  /**
   * Why SQLite's check could not run (busy, out of memory: not damage), so the file around the log
   * was neither found damaged nor sound; null when it ran. Fails the report, without a break.
   */
  readonly unchecked: string | null;
}

/** The head a store keeps beside its log, written in the same transaction as every append. */
export interface ChainHead {
  readonly count: number;
  readonly lastHash: string;
  /** The position of the last event, for a store that keeps it (SQLite). */
  readonly lastPosition?: number;
}

/** What a store knows of its own log beyond the chain, for verifyLinks. */
export interface WalkRules<E extends ChainLink> {
  /**
   * Positions run 1, 2, 3 … with no gap, as the store assigns them (SQLite): a position that is not
   * the one after the event before it is a break, named at the first position missing.
   */
  readonly consecutive?: boolean;
  /** A further check of an event whose link and hash hold: a reason makes it the break. */
  readonly afterHash?: (event: E) => string | null;
}

/**
 * Walks events in log order and names the first one whose link or hash is wrong.
 * `expectedHead`, when the store keeps one, catches events cut off the end of the log.
 */
export async function verifyChain(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
  expectedHead?: ChainHead | null,
): Promise<VerifyReport> {
  // A source read synchronously walks in walkLinks, the loop verifyLinks runs, with no wait per event.
  if (!(Symbol.asyncIterator in events)) return verifyLinks(events, expectedHead, eitherForm);
  // walkLinks takes each event as its iterator's next() returns it; an asynchronous source gives a
  // promise there, which a loop that does not wait cannot take. Stepped here, closed as for-await does.
  const walk = new ChainWalk(eitherForm, expectedHead);
  for await (const event of events) {
    const report = walk.step(event);
    if (report) return report;
  }
  return walk.finish();
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
  rules: WalkRules<E> = {},
): VerifyReport {
  const walk = new ChainWalk(hashMatches, expectedHead, rules);
  // With no limit, the walk reads on to a break or the end: never null.
  return walkLinks(walk, events[Symbol.iterator](), Number.POSITIVE_INFINITY)!;
}

/**
 * verifyLinks that lets other work run now and then: every 1,024 events it asks `pause`, and waits on
 * the promise it returns (null goes on at once). A long walk so lets the event loop take a signal
 * (kb verify's Ctrl-C) without a wait per event, which would slow it.
 */
export async function verifyLinksPausing<E extends ChainLink>(
  events: Iterable<E>,
  expectedHead: ChainHead | null | undefined,
  hashMatches: HashCheck<E>,
  rules: WalkRules<E>,
  pause: () => Promise<void> | null,
): Promise<VerifyReport> {
  const walk = new ChainWalk(hashMatches, expectedHead, rules);
  const iterator = events[Symbol.iterator]();
  let report: VerifyReport | null = null;
  try {
    for (;;) {
      report = walkLinks(walk, iterator, 1024);
      if (report !== null) return report;
      const wait = pause();
      if (wait !== null) await wait;
    }
  } finally {
    // A pause that threw leaves the events read part way: closed, as leaving a for-of closes them
    // (for the SQLite store, its statement).
    if (report === null) iterator.return?.();
  }
}

/**
 * The one loop of verifyLinks and verifyLinksPausing: steps `walk` along at most `limit` more of
 * `events`, and gives its report at a break or at their end, or null when it reached the limit
 * first (the caller goes on with the same iterator). Like a for-of, it closes the iterator when it
 * stops before the end. (A generator yielding at the pauses made verifyLinks slower, where a
 * trivial hash check leaves the loop itself to measure: 33 against 17 ms per million links.)
 */
function walkLinks<E extends ChainLink>(
  walk: ChainWalk<E>,
  events: Iterator<E>,
  limit: number,
): VerifyReport | null {
  try {
    for (let stepped = 0; stepped < limit; stepped++) {
      const next = events.next();
      if (next.done) return walk.finish();
      const report = walk.step(next.value);
      if (report !== null) {
        events.return?.();
        return report;
      }
    }
    return null;
  } catch (error) {
    events.return?.();
    throw error;
  }
}

/** Where the walk was when it met the first event past the head's end. */
interface PastHead {
  readonly position: number;
  readonly checked: number;
  readonly hash: string;
}

/** The state of one walk along the chain; `step` returns a report at the first break. */
class ChainWalk<E extends ChainLink = StoredEvent> {
  readonly #hashMatches: HashCheck<E>;
  readonly #head: ChainHead | null;
  readonly #rules: WalkRules<E>;
  #prevHash = GENESIS_HASH;
  /** The hash of the event before the last one checked: what a broken link leaves verified. */
  #prevPrevHash = GENESIS_HASH;
  #prevPosition = Number.NEGATIVE_INFINITY;
  #checked = 0;
  #latestRecordedAt = '';
  #stepBack: RecordedTimeStep | undefined;
  #pastHead: PastHead | undefined;

  constructor(hashMatches: HashCheck<E>, head: ChainHead | null | undefined, rules: WalkRules<E> = {}) {
    this.#hashMatches = hashMatches;
    this.#head = head ?? null;
    this.#rules = rules;
  }

  step(event: E): VerifyReport | null {
    const started = Number.isFinite(this.#prevPosition);
    if (event.position <= this.#prevPosition) {
      // Named by the place it breaks, right after the last good event: the position the row claims
      // may be anything (0 from a page that was cut short, say).
      return this.#broken(
        this.#prevPosition + 1,
        `position ${event.position} is not after ${this.#prevPosition}`,
      );
    }
    if (this.#rules.consecutive) {
      const expected = started ? this.#prevPosition + 1 : 1;
      if (event.position !== expected) return this.#broken(expected, gapReason(expected, event.position));
    }
    this.#notePastHead(event.position);
    if (event.prevHash !== this.#prevHash) {
      if (!started)
        return this.#broken(
          event.position,
          "its previous-hash link is not the hash every chain starts from, though it is the log's first event (events before it were removed, or its link was altered)",
        );
      const before = this.#prevPosition;
      return this.#brokenLink(
        event.position,
        `the link from it to the event before it, at ${before}, does not hold: its previous-hash is not ${before}'s hash. ` +
          `Either the event at ${before} was altered and its hash computed again, this event's link was altered, or events between them were removed, added or moved`,
        before,
      );
    }
    if (!this.#hashMatches(event)) {
      return this.#broken(event.position, 'its content does not match its hash (the event was altered)');
    }
    const further = this.#rules.afterHash?.(event) ?? null;
    if (further !== null) return this.#broken(event.position, further);
    this.#prevPrevHash = this.#prevHash;
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

  /** Notes the first event past the head's end: past its last position, or past its count of events. */
  #notePastHead(position: number): void {
    const head = this.#head;
    if (head === null || this.#pastHead !== undefined) return;
    const past = head.lastPosition === undefined ? this.#checked >= head.count : position > head.lastPosition;
    if (past) this.#pastHead = { position, checked: this.#checked, hash: this.#prevHash };
  }

  finish(): VerifyReport {
    const checked = this.#checked;
    const head = this.#head;
    const ok = (): VerifyReport =>
      this.#withStep({ ok: true, checked, lastHash: this.#prevHash, firstBreak: null });
    if (head === null) return ok();
    const started = Number.isFinite(this.#prevPosition);
    const lastPosition = started ? this.#prevPosition : 0;
    const lastPositionMatches = head.lastPosition === undefined || head.lastPosition === lastPosition;
    if (head.count === checked && head.lastHash === this.#prevHash && lastPositionMatches) return ok();
    const said = headDisagreement(head, checked, lastPosition, this.#prevHash);
    const past = this.#pastHead;
    if (past !== undefined) {
      // Events past the head's end: named at the first of them, the events up to it verified.
      const appended = past.hash === head.lastHash && past.checked === head.count;
      const cause = appended
        ? `the events from ${past.position} on were added without the head row (written outside kb), or the head row was set back`
        : headCause(head, checked, lastPosition, this.#prevHash, 'or events were added outside kb');
      return this.#withStep({
        ok: false,
        checked: past.checked,
        lastHash: past.hash,
        firstBreak: { position: past.position, reason: `an event past the store's head: ${said}: ${cause}` },
      });
    }
    // Fewer events than the head records, or as many but other ones: every event verified on its
    // own, so the break is named after the last of them ("BROKEN at position n+1 … n events before
    // it verified").
    const shorter = checked < head.count || (head.lastPosition ?? 0) > lastPosition;
    const cause = shorter
      ? headCause(head, checked, lastPosition, this.#prevHash, 'or events were cut off the end')
      : headCause(
          head,
          checked,
          lastPosition,
          this.#prevHash,
          'or events were rewritten with their hashes computed again',
        );
    return this.#broken(lastPosition + 1, `${said}: ${cause}`);
  }

  #broken(position: number, reason: string): VerifyReport {
    return this.#withStep({
      ok: false,
      checked: this.#checked,
      lastHash: this.#prevHash,
      firstBreak: { position, reason },
    });
  }

  /** A broken link: the event before it is not vouched for, so it is not counted as verified. */
  #brokenLink(position: number, reason: string, previous: number): VerifyReport {
    return this.#withStep({
      ok: false,
      checked: this.#checked - 1,
      lastHash: this.#prevPrevHash,
      firstBreak: { position, reason, previous },
    });
  }

  #withStep(report: VerifyReport): VerifyReport {
    return this.#stepBack === undefined ? report : { ...report, recordedTimeStepsBack: this.#stepBack };
  }
}

/** A jump in positions that the store assigns one after another. */
function gapReason(expected: number, found: number): string {
  const missing =
    found === expected + 1
      ? `no event at position ${expected}`
      : `no events at positions ${expected} to ${found - 1}`;
  const where =
    expected === 1 ? `the log starts at ${found}` : `the log goes from ${expected - 1} to ${found}`;
  return `${missing}: ${where}, but the store gives positions one after another. Events were removed there, or the positions from ${found} on were altered`;
}

/** The head and the log's end, side by side. */
function headDisagreement(head: ChainHead, checked: number, lastPosition: number, lastHash: string): string {
  const at = (position: number | undefined) =>
    position === undefined ? '' : `, the last at position ${position}`;
  return (
    `the store's head records ${head.count} events${at(head.lastPosition)} ending in ${head.lastHash.slice(0, 12)}…, ` +
    `but the log holds ${checked}${at(head.lastPosition === undefined ? undefined : lastPosition)} ending in ${lastHash.slice(0, 12)}…`
  );
}

/** What a disagreement between head and log may mean; `other` the alternative to an altered head row. */
function headCause(
  head: ChainHead,
  checked: number,
  lastPosition: number,
  lastHash: string,
  other: string,
): string {
  const fields: [name: string, matches: boolean][] = [
    ['count', head.count === checked],
    ...(head.lastPosition === undefined
      ? []
      : [['last position', head.lastPosition === lastPosition] as [string, boolean]]),
    ['last hash', head.lastHash === lastHash],
  ];
  const wrong = fields.filter(([, matches]) => !matches).map(([name]) => name);
  const right = fields.filter(([, matches]) => matches).map(([name]) => name);
  // A head whose count or last position alone disagrees contradicts itself: its other fields
  // describe the log's end as it is, which no cut or rewrite of the log alone leaves.
  if (wrong.length === 1 && wrong[0] !== 'last hash') {
    const cut = wrong[0] === 'last position' && (head.lastPosition ?? 0) > lastPosition;
    return `its ${right.join(' and ')} match the log's end, its ${wrong[0]} does not: the head row was altered${cut ? ', perhaps after events were cut off the end' : ''}`;
  }
  return `the head row was altered, ${other}`;
}
