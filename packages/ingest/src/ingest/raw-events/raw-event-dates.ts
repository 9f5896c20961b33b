// A vague date in a raw event record is written whole, text and bounds (`{"text": "2023-03-23",
// "earliest": …, "latest": …, "anchor": …}`), where a claim record gives the text alone and ingest
// derives the bounds (docs/dates.md). Every view reads the bounds, never the text, so bounds other
// than the text's would date the claim or report by something nobody wrote. So the text must be one
// a claim record may hold there, and the bounds and anchor exactly what it gives.
import {
  type DomainEventType,
  parseVagueDate,
  type ReportCapturedV1,
  type ReportRevisedV1,
  type VagueDate,
} from '@kb/domain';
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
    const parsed = parseVagueDate(date.text, { anchor });
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
      return [{ path: `${path}.text`, message: parsed.error }];
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
