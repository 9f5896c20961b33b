import { decodeEvent } from '@kb/domain';
import {
  EventIdConflictError,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type StreamWrite,
} from '@kb/store';
import { sameComposed } from '../identity/text-form.js';
import { registrationNote, standingOf } from '../notes/registration-notes.js';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { differenceText, fieldsThatDiffer, sourceDiffersIn } from './content-difference.js';
import type { Earlier } from './first-lines.js';
import type { KnownStreams } from './known-streams.js';

/** What one committed batch did, record by record. */
export interface CommitOutcome {
  readonly added: readonly PreparedRecord[];
  readonly skipped: readonly PreparedRecord[];
  readonly rejected: readonly { readonly record: PreparedRecord; readonly message: string }[];
  readonly eventsAppended: number;
  /** The events the batch stored (not those already present), in log order. */
  readonly appended: readonly NewEvent[];
  /** The streams the batch started: they held no event before it. */
  readonly created: ReadonlySet<string>;
}

// After a conflict the batch is checked against the store and retried; a second conflict on the
// same batch means another writer is racing us, which a few more rounds settle.
const MAX_ATTEMPTS = 5;

/**
 * Commits a batch of prepared records with one `appendMany` (one transaction on SQLite and memory).
 * A conflict stores nothing; the batch is then compared with what the store holds: events stored with
 * the same data (an earlier run, whose metadata names another run id) count as already present, and a
 * record whose claim id is stored with other content is rejected (naming the line of this input that
 * stands for the stored one, when `earlier` gives one). The rest is committed again.
 * On a store whose batches are not atomic (`atomicBatches` false: EventStoreDB), the adapter looks
 * for conflicts in every stream before writing any, so one it can see stores nothing there too. One
 * another writer makes meanwhile leaves the earlier streams written; the retry then finds them
 * stored and counts their records as already present, though this run wrote them.
 */
