import { claimStream, closestName } from '@kb/domain';
import { normaliseClaimId } from '@kb/ingest';
import { type KnowledgeView, toProvJson, traceClaim, traceCutoff } from '@kb/projections';
import { type EventStore, eventStoreDbHash, matchesChainHash, type StoredEvent } from '@kb/store';
import { type ParsedCommand, UsageError } from '../args/parse-args.js';
import { CliError, openForRead } from '../context/open-context.js';
import type { Output } from './output.js';
import { replayScope, toControlQuery } from './query-description.js';
import { renderTrace } from './trace-text.js';

/**
 * `kb trace CLAIM_ID [--prov]`: a claim back to its source, and everything said about it since. The
 * text and --json name the hash-chain link of the claim's event as well, read back from the log, so
 * an auditor can tie the claim to the chain `kb verify` checks; an event of the claim whose content
 * no longer matches its hash is warned of, on stderr and in the text (`altered` in --json).
 */
export async function traceCommand(cmd: ParsedCommand, out: Output): Promise<number> {
  const typed = cmd.positionals[0];
  if (!typed) throw new UsageError('kb trace needs a claim id (kb mission MISSION shows them)');
  const ctx = await openForRead(cmd.global, { notice: out.error });
  try {
    const claimId = storedClaimId(ctx.view, typed);
    const trace = traceClaim(ctx.view, claimId, toControlQuery(cmd.query));
    if (!trace) throw new CliError(missingClaim(ctx.view, claimId, cmd.query.recordedAt));
    const { position, eventId } = trace.recorded;
    // Each adapter hashes as it chains: SQLite over the global position, EventStoreDB without it
    // (the server assigns positions only at commit).
    const matches = cmd.global.eventstore
      ? (e: StoredEvent) => eventStoreDbHash(e) === e.hash
      : (e: StoredEvent) => matchesChainHash(e, e.hash);
    const link = await chainLinkOf(ctx.kb.store, trace.claimId, position, eventId, matches);
    const warning = alteredWarning(link.altered);
    if (warning !== null) out.error(`kb: WARNING: ${warning}`);
    const query = toControlQuery(cmd.query);
    const { recordedBy } = replayScope(cmd.query);
    const replay = {
      recordedAt: cmd.query.recordedAt,
      recordedBy,
      notShown: traceCutoff(ctx.view, claimId, query),
    };
    if (cmd.prov) out.json(toProvJson(trace, { ...replay, chainHash: link.hash, altered: link.altered }));
    else if (cmd.global.json)
      // The moment it shows travels with the answer, as kb mission's `query` does, with what the
      // cutoff left out; the trace itself is the knowledge base's answer at that moment.
      out.json({
        query: replay,
        ...trace,
        recorded: { ...trace.recorded, chainHash: link.hash },
        altered: link.altered,
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
 * or an id pasted with spaces around it finds its claim. Itself when neither is stored.
 */
export function storedClaimId(view: KnowledgeView, typed: string): string {
  if (view.getClaim(typed) !== undefined) return typed;
  const normal = normaliseClaimId(typed);
  return normal !== null && view.getClaim(normal) !== undefined ? normal : typed;
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
  const lower = claimId.toLowerCase();
  function* ids(): Generator<string> {
    for (const id of view.listClaimIds()) {
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
  const lines = [`no claim "${claimId}" in the knowledge base${scope}`];
  if (meant !== null) lines[0] += `; did you mean ${meant}?`;
  else if (startingWith.length > 0) {
    lines.push(
      `claims whose id starts with "${claimId}": ${startingWith.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    );
  }
  return lines.join('\n');
}

/** The claim's link in the hash chain, and the events of its stream whose content no longer matches theirs. */
interface ChainLink {
  /** The chain hash of the claim's ClaimRecorded; null if it is not in the log. */
  readonly hash: string | null;
  /** Positions of the claim's events (it and what was later said of it) that do not match their hash. */
  readonly altered: readonly number[];
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
  return { hash, altered };
}

/** The warning for altered events, naming where and what to run; null when there are none. */
function alteredWarning(altered: readonly number[]): string | null {
  if (altered.length === 0) return null;
  const where =
    altered.length === 1 ? `event at position ${altered[0]}` : `events at positions ${altered.join(', ')}`;
  return `this claim's ${where} no longer match${altered.length === 1 ? 'es' : ''} ${altered.length === 1 ? 'its' : 'their'} chain hash: ${altered.length === 1 ? 'it was' : 'they were'} altered in the store after being recorded, and what is shown may not be what was recorded. kb verify checks the whole log.`;
}
