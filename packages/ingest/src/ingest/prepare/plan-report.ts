import { DEFAULT_RELIABILITY, reportStream, sourceStream, type VagueDate } from '@kb/domain';
import type { SourceRef } from '../../records/claim-record.js';
import { unseenInDateMessage } from '../../records/unseen-chars.js';
import { earlierReportIds, type ReportIds, reportIdOf, reportIdsOf, reportKeyOf } from '../identity/ids.js';
import { readVagueDate } from './dates-read.js';
import type { Planner } from './planning.js';

// A record's report: its dates read and checked against each other, its ids (identity/ids.ts), and
// the registrations of its outlet and of itself, which the store may lack.

export async function planReport(
  plan: Planner,
  source: SourceRef,
  path: string,
): Promise<{ reportId: string; published: VagueDate } | null> {
  const published = readPublished(plan, source.published, `${path}.published`);
  let retrieved: string | null = null;
  if (source.retrieved !== undefined) {
    const day = readVagueDate(source.retrieved);
    if (day.ok && /^\d{4}-\d{2}-\d{2}$/.test(source.retrieved)) retrieved = source.retrieved;
    else plan.issue(`${path}.retrieved`, day.ok ? 'expected a day as YYYY-MM-DD' : day.error);
  }
  if (published === null) return null;
  noteUnlikelyDates(plan, published, retrieved, path);
  const { sourceId, reportId } = await reportIds(plan, source);
  if (source.reliability !== undefined) {
    const grade = await plan.ctx.sourceGrade(sourceId);
    if (grade !== null && grade !== source.reliability)
      plan.notice(
        `${path}.reliability`,
        `${source.outlet} is graded ${grade}; a record's grade does not regrade a known outlet, so ${source.reliability} was not applied (send a SourceGraded event record to regrade it)`,
      );
  }
  await plan.need(
    sourceStream(sourceId),
    'SourceRegistered',
    {
      sourceId,
      outlet: source.outlet,
      kind: 'other',
      reliability: source.reliability ?? DEFAULT_RELIABILITY,
      homepage: null,
    },
    sourceId,
  );
  await plan.need(
    reportStream(reportId),
    'ReportCaptured',
    {
      reportId,
      sourceId,
      url: source.url ?? null,
      title: source.title ?? null,
      author: source.author ?? null,
      published,
      retrieved,
    },
    reportId,
  );
  // A line in the batch that registers it is given the note once the batch is stored (RunContext.stored).
  const second = plan.ctx.sameUrlNote(reportId);
  if (second !== null) plan.notices.push(second);
  return { reportId, published };
}

/**
 * A report's ids (reportIdsOf). Earlier versions of ingest derived others for some (earlierReportIds:
 * text not composed, an outlet with no Latin letters): where the store holds the report under those,
 * or else its outlet, they stand, so a file ingested then is found again instead of being stored a
 * second time, and a new report of an outlet stored then is that outlet's.
 */
async function reportIds(plan: Planner, source: SourceRef): Promise<ReportIds> {
  const today = reportIdsOf(source);
  const earlier = earlierReportIds(source, today);
  for (const before of earlier)
    if (await plan.ctx.earlierFormExists(reportStream(before.reportId))) return before;
  for (const { sourceId } of earlier) {
    if (sourceId !== today.sourceId && (await plan.ctx.earlierFormExists(sourceStream(sourceId))))
      return { sourceId, reportId: reportIdOf(sourceId, source.published, reportKeyOf(source, sourceId)) };
  }
  return today;
}

/**
 * Dates that cannot all be right, noted and stored as written (the source may have them so): a
 * report published after today, or read before it was published.
 */
export function noteUnlikelyDates(
  plan: Planner,
  published: VagueDate,
  retrieved: string | null,
  path: string,
): void {
  const { today } = plan.ctx;
  if (published.earliest !== null && published.earliest > today)
    plan.notice(
      `${path}.published`,
      `${published.text} is after today (${today}): no report is published yet then; stored as written, but the date is likely wrong`,
    );
  if (retrieved !== null && published.earliest !== null && retrieved < published.earliest)
    plan.notice(
      `${path}.retrieved`,
      `${retrieved} is before the report was published (${published.text}): it cannot have been read then; stored as written, but one of the two dates is likely wrong`,
    );
}

/**
 * A claim dated after its report was published: a report tells of what had happened by then, so
 * either date may be wrong, or the claim is a plan or a forecast (which its notes should say).
 */
export function noteOccurredAfterReport(
  plan: Planner,
  occurred: VagueDate,
  published: VagueDate,
  path: string,
): void {
  if (occurred.earliest === null || published.latest === null || occurred.earliest <= published.latest)
    return;
  plan.notice(
    path,
    `${occurred.text} is after the report was published (${published.text}): stored as written; if the date is right, the claim is a plan or a forecast, and its notes should say so`,
  );
}

/** A report's published date; "earlier" is said relative to a publication date, so it cannot be one. */
function readPublished(plan: Planner, text: string, path: string): VagueDate | null {
  if (!/^\s*earlier\s*$/i.test(text)) {
    const parsed = readVagueDate(text, { publication: true });
    if (parsed.ok) return parsed.value;
    plan.issue(path, unseenInDateMessage(text) ?? parsed.error);
    return null;
  }
  plan.issue(
    path,
    `"${text.trim()}" is relative to a report's publication date, so it cannot be one: give the date as EDTF, or unknown`,
  );
  return null;
}
