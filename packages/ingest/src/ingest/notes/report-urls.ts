import type { ReportCapturedV1 } from '@kb/domain';
import type { EventStore, NewEvent } from '@kb/store';
import type { RecordIssue } from '../../records/parse-record.js';
import { urlKeyOf } from '../identity/ids.js';
import { decodeStored } from '../prepare/stored-event.js';

interface Registered {
  readonly reportId: string;
  readonly sourceId: string;
  readonly published: string;
}

/** Second reports this run registered whose note later lines naming them are given; the oldest forgotten past it. */
const REMEMBERED_NOTES = 100_000;

/**
 * A report's id holds its outlet and published date beside a hash of its URL, so the same URL given
 * with another published date (or another outlet) registers a second report, as it must for the ids
 * already stored to stay as they are. The line that does so, and the lines of the same run naming
 * that report after it, get a note naming the report first registered for the URL.
 *
 * Which reports share a URL is read from the store once per run, by a scan of its ReportCaptured
 * events, and only once a batch has stored a new report with a URL: a re-run, which stores none,
 * never pays for it. A report registered before this run is not noted again.
 */
export class ReportUrls {
  readonly #store: EventStore;
  /** Reports with a URL, by the URL's key, in the order they were registered; null until read. */
  #byUrl: Map<string, Registered[]> | null = null;
  /** The note of each second report this run registered, by report id. */
  readonly #notes = new Map<string, RecordIssue>();

  constructor(store: EventStore) {
    this.#store = store;
  }

  /** For a line naming a report this run registered as a second one for its URL: that note. */
  noteFor(reportId: string): RecordIssue | null {
    return this.#notes.get(reportId) ?? null;
  }

  /**
   * A batch stored these events, in log order: the notes of the new reports whose URL was registered
   * as another report before them, by report id.
   */
  async stored(appended: readonly NewEvent[]): Promise<ReadonlyMap<string, RecordIssue>> {
    const reports = appended.flatMap((e) =>
      e.type === 'ReportCaptured' && (e.data as ReportCapturedV1).url !== null
        ? [e.data as ReportCapturedV1]
        : [],
    );
    const notes = new Map<string, RecordIssue>();
    if (reports.length === 0) return notes;
    // Read after the commit, so the scan holds these reports too, in log order.
    if (this.#byUrl === null) await this.#load();
    else for (const report of reports) this.#add(report);
    for (const report of reports) {
      const first = this.#byUrl!.get(urlKeyOf(report.url!))?.[0];
      if (first === undefined || first.reportId === report.reportId) continue;
      const note = sameUrlNote(report, first);
      notes.set(report.reportId, note);
      this.#notes.set(report.reportId, note);
      if (this.#notes.size > REMEMBERED_NOTES) this.#notes.delete(this.#notes.keys().next().value!);
    }
    return notes;
  }

  async #load(): Promise<void> {
    this.#byUrl = new Map();
    for await (const stored of this.#store.readAll({ filter: { eventTypes: ['ReportCaptured'] } })) {
      const event = decodeStored(stored);
      if (event.type === 'ReportCaptured' && event.data.url !== null) this.#add(event.data);
    }
  }

  #add(report: ReportCapturedV1): void {
    const key = urlKeyOf(report.url!);
    let list = this.#byUrl!.get(key);
    if (list === undefined) {
      list = [];
      this.#byUrl!.set(key, list);
    }
    if (list.some((r) => r.reportId === report.reportId)) return;
    list.push({ reportId: report.reportId, sourceId: report.sourceId, published: report.published.text });
  }
}

function sameUrlNote(report: ReportCapturedV1, first: Registered): RecordIssue {
  const published = report.published.text;
  // What differs from the report already registered: what was said, and what to write to name it.
  const differs: { path: string; said: string; write: string }[] = [];
  if (report.sourceId !== first.sourceId)
    differs.push({
      path: 'source.outlet',
      said: `source "${first.sourceId}" (this line: "${report.sourceId}")`,
      write: `its outlet (source "${first.sourceId}")`,
    });
  if (published !== first.published)
    differs.push({
      path: 'source.published',
      said: `published ${first.published} (this line: ${published})`,
      write: `published ${first.published}`,
    });
  // Neither differs: the URL is written in another Unicode form than the stored report's, stored
  // before ingest took both forms as one text (ids.ts reportIdsAsWritten), so its id differs.
  if (differs.length === 0)
    return {
      path: 'source.url',
      message: `report "${report.reportId}" is a second report for its URL: report "${first.reportId}" has the same URL written in another Unicode form (é as one character, or as e and an accent), stored before ingest took both forms as one text; to name that report, write the line's source in the form that report was written in`,
    };
  return {
    path: differs[0]!.path,
    message: `report "${report.reportId}" is a second report for its URL: report "${first.reportId}" has the same URL, ${differs.map((d) => d.said).join(' and ')}; a report is known by its URL, outlet and published date together: to name that report, write ${differs.map((d) => d.write).join(' and ')}`,
  };
}
