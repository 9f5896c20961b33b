import { claimStream, closestName } from '@kb/domain';
import { readClaimId } from '@kb/ingest';
import { type KnowledgeView, toProvJson, traceClaim, traceCutoff } from '@kb/projections';
import {
  type EventStore,
  eventStoreDbHash,
  matchesChainHash,
  SqliteEventStore,
  type StoredEvent,
  storedRowHashMatches,
} from '@kb/store';
import type { Database } from 'better-sqlite3';
import { type ParsedCommand, UsageError } from '../args/parse-args.js';
import { CliError, openForRead } from '../context/open-context.js';
import type { Output } from './output.js';
import { replayScope, toControlQuery } from './query-description.js';
import { renderTrace } from './trace-text.js';

/**
 * `kb trace CLAIM_ID [--prov]`: a claim back to its source, and everything said about it since. The
 * text and --json name the hash-chain link of the claim's event as well, read back from the log, so
 * an auditor can tie the claim to the chain `kb verify` checks; an event of the claim whose content
 * no longer matches its hash, or that the next event no longer links to, is warned of, on stderr and
 * in the text (`altered` and `unlinked` in --json).
 */
export async function traceCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const typed = cmd.positionals[0];
  if (!typed) throw new UsageError('kb trace needs a claim id (kb mission MISSION shows them)');
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    const claimId = storedClaimId(ctx.view, typed);
    const trace = ctx.answer((view) => traceClaim(view, claimId, toControlQuery(cmd.query)));
    if (!trace) throw new CliError(missingClaim(ctx.view, claimId, cmd.query.recordedAt));
    const { position, eventId } = trace.recorded;
    // Each adapter hashes as it chains: SQLite over the global position, EventStoreDB without it
    // (the server assigns positions only at commit).
    const matches = cmd.global.eventstore
      ? (e: StoredEvent) => eventStoreDbHash(e) === e.hash
      : (e: StoredEvent) => matchesChainHash(e, e.hash);
    // Read through the port first, which names an event of the stream it cannot read, as any read does.
    const streamed = await chainLinkOf(ctx.kb.store, trace.claimId, position, eventId, matches);
    const link =
      ctx.kb.store instanceof SqliteEventStore
        ? sqliteChainLinkOf(ctx.kb.store.database, trace.claimId, position, eventId)
        : streamed;
    const warning = chainWarning(link);
    if (warning !== null) out.error(`kb: WARNING: ${warning}`);
    const query = toControlQuery(cmd.query);
    const { recordedBy } = replayScope(cmd.query);
    const replay = {
      recordedAt: cmd.query.recordedAt,
      recordedBy,
      notShown: ctx.answer((view) => traceCutoff(view, claimId, query)),
    };
    // Unlinked is altered too: its hash was computed again after the next event was chained to it.
    const altered = [...new Set([...link.altered, ...link.unlinked.map((u) => u.position)])].sort(
      (a, b) => a - b,
    );
    if (cmd.prov) await out.json(toProvJson(trace, { ...replay, chainHash: link.hash, altered }));
    else if (cmd.global.json)
      // The moment it shows travels with the answer, as kb mission's `query` does, with what the
      // cutoff left out; the trace itself is the knowledge base's answer at that moment.
      await out.json({
        query: replay,
        ...trace,
        recorded: { ...trace.recorded, chainHash: link.hash },
        altered: link.altered,
        unlinked: link.unlinked,
      });
    else out.text(renderTrace(trace, link.hash, warning, replay));
    return 0;
  } finally {
    await ctx.close();
  }
}

/**
 * The stored claim id `typed` stands for: itself, or the id ingest would have made of it (ingest
 * folds case and accents and trims what cannot be in an id), so `Diplomat-2023-03-Khorog-Denial`
 * or an id pasted with spaces around it finds its claim. Itself when neither is stored, and when
 * folding would drop letters of another script: ingest refuses such an id, and what is left of it
 * (`visit` of `Хорог-visit`) names another claim.
 */
export function storedClaimId(view: KnowledgeView, typed: string): string {
  if (view.getClaim(typed) !== undefined) return typed;
  const { id, issue } = readClaimId(typed);
  return id !== null && issue === null && view.getClaim(id) !== undefined ? id : typed;
}

/** Claim ids listed when a given id is the start of several. */
const PREFIX_SHOWN = 5;

/**
 * Why there is no trace of `claimId`, and what the user may have meant: a claim recorded only after
 * the --recorded-at cutoff is named as such; otherwise the id one or two slips away, and the claims
 * whose id starts with what was typed (an id cut short when copied).
 */