export async function commitBatch(
  store: EventStore,
  records: readonly PreparedRecord[],
  known: KnownStreams,
  earlier: (twin: StoredEvent) => Earlier = () => null,
): Promise<CommitOutcome> {
  // What stands of each registration the batch offers: the first offered, or the one stored before.
  const standing = noteRepeatedRegistrations(records);
  let live = [...records];
  const present = new Set<string>();
  const rejected: { record: PreparedRecord; message: string }[] = [];
  for (let attempt = 1; ; attempt++) {
    const writes = buildWrites(live, present);
    let results: { appended: number; nextRevision: number }[];
    try {
      results = writes.length === 0 ? [] : await store.appendMany(writes);
    } catch (error) {
      if (!(error instanceof EventIdConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      const stored = await readStreams(store, writes);
      const before = live.length;
      live = live.filter((record) => {
        const message = settle(record, stored, present, standing, earlier);
        if (message !== null) rejected.push({ record, message });
        return message === null;
      });
      // Nothing settled: the conflicting id lives in another stream. Reject its owner, never loop.
      if (live.length === before && !present.has(error.eventId)) {
        const owner = live.find((r) => r.own.some((p) => p.event.id === error.eventId));
        if (owner === undefined) throw error;
        rejected.push({ record: owner, message: `${error.message}; nothing was changed` });
        live = live.filter((r) => r !== owner);
      }
      continue;
    }
    // Every registration the surviving records needed is now stored, written now or found present.
    for (const record of live) {
      for (const need of record.needs) {
        const kept = standing.get(need.event.id);
        known.add(need.stream, kept === undefined ? undefined : standingOf(kept.type, kept.data));
      }
    }
    for (const record of live)
      for (const own of record.own) if (isEntityStream(own.stream)) known.add(own.stream);
    return { ...tally(live, writes, results, present), rejected };
  }
}

function buildWrites(records: readonly PreparedRecord[], present: ReadonlySet<string>): StreamWrite[] {
  const byStream = new Map<string, { ids: Set<string>; events: NewEvent[] }>();
  const add = (stream: string, event: NewEvent) => {
    if (present.has(event.id)) return;
    let write = byStream.get(stream);
    if (write === undefined) {
      write = { ids: new Set(), events: [] };
      byStream.set(stream, write);
    }
    // Two records needing the same report register it once: the first one's account wins.
    if (write.ids.has(event.id)) return;
    write.ids.add(event.id);
    write.events.push(event);
  };
  for (const record of records) for (const need of record.needs) add(need.stream, need.event);
  for (const record of records) for (const own of record.own) add(own.stream, own.event);
  return [...byStream].map(([stream, { events }]) => ({ stream, events, expectedRevision: 'any' as const }));
}

/**
 * Two records of one batch registering one report or mission: the later hears if it said otherwise.
 * Returns the first registration offered under each event id.
 */
function noteRepeatedRegistrations(
  records: readonly PreparedRecord[],
): Map<string, Pick<NewEvent, 'type' | 'data'>> {
  const first = new Map<string, Pick<NewEvent, 'type' | 'data'>>();
  for (const record of records) {
    for (const { event } of record.needs) {
      const kept = first.get(event.id);
      if (kept === undefined) first.set(event.id, event);
      else {
        const note = registrationNote(kept.data, event);
        if (note !== null) record.notices.push(note);
      }
    }
  }
  return first;
}

async function readStreams(
  store: EventStore,
  writes: readonly StreamWrite[],
): Promise<Map<string, StoredEvent>> {
  const stored = new Map<string, StoredEvent>();
  for (const write of writes)
    for await (const event of store.readStream(write.stream)) stored.set(event.id, event);
  return stored;
}

// Returns a rejection message for a record that clashes with the store, or null, marking events
// already stored as present. A registration stored with other data is fine: the first account
// stands (in `standing`), and the record is given a note saying what of its own did not apply.
function settle(
  record: PreparedRecord,
  stored: ReadonlyMap<string, StoredEvent>,
  present: Set<string>,
  standing: Map<string, Pick<NewEvent, 'type' | 'data'>>,
  earlier: (twin: StoredEvent) => Earlier,
): string | null {
  for (const need of record.needs) {
    const twin = stored.get(need.event.id);
    // Noted once, by the first record of the batch that offered it (a retry settles again).
    if (twin === undefined || present.has(need.event.id)) continue;
    present.add(need.event.id);
    standing.set(need.event.id, twin);
    const note = registrationNote(twin.data, need.event);
    if (note !== null) record.notices.push(note);
  }
  for (const { event } of record.own) {
    const twin = stored.get(event.id);
    if (twin === undefined) continue;
    if (!sameContent(twin, event))
      return clashMessage(record, event, differenceText(differingFields(twin, event)), earlier(twin));
    present.add(event.id);
  }
  return null;
}

/**
 * Why a record whose key (a claim id, a correction's own id) is stored with other content is refused:
 * naming the line of this input that stands for the stored one when there is one (FirstLines), else
 * saying it is stored. `which` says what differs (differenceText).
 */
export function clashMessage(
  record: PreparedRecord,
  event: NewEvent,
  which: string,
  earlier: Earlier,
): string {
  const ownId = record.correction?.id ?? null;
  if (earlier !== null) {
    const where = 'line' in earlier ? `line ${earlier.line}` : `stored at position ${earlier.position}`;
    if (ownId !== null)
      return `correction "${ownId}" of claim "${record.correction!.claimId}" appears earlier in this input (${where}) with different content${which}; an id names one correction: give this one an id of its own`;
    if (record.correction !== undefined)
      return `a correction of claim "${record.correction.claimId}" under this one's id appears earlier in this input (${where}) with different content${which}; ${keyedCorrection(record)}`;
    if (record.claim === null)
      return `record ${record.key} appears earlier in this input (${where}) with different content${which}; send a correction record to change it`;
    return `${claimNamed(record.claim)} appears earlier in this input (${where}) with different content${which}; ${
      sourceDiffersIn(which) ? otherSource(record.claim.claimId) : 'send a correction record to change it'
    }`;
  }
  if (ownId !== null)
    return `correction "${ownId}" of claim "${record.correction!.claimId}" is already stored with different content${which}; nothing was changed. An id names one correction: give this one an id of its own`;
  if (record.correction !== undefined)
    return `a correction of claim "${record.correction.claimId}" is already stored under this one's id (${event.id}) with different content${which}; nothing was changed. ${upperFirst(keyedCorrection(record))}`;
  if (record.claim === null)
    return `an event with id ${event.id} is already stored with other content${which}; nothing was changed`;
  const { claimId } = record.claim;
  return `${claimNamed(record.claim)} is already stored with different content${which}; nothing was changed. ${
    sourceDiffersIn(which)
      ? otherSource(claimId)
      : `To change a stored claim, send a correction record {"type":"correction","claim":"${claimId}","changes":{...},"reason":"..."}`
  }`;
}

// A correction without an id of its own is known by its content, and one leaving credibility out
// gets the id of one setting it to 6 (event-keys.ts: the ids stored before 2026-12-05 must not move).
// Two corrections differing only so share an id: the second needs an id of its own (a correction
// record can have one; an event record's id follows from its content).
const keyedCorrection = (record: PreparedRecord): string =>
  `a correction without an "id" is known by its claim, changes, reason and by, credibility left out counting as 6; to store this one beside it, ${
    record.key.startsWith('event:')
      ? 'send it as a correction record with an "id" of its own'
      : 'give it an "id" of its own'
  } (stored if it still changes the claim)`;

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The claim a message is about: by its id, or, without one, by the id its content derives. */
function claimNamed(claim: { readonly claimId: string; readonly derived?: true }): string {
  return claim.derived === true
    ? `this claim has no id, and the one its content derives, "${claim.claimId}",`
    : `claim "${claim.claimId}"`;
}

/** What to do when a claim id names another report: a correction cannot change a claim's source. */
function otherSource(claimId: string): string {
  return `A correction cannot change a claim's source. If this is another report of the claim, give this line an id of its own (each report is an account of its own); if the stored claim names the wrong report, retract it ({"type":"retraction","claim":"${claimId}","reason":"..."}) and send this line under a new id`;
}

/** What of a stored event's data (read in the newest shape) the new one changes; nothing if unreadable. */
export function differingFields(stored: StoredEvent, event: NewEvent): string[] {
  try {
    return fieldsThatDiffer(decodeEvent(stored.type, stored.version, stored.data).data, event.data);
  } catch {
    return [];
  }
}

// Text that differs only in its Unicode form (é as one code point, or e and an accent) is the same
// (text-form.ts): the event stored first stands, as written.
function sameContent(stored: StoredEvent, event: NewEvent): boolean {
  if (stored.type !== event.type) return false;
  if (stored.version === event.version) return sameComposed(stored.data, event.data);
  // Written before its type's schema changed: the same fact if it reads the same in the newest shape
  // (a ClaimCorrected v1 with the credibility default v2 drops, say). Unreadable is not the same.
  try {
    return sameComposed(decodeEvent(stored.type, stored.version, stored.data).data, event.data);
  } catch {
    return false;
  }
}

// Per write the store says how many events were new; the ones it skipped are the ids it already
// held, which in a re-run are the earliest ones offered.
function tally(
  records: readonly PreparedRecord[],
  writes: readonly StreamWrite[],
  results: readonly { appended: number; nextRevision: number }[],
  present: ReadonlySet<string>,
): Omit<CommitOutcome, 'rejected'> {
  const fresh = new Set<string>();
  const created = new Set<string>();
  const appendedEvents: NewEvent[] = [];
  let eventsAppended = 0;
  writes.forEach((write, i) => {
    const appended = results[i]?.appended ?? 0;
    // Revisions count from 0: a write whose events are the stream's first ones started it.
    if (appended > 0 && results[i]!.nextRevision === appended - 1) created.add(write.stream);
    eventsAppended += appended;
    for (const event of write.events.slice(write.events.length - appended)) {
      fresh.add(event.id);
      appendedEvents.push(event);
    }
  });
  const added: PreparedRecord[] = [];
  const skipped: PreparedRecord[] = [];
  // A record repeated within the batch was written once; the repeat counts as already present.
  const counted = new Set<string>();
  for (const record of records) {
    const isNew = record.own.some(
      (p) => fresh.has(p.event.id) && !present.has(p.event.id) && !counted.has(p.event.id),
    );
    for (const p of record.own) counted.add(p.event.id);
    (isNew ? added : skipped).push(record);
  }
  return { added, skipped, eventsAppended, appended: appendedEvents, created };
}

function isEntityStream(stream: string): boolean {
  return /^(mission|actor|source|report)-/.test(stream);
}
