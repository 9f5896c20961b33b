import type { EventStore, NewEvent } from '@kb/store';
import { sameComposed } from '../identity/text-form.js';
import type { PreparedRecord } from '../prepare/prepared-record.js';
import { clashMessage, differingFields } from './batch-writer.js';
import { differenceText, fieldsThatDiffer } from './content-difference.js';
import type { FirstLines } from './first-lines.js';

/**
 * The content each event of the batch being built was first given, by event id. The store catches a
 * clash with an earlier batch; within one batch two records with one claim id and different content
 * are caught here, before they share a transaction.
 */
export class BatchContent {
  #first = new Map<string, { readonly event: NewEvent; readonly line: number }>();

  /**
   * The first of `record`'s events this batch already holds with other content, and why the record
   * is refused, said as of a stored twin (the store's answer replaces it once the earlier line is
   * stored); null when there is none.
   */
  clash(record: PreparedRecord): { eventId: string; message: string } | null {
    for (const { event } of record.own) {
      const earlier = this.#first.get(event.id);
      if (earlier !== undefined && !sameEvent(earlier.event, event)) {
        const which = differenceText(fieldsThatDiffer(earlier.event.data, event.data));
        return { eventId: event.id, message: clashMessage(record, event, which, { line: earlier.line }) };
      }
    }
    return null;
  }

  /** A record joined the batch: the content of its events counts from now on, unless given before. */
  add(record: PreparedRecord): void {
    for (const { event } of record.own)
      if (!this.#first.has(event.id)) this.#first.set(event.id, { event, line: record.line });
  }

  /** The batch was committed: a new one begins. */
  clear(): void {
    this.#first = new Map();
  }
}

/**
 * Why a record is refused whose event `eventId` the last commit stored (or found stored) with other
 * content: as the batch writer says it of a line of a later batch (clashMessage), so the message
 * does not depend on whether the two lines shared a batch. Null if the store does not hold it.
 */
export async function storedClash(
  store: EventStore,
  record: PreparedRecord,
  eventId: string,
  firstLines: FirstLines,
): Promise<string | null> {
  const own = record.own.find((p) => p.event.id === eventId);
  if (own === undefined) return null;
  for await (const twin of store.readStream(own.stream)) {
    if (twin.id !== eventId) continue;
    const which = differenceText(differingFields(twin, own.event));
    return clashMessage(record, own.event, which, firstLines.earlier(twin));
  }
  return null;
}

/** The field a record's key was given in, for a clash: a claim's or a correction's own `id`. */
export function keyPath(record: PreparedRecord): string {
  // A claim without an id is refused as a whole: its id is derived, and `id` is no field it has.
  if (record.claim !== null) return record.claim.derived === true ? '' : 'id';
  return (record.correction?.id ?? null) !== null ? 'id' : '';
}

/** Two versions of one event with the same content, text compared in composed form (text-form.ts). */
function sameEvent(a: NewEvent, b: NewEvent): boolean {
  return a.type === b.type && a.version === b.version && sameComposed(a.data, b.data);
}