export function missingClaim(view: KnowledgeView, claimId: string, recordedAt: string | null): string {
  const later = view.getClaim(claimId);
  if (later !== undefined && recordedAt !== null) {
    return `claim "${claimId}" was recorded at ${later.recorded.recordedAt}, after --recorded-at ${recordedAt}: the knowledge base did not hold it then`;
  }
  const startingWith: string[] = [];
  let more = 0;
  let listed = false;
  const lower = claimId.toLowerCase();
  function* ids(): Generator<string> {
    for (const id of view.listClaimIds()) {
      if (id === claimId) listed = true;
      if (lower.length >= 3 && id.toLowerCase().startsWith(lower)) {
        if (startingWith.length < PREFIX_SHOWN) startingWith.push(id);
        else more++;
      }
      yield id;
    }
  }
  // One pass over the ids, read to the end (closestName reads them all).
  const meant = closestName(claimId, ids());
  const scope = recordedAt === null ? '' : ` as recorded by ${recordedAt}`;
  // The list of claims names it, yet looking it up finds nothing: "did you mean" the same id would
  // send the user round in a circle. The store's read models disagree with themselves.
  if (listed) return unreadableClaim(claimId, scope);
  const lines = [`no claim "${claimId}" in the knowledge base${scope}`];
  if (meant !== null) lines[0] += `; did you mean ${meant}?`;
  else if (startingWith.length > 0) {
    lines.push(
      `claims whose id starts with "${claimId}": ${startingWith.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    );
  }
  return lines.join('\n');
}

/** Why a claim the read models list cannot be traced: they contradict themselves, and what to run. */
function unreadableClaim(claimId: string, scope: string): string {
  return [
    `claim "${claimId}" is in the list of claims${scope}, but looking it up by its id finds nothing: the store's read models contradict themselves`,
    'kb verify --read-models compares them with the log, and kb verify checks the log itself; a damaged file, or a -wal file beside the store that was not its own, can do this',
  ].join('\n');
}

/** The claim's link in the hash chain, and the events of its stream whose content no longer matches theirs. */
interface ChainLink {
  /** The chain hash of the claim's ClaimRecorded; null if it is not in the log. */
  readonly hash: string | null;
  /** Positions of the claim's events (it and what was later said of it) that do not match their hash. */
  readonly altered: readonly number[];
  /**
   * The claim's events whose hash the next event does not chain from (its prev_hash is another), or,
   * for the log's last event, the head row does not name as the last hash: edited with their own
   * hash computed again. Checked in the embedded store only.
   */
  readonly unlinked: readonly Unlinked[];
}

/** An event the next one (or the head row, `next: null`) does not chain from. */
interface Unlinked {
  readonly position: number;
  /** The position of the next event; null when it is the log's last, checked against the head row. */
  readonly next: number | null;
}

/**
 * The chain hash of the claim's ClaimRecorded (the event `eventId` at `position`), read from the
 * claim's own stream, which holds only it and what was later said of it. Each of those events is
 * hashed again on the way: one edited in the file after it was recorded shows here, where an
 * auditor reads it, and not only in a kb verify of the whole log.
 */
async function chainLinkOf(
  store: EventStore,
  claimId: string,
  position: number,
  eventId: string,
  matches: (event: StoredEvent) => boolean,
): Promise<ChainLink> {
  let hash: string | null = null;
  const altered: number[] = [];
  for await (const event of store.readStream(claimStream(claimId))) {
    if (event.id === eventId && event.position === position) hash = event.hash;
    if (!matches(event)) altered.push(event.position);
  }
  return { hash, altered, unlinked: [] };
}

/** A row of the claim's stream as stored, in the order the hash covers it (as `kb verify` reads it). */
type StoredLinkRow = [number, string, string, number, string, number, string, string, string, string, string];

/**
 * The same from the embedded store's rows as stored: each event's hash is computed over its data and
 * metadata text byte for byte, as `kb verify` does, so an edit that keeps the value (spaces added,
 * keys reordered) shows too; and each is checked against the next event's prev_hash (or the head
 * row's last hash, for the log's last event), so an event edited with its own hash computed again
 * shows as well. One row read an event beyond the stream.
 */
function sqliteChainLinkOf(db: Database, claimId: string, position: number, eventId: string): ChainLink {
  const rows = db
    .prepare(
      `SELECT position, id, stream, revision, type, version, data, metadata, recorded_at, prev_hash, hash
         FROM events WHERE stream = ? ORDER BY position`,
    )
    .raw()
    .all(claimStream(claimId)) as StoredLinkRow[];
  const next = db
    .prepare('SELECT position, prev_hash FROM events WHERE position > ? ORDER BY position LIMIT 1')
    .raw();
  const head = db.prepare('SELECT last_position, last_hash FROM head').raw();
  let hash: string | null = null;
  const altered: number[] = [];
  const unlinked: Unlinked[] = [];
  for (const row of rows) {
    const [at, id, , , , , , , , , stored] = row;
    if (id === eventId && at === position) hash = stored;
    if (!storedRowHashMatches(row)) altered.push(at);
    const after = next.get(at) as [number, string] | undefined;
    if (after !== undefined) {
      if (after[1] !== stored) unlinked.push({ position: at, next: after[0] });
    } else {
      const last = head.get() as [number, string] | undefined;
      if (last !== undefined && last[0] === at && last[1] !== stored)
        unlinked.push({ position: at, next: null });
    }
  }
  return { hash, altered, unlinked };
}

/** The warning for altered or unlinked events, naming where, what it means and what to run; null when there are none. */
function chainWarning(link: ChainLink): string | null {
  const lines: string[] = [];
  const { altered, unlinked } = link;
  if (altered.length > 0) {
    const where =
      altered.length === 1 ? `event at position ${altered[0]}` : `events at positions ${altered.join(', ')}`;
    lines.push(
      `this claim's ${where} no longer match${altered.length === 1 ? 'es' : ''} ${altered.length === 1 ? 'its' : 'their'} chain hash: ${altered.length === 1 ? 'it was' : 'they were'} altered in the store after being recorded, and what is shown may not be what was recorded.`,
    );
  }
  for (const { position, next } of unlinked) {
    const by =
      next === null
        ? "the head row's last hash is another (it is the log's last event)"
        : `the next event, at position ${next}, chains from another hash`;
    lines.push(
      `this claim's event at position ${position} is not the one the log chained on from: ${by}. It was edited with its hash computed again after being recorded (or the link after it was), and what is shown may not be what was recorded.`,
    );
  }
  if (lines.length === 0) return null;
  return `${lines.join(' ')} kb verify checks the whole log.`;
}
