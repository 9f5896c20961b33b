import { type Claimant, DEFAULT_RELIABILITY, type VagueDate } from '@kb/domain';
import { type ClaimTrace, cutoffCount, type RecordedAt, type TraceCutoff } from '@kb/projections';
import { formatVague } from '../render/dates.js';
import { respondsToText } from '../render/responds-to.js';
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
  responseRetractions: 'response retracted',
  responseCorrections: 'correction of a response',
};

/**
 * Under a cutoff, what the log recorded about the claim after it: a trace at R holds no later events
 * of them, and without this line would read as the trace of a claim nothing happened to since.
 */
export function notShownText(claimId: string, replay: TraceReplay): string | null {
  const { notShown, recordedBy } = replay;
  if (notShown === null || recordedBy === null) return null;
  // Said as exactly as it is counted: a response retracted or corrected since is counted, but the
  // claim this one answers, recorded or changed since, is not in the count.
  if (cutoffCount(notShown) === 0)
    return `Nothing about this claim was recorded after ${recordedBy}: no retraction, correction or assessment of it, revision of its report, grade of its outlet, new response to it, retraction or correction of one. Anything recorded since about the claim it responds to is not counted.`;
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
  const o = t.original;
  // A value shown that is not the one the ingest run under Recorded stored says so, with the one it
  // stored (the claim's after a correction, its report's after a revision).
  const lines = [
    `Claim ${t.claimId}`,
    replayLine(replay),
    ...field('says', `${saysText(c)}${asRecorded('corrected', saysText(c), saysText(o))}`),
    ...field(
      'claimant',
      `${claimantLine(c.claimant)}${asRecorded('corrected', claimantLine(c.claimant), claimantLine(o.claimant))}`,
    ),
    ...field('occurred', `${formatVague(t.occurred)}${occurredMarker(t)}`),
    ...field(
      'quote',
      `${quoted(t.quote)}${asRecorded('corrected', t.quote, o.quote, quotedOriginal(t, o.quote))}`,
    ),
    ...(c.notes === null && o.notes === null
      ? []
      : field(
          'notes',
          `${notesText(c.notes, `kb trace ${t.claimId} --json has them whole`)}${c.notes === o.notes ? '' : ` (corrected; recorded as ${notesText(o.notes, `kb trace ${t.claimId} --json has them whole, as original.notes`)})`}`,
        )),
    ...field('credibility', credibilityText(t)),
    ...(c.respondsTo !== null || o.respondsTo !== null
      ? field(
          'responds to',
          `${t.respondsToTarget === null ? '(none)' : respondsToText(t.respondsToTarget)}${asRecorded('corrected', c.respondsTo ?? '(none)', o.respondsTo ?? '(none)')}`,
        )
      : []),
    '',
    'Source',
  ];
  if (t.source) {
    const grades = t.source.grades.map((g) => `${g.reliability} at ${g.recordedAt}`).join(', ');
    lines.push(
      ...field(
        'outlet',
        `${t.source.outlet} (${t.source.sourceId}), grade ${t.source.reliability ?? DEFAULT_RELIABILITY}${grades ? `; grades: ${grades}` : ''}`,
      ),
    );
  }
  if (t.report) {
    const r = t.report;
    const first = r.original;
    const url = (v: { url: string | null }) => v.url ?? '(none recorded)';
    lines.push(
      ...field('report', `${reportText(r)}${asRecorded('revised', reportText(r), reportText(first))}`),
      ...field('url', `${url(r)}${asRecorded('revised', url(r), url(first))}`),
      ...field(
        'published',
        `${formatVague(r.published)}${asRecorded('revised', formatVague(r.published), formatVague(first.published))}`,
      ),
      ...field('retrieved', r.retrieved ?? '(not recorded)'),
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
 * ` (corrected; recorded as X)` after a value shown that is not the one first recorded, so the
 * header is not read as what the ingest run under Recorded stored; '' when it is that one. `text`
 * is the recorded value as shown, when it is not `recorded` itself.
 */
function asRecorded(how: string, shown: string, recorded: string, text = recorded): string {
  return shown === recorded ? '' : ` (${how}; recorded as ${text})`;
}

/**
 * The credibility in force, as kb mission gives it: an analyst's assessment, marked so with who and
 * when, beside the one recorded (`2 (assessed 2023-04-01 by auditor; recorded as 6)`); else the
 * claim's own, marked when a correction changed it.
 */
function credibilityText(t: ClaimTrace): string {
  const own = String(t.current.credibility);
  const recorded = String(t.original.credibility);
  const by = t.credibilityAssessed;
  if (by === null) return `${own}${asRecorded('corrected', own, recorded)}`;
  const when = by.assessedOn === null ? 'assessed, undated, by' : `assessed ${by.assessedOn} by`;
  const corrected = own === recorded ? '' : `the claim's own ${own}, corrected; `;
  return `${t.credibility} (${when} ${by.assessedBy}; ${corrected}recorded as ${recorded})`;
}

/** What the claim says, as the header's first line has it. */
const saysText = (v: ClaimTrace['current']) =>
  `${v.claimant.asWritten} ${v.stance} ${v.kind} at ${v.missionId} → ${v.controller}`;

/** A claimant as written, and the actor it resolved to or that it did not. */
const claimantLine = (c: Claimant) =>
  c.actorId ? `${c.asWritten} (resolved: ${c.actorId})` : `${c.asWritten} (unresolved)`;

/** A report's title and author, as the Source section names it. */
const reportText = (r: { title: string | null; author: string | null }) =>
  `${r.title ?? '(untitled)'}${r.author ? ` by ${r.author}` : ''}`;

/** Notes, cut as the side-by-side view cuts a quote. */
const notesText = (notes: string | null, whole: string) =>
  notes === null ? '(none)' : clippedText(notes, NOTES_SHOWN, whole);

/** The quote as first recorded, cut as the notes are (the correction under Later events has it whole). */
const quotedOriginal = (t: ClaimTrace, quote: string) =>
  quoted(clippedText(quote, NOTES_SHOWN, `kb trace ${t.claimId} --json has it whole, as original.quote`));

/**
 * The marker of a date shown that is not the one recorded: corrected, or an `earlier` re-read
 * against its report's revised published date.
 */
function occurredMarker(t: ClaimTrace): string {
  const shown = formatVague(t.occurred);
  const recorded = formatVague(t.original.occurred);
  const corrected = formatVague(t.current.occurred) !== recorded;
  return asRecorded(
    corrected ? 'corrected' : "read against its report's revised published date",
    shown,
    recorded,
  );
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

/** One line per changed field: `field: before → after`. */
function changeLines(before: object, after: object): string[] {
  return Object.keys(after).map(
    (key) =>
      `${key}: ${valueText((before as Record<string, unknown>)[key])} → ${valueText((after as Record<string, unknown>)[key])}`,
  );
}

/**
 * One corrected field's value as a reader would write it. A citation chain is bracketed, as its
 * links are joined by the arrow that also stands between the value before and the value after.
 */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return `[${value.map((v) => (isLink(v) ? `${v.relation} ${v.name}` : JSON.stringify(v))).join(' → ')}]`;
  }
  if (isVague(value)) return formatVague(value);
  if (isClaimant(value)) return claimantText(value);
  return JSON.stringify(value);
}

const isLink = (v: unknown): v is { name: string; relation: string } =>
  typeof v === 'object' && v !== null && 'name' in v && 'relation' in v;
const isVague = (v: object): v is VagueDate => 'text' in v && 'earliest' in v && 'latest' in v;
const isClaimant = (v: object): v is Claimant => 'asWritten' in v;
