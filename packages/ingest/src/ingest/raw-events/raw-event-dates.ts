// A vague date in a raw event record is written whole, text and bounds (`{"text": "2023-03-23",
// "earliest": …, "latest": …, "anchor": …}`), where a claim record gives the text alone and ingest
// derives the bounds (docs/dates.md). Every view reads the bounds, never the text, so bounds other
// than the text's would date the claim or report by something nobody wrote. So the text must be one
// a claim record may hold there, and the bounds and anchor exactly what it gives: for a relative
// date ("earlier"), what it gives anchored on the day its report was published (checkAnchor).
import {
  type ClaimCorrectedV2,
  type DomainEvent,
  type DomainEventType,
  parseVagueDate,
  type ReportCapturedV1,
  type ReportRevisedV1,
  type VagueDate,
} from '@kb/domain';
import { unseenInDateMessage } from '../../records/unseen-chars.js';
import type { Planner } from '../prepare/planning.js';
import type { DataIssue } from './raw-event-data.js';

/** A vague date of an event's data: where it is, and whether it may be relative ("earlier"). */
interface DateField {
  /** Below `event.data`. */
  readonly path: string;
  readonly date: VagueDate;
  /**
   * True for world time (`occurred`), which a claim record may write as "earlier", anchored on the
   * report's publication date; false for a publication date, which has nothing to be relative to.
   */
  readonly relative: boolean;
}

/** The vague dates of `data`, an event of `type` already encoded at its newest version. */
function datesOf(type: DomainEventType, data: unknown): DateField[] {
  switch (type) {
    case 'ClaimRecorded':
      return [{ path: 'occurred', date: (data as { occurred: VagueDate }).occurred, relative: true }];
    case 'ClaimCorrected': {
      const occurred = (data as { changes: { occurred?: VagueDate } }).changes.occurred;
      return occurred === undefined ? [] : [{ path: 'changes.occurred', date: occurred, relative: true }];
    }
    case 'ReportCaptured':
      return [{ path: 'published', date: (data as ReportCapturedV1).published, relative: false }];
    case 'ReportRevised': {
      const published = (data as ReportRevisedV1).changes.published;
      return published === undefined ? [] : [{ path: 'changes.published', date: published, relative: false }];
    }
    default:
      return [];
  }
}

const FIELDS = ['text', 'earliest', 'latest', 'anchor'] as const;

/**
 * What is wrong with the vague dates of `data`: a text no claim record could hold there (at
 * `….text`, in the words of docs/dates.md), and each of the text, bounds and anchor that is not
 * what the text gives (at its own path).
 */
export function dateIssues(type: DomainEventType, data: unknown): DataIssue[] {
  return datesOf(type, data).flatMap(({ path, date, relative }) => {
    const anchor = relative ? date.anchor : null;
    const parsed = parseVagueDate(date.text, { anchor, publication: !relative });
    if (!parsed.ok) {
      // "earlier" with no anchor: the anchor is what is missing, not the text that is wrong.
      if (relative && anchor === null && parseVagueDate(date.text, { anchor: '2000-01-01' }).ok) {
        return [
          {
            path: `${path}.anchor`,
            message: `the text "${date.text}" is relative and needs an anchor: the day the report was published, as a claim record's "earlier" takes its report's published date`,
          },
        ];
      }
      return [{ path: `${path}.text`, message: unseenInDateMessage(date.text) ?? parsed.error }];
    }
    const gives = parsed.value;
    const text = `the text ${JSON.stringify(gives.text)}${gives.anchor === null ? '' : ` anchored on ${gives.anchor}`}`;
    return FIELDS.filter((field) => date[field] !== gives[field]).map((field) => ({
      path: `${path}.${field}`,
      message:
        field === 'text'
          ? `${JSON.stringify(date.text)} has white space around it; write ${JSON.stringify(gives.text)}`
          : field === 'anchor'
            ? `${shown(date.anchor)} does not match the date's text: only a relative date ("earlier") has an anchor, and ${text} gives ${shown(gives.anchor)}`
            : `${shown(date[field])} does not match the date's text: ${text} gives ${shown(gives[field])} (docs/dates.md), and every view reads the bounds`,
    }));
  });
}

const shown = (day: string | null) => (day === null ? 'null (open)' : day);

/**
 * The anchor of a relative `occurred` ("earlier"), held to the day a record would anchor it on: a
 * claim record's "earlier" takes its report's published date, a correction record's the published
 * date of the claim's report, each as the report was first captured, its last day when vague
 * (docs/dates.md). So a ClaimRecorded's anchor must be that day of the report it names, and a
 * ClaimCorrected's that of the claim's report: an anchor after it would let the claim have happened
 * after the report telling of it was out, and one before it would date the claim by a day nobody
 * wrote. Run once the event's data is valid and its subjects are known (a report or claim not found
 * is the subject check's to report).
 */
export async function checkAnchor(plan: Planner, event: DomainEvent): Promise<void> {
  let path: string;
  let date: VagueDate | undefined;
  let published: { text: string; of: string } | null;
  if (event.type === 'ClaimRecorded') {
    path = 'occurred';
    date = event.data.occurred;
    if (date.anchor === null) return;
    const text = await plan.ctx.reportPublished(event.data.reportId);
    published = text === null ? null : { text, of: `report "${event.data.reportId}"` };
  } else if (event.type === 'ClaimCorrected') {
    path = 'changes.occurred';
    date = (event.data as ClaimCorrectedV2).changes.occurred;
    if (date === undefined || date.anchor === null) return;
    const claim = await plan.ctx.claimPublished(event.data.claimId);
    published =
      claim === null ? null : { text: claim.published, of: `the report of claim "${event.data.claimId}"` };
  } else return;
  if (published === null) return;
  const gives = parseVagueDate(date.text, { anchor: published.text });
  if (!gives.ok) {
    plan.issue(
      `event.data.${path}.text`,
      `${published.of} was published ${published.text}, and ${gives.error}`,
    );
    return;
  }
  const day = gives.value.anchor;
  if (day === date.anchor) return;
  plan.issue(
    `event.data.${path}.anchor`,
    `${date.anchor} is not the day ${published.of} was published (${published.text}${day === published.text ? '' : `, whose last day is ${day}`}): "earlier" is anchored on that day, as a claim record's is; write ${day} as anchor and latest`,
  );
}
