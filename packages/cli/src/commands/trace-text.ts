import type { Claimant, VagueDate } from '@kb/domain';
import { type ClaimTrace, cutoffCount, type RecordedAt, type TraceCutoff } from '@kb/projections';
import { formatVague } from '../render/dates.js';
import { wrap } from '../render/table.js';
import { claimantText, clippedText, quoted } from '../render/text.js';

// The text view of kb trace: the claim, its source, where the log recorded it, what was said of it
// later, and the moment the trace shows.

// The quote is what a trace is for, and is shown whole; an analyst's notes beside it are cut as the
// side-by-side view cuts a quote.
const NOTES_SHOWN = 1000;

/** Where and by which run the log recorded a later event, as --json has it: `(position 31, ingest run …)`. */
const loggedAs = (r: RecordedAt) =>
  ` (position ${r.position}${r.ingestRunId ? `, ingest run ${r.ingestRunId}` : ''})`;

const field = (k: string, v: string) =>
  wrap(v, 90).map((line, i) => `  ${(i === 0 ? k : '').padEnd(14)}${line}`);

/** The moment a trace shows, as the text and --json say it. */
export interface TraceReplay {
  /** --recorded-at as given; null when the trace shows everything recorded so far. */
  readonly recordedAt: string | null;
  /** The last instant the cutoff takes in, in UTC (a day means its end). */
  readonly recordedBy: string | null;
  /** What the log holds about the claim recorded after the cutoff; null without one. */
  readonly notShown: TraceCutoff | null;
}

/** The replay line under the claim's id, as kb mission has one. */
function replayLine({ recordedAt, recordedBy }: TraceReplay): string {
  if (recordedAt === null || recordedBy === null) return 'Replayed to: everything recorded so far';
  const by = recordedBy === recordedAt ? '' : ` (events recorded by ${recordedBy})`;
  return `Replayed to: as the knowledge base stood at ${recordedAt}${by}`;
}

const NOT_SHOWN_WORDS: Record<keyof TraceCutoff, string> = {
  retractions: 'retraction',
  corrections: 'correction',
  assessments: 'assessment',
  reportRevisions: 'revision of a report',
  grades: 'grade of the outlet',
  responses: 'response',
};

/**
 * Under a cutoff, what the log recorded about the claim after it: a trace at R holds no later events
 * of them, and without this line would read as the trace of a claim nothing happened to since.
 */
export function notShownText(claimId: string, replay: TraceReplay): string | null {
  const { notShown, recordedBy } = replay;
  if (notShown === null || recordedBy === null) return null;
  if (cutoffCount(notShown) === 0) return `Nothing about this claim was recorded after ${recordedBy}.`;
  const parts = (Object.keys(NOT_SHOWN_WORDS) as (keyof TraceCutoff)[])
    .filter((k) => notShown[k] > 0)
    .map((k) => {
      const word = NOT_SHOWN_WORDS[k];
      const plural = word.replace(/^(\w+)/, (w) => (w.endsWith('s') ? `${w}es` : `${w}s`));
      return `${notShown[k]} ${notShown[k] === 1 ? word : plural}`;
    });
  return `Events recorded after ${recordedBy} are not shown: ${parts.join(', ')} (kb trace ${claimId} without --recorded-at shows them).`;
}

export function renderTrace(
  t: ClaimTrace,
  chainHash: string | null,
  warning: string | null,
  replay: TraceReplay,
): string {
  const c = t.current;
  const lines = [
    `Claim ${t.claimId}`,
    replayLine(replay),
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
      position: r.position,
      logged: loggedAs(r),
      what: 'retracted',
      text: `${r.reason}${r.quote ? `: “${r.quote}”` : ''}${r.report ? ` (${carrierText(r.report)})` : ''}`,
    })),
    ...t.corrections.map((r) => ({
      at: r.recordedAt,
      position: r.position,
      logged: loggedAs(r),
      what: 'corrected',
      text: [`${r.reason} (by ${r.correctedBy})`, ...changeLines(r.before, r.after)].join('\n'),
    })),
    ...(t.report?.revisions ?? []).map((r) => ({
      at: r.recordedAt,
      position: r.position,
      logged: loggedAs(r),
      what: 'revised',
      text: [`the report: ${r.reason}`, ...changeLines(r.before, r.after)].join('\n'),
    })),
    ...retractionRevisions(t).map(({ revision: r, outlet }) => ({
      at: r.recordedAt,
      position: r.position,
      logged: loggedAs(r),
      what: 'revised',
      text: [`the retraction's report (${outlet}): ${r.reason}`, ...changeLines(r.before, r.after)].join(
        '\n',
      ),
    })),
    ...t.assessments.map((r) => ({
      at: r.recordedAt,
      position: r.position,
      logged: loggedAs(r),
      what: 'assessed',
      // The day it was made decides where it counts under --known-at (kb mission says it too).
      text: `${[r.credibility ? `credibility ${r.credibility}` : '', r.likelihood ?? ''].filter(Boolean).join(', ')} by ${r.assessedBy}, ${r.assessedOn === null ? 'undated' : `made ${r.assessedOn}`}: ${r.rationale}`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.position - b.position);
  if (later.length > 0) {
    lines.push('', 'Later events');
    for (const h of later) lines.push(...field(h.what, `${h.at}${h.logged}: ${h.text}`));
  }
  const cut = notShownText(t.claimId, replay);
  if (cut !== null) lines.push('', ...wrap(cut, 100));
  if (t.responses.length > 0) {
    lines.push('', 'Responses');
    for (const r of t.responses) {
      lines.push(
        ...field(
          r.stance,
          `${r.claimId} by ${r.claimant.asWritten}${sidingText(r.sidesWith)} (${r.binding}${r.retracted ? ', retracted' : ''})`,
        ),
      );
    }
  }
  return lines.join('\n');
}

/**
 * The revisions of the reports that carried the retractions (a revised date moves where a retraction
 * counts), each once, and none already shown as a revision of the claim's own report.
 */
function retractionRevisions(t: ClaimTrace) {
  const seen = new Set((t.report?.revisions ?? []).map((r) => r.eventId));
  return t.retractions.flatMap((retraction) =>
    (retraction.report?.revisions ?? []).flatMap((revision) => {
      if (seen.has(revision.eventId)) return [];
      seen.add(revision.eventId);
      return [{ revision, outlet: retraction.report?.outlet ?? 'an unregistered outlet' }];
    }),
  );
}

/** A response that confirms a denial answers as that denial: name it. */
function sidingText(sides: ClaimTrace['responses'][number]['sidesWith']): string {
  return sides === null
    ? ''
    : `, siding with the ${sides.stance === 'denies' ? 'denial' : 'dispute'} ${sides.claimId}`;
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
