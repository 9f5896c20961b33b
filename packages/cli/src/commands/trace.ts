import { type Claimant, claimStream, closestName, type VagueDate } from '@kb/domain';
import { normaliseClaimId } from '@kb/ingest';
import {
  type ClaimTrace,
  type KnowledgeView,
  type RecordedAt,
  toProvJson,
  traceClaim,
} from '@kb/projections';
import { type EventStore, eventStoreDbHash, matchesChainHash, type StoredEvent } from '@kb/store';
import { type ParsedCommand, UsageError } from '../args/parse-args.js';
import { CliError, openForRead } from '../context/open-context.js';
import { formatVague } from '../render/dates.js';
import { wrap } from '../render/table.js';
import { claimantText, clippedText, quoted } from '../render/text.js';
import type { Output } from './output.js';
import { toControlQuery } from './query-description.js';

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
    if (cmd.prov) out.json(toProvJson(trace));
    else if (cmd.global.json)
      out.json({ ...trace, recorded: { ...trace.recorded, chainHash: link.hash }, altered: link.altered });
    else out.text(renderTrace(trace, link.hash, warning));
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

// The quote is what a trace is for, and is shown whole; an analyst's notes beside it are cut as the
// side-by-side view cuts a quote.
const NOTES_SHOWN = 1000;

/** Where and by which run the log recorded a later event, as --json has it: `(position 31, ingest run …)`. */
const loggedAs = (r: RecordedAt) =>
  ` (position ${r.position}${r.ingestRunId ? `, ingest run ${r.ingestRunId}` : ''})`;

const field = (k: string, v: string) =>
  wrap(v, 90).map((line, i) => `  ${(i === 0 ? k : '').padEnd(14)}${line}`);

function renderTrace(t: ClaimTrace, chainHash: string | null, warning: string | null): string {
  const c = t.current;
  const lines = [
    `Claim ${t.claimId}`,
    ...field('says', `${t.claimant.asWritten} ${c.stance} ${c.kind} at ${c.missionId} → ${c.controller}`),
    ...field(
      'claimant',
      t.claimant.actorId
        ? `${t.claimant.asWritten} (resolved: ${t.claimant.actorId})`
        : `${t.claimant.asWritten} (unresolved)`,
    ),
    ...field('occurred', formatVague(t.occurred)),
    ...field('quote', quoted(t.quote)),
    ...(c.notes
      ? field('notes', clippedText(c.notes, NOTES_SHOWN, `kb trace ${t.claimId} --json has them whole`))
      : []),
    ...field('credibility', String(c.credibility)),
    ...(c.respondsTo ? field('responds to', c.respondsTo) : []),
    '',
    'Source',
  ];
  if (t.source) {
    const grades = t.source.grades.map((g) => `${g.reliability} at ${g.recordedAt}`).join(', ');
    lines.push(
      ...field(
        'outlet',
        `${t.source.outlet} (${t.source.sourceId}), grade ${t.source.reliability ?? 'F'}${grades ? `; grades: ${grades}` : ''}`,
      ),
    );
  }
  if (t.report) {
    lines.push(
      ...field(
        'report',
        `${t.report.title ?? '(untitled)'}${t.report.author ? ` by ${t.report.author}` : ''}`,
      ),
      ...field('url', t.report.url ?? '(none recorded)'),
      ...field('published', formatVague(t.report.published)),
      ...field('retrieved', t.report.retrieved ?? '(not recorded)'),
    );
  }
  lines.push(
    ...field('citation', t.citationChain.map((l) => `${l.relation} ${l.name}`).join(' → ') || '(direct)'),
    '',
    'Recorded',
    ...field('at', `${t.recorded.recordedAt} (position ${t.recorded.position}, event ${t.recorded.eventId})`),
    ...field('ingest run', t.recorded.ingestRunId ?? '(none)'),
    ...field('chain hash', chainHash ?? '(not found in the log)'),
    ...(warning === null ? [] : field('WARNING', warning)),
  );
  const later = [
    ...t.retractions.map((r) => ({
      at: r.recordedAt,
      logged: loggedAs(r),
      what: 'retracted',
      text: `${r.reason}${r.quote ? `: “${r.quote}”` : ''}${r.report ? ` (${carrierText(r.report)})` : ''}`,
    })),
    ...t.corrections.map((r) => ({
      at: r.recordedAt,
      logged: loggedAs(r),
      what: 'corrected',
      text: [`${r.reason} (by ${r.correctedBy})`, ...changeLines(r.before, r.after)].join('\n'),
    })),
    ...(t.report?.revisions ?? []).map((r) => ({
      at: r.recordedAt,
      logged: loggedAs(r),
      what: 'revised',
      text: [`the report: ${r.reason}`, ...changeLines(r.before, r.after)].join('\n'),
    })),
    ...t.assessments.map((r) => ({
      at: r.recordedAt,
      logged: loggedAs(r),
      what: 'assessed',
      text: `${[r.credibility ? `credibility ${r.credibility}` : '', r.likelihood ?? ''].filter(Boolean).join(', ')} by ${r.assessedBy}: ${r.rationale}`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (later.length > 0) {
    lines.push('', 'Later events');
    for (const h of later) lines.push(...field(h.what, `${h.at}${h.logged}: ${h.text}`));
  }
  if (t.responses.length > 0) {
    lines.push('', 'Responses');
    for (const r of t.responses) {
      lines.push(
        ...field(
          r.stance,
          `${r.claimId} by ${r.claimant.asWritten} (${r.binding}${r.retracted ? ', retracted' : ''})`,
        ),
      );
    }
  }
  return lines.join('\n');
}

/** Where a retraction was published: outlet, date and address, as far as they are known. */
function carrierText(report: NonNullable<ClaimTrace['retractions'][number]['report']>): string {
  return [report.outlet ?? 'an unregistered outlet', `published ${formatVague(report.published)}`, report.url]
    .filter(Boolean)
    .join(', ');
}

/** One corrected field's value as a reader would write it. */
/** One line per changed field: `field: before → after`. */
function changeLines(before: object, after: object): string[] {
  return Object.keys(after).map(
    (key) =>
      `${key}: ${valueText((before as Record<string, unknown>)[key])} → ${valueText((after as Record<string, unknown>)[key])}`,
  );
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return value.map((v) => (isLink(v) ? `${v.relation} ${v.name}` : JSON.stringify(v))).join(' → ');
  }
  if (isVague(value)) return formatVague(value);
  if (isClaimant(value)) return claimantText(value);
  return JSON.stringify(value);
}

const isLink = (v: unknown): v is { name: string; relation: string } =>
  typeof v === 'object' && v !== null && 'name' in v && 'relation' in v;
const isVague = (v: object): v is VagueDate => 'text' in v && 'earliest' in v && 'latest' in v;
const isClaimant = (v: object): v is Claimant => 'asWritten' in v;
