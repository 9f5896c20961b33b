// What the raw event record tests share: a store holding one claim, raw events to send beside it,
// and the problems a report gives, as [line, path, message].
import { MemoryEventStore } from '@kb/store';
import { ingest } from '../run/ingest.js';
import { claims } from './ingest-test-kit.js';
import { claimRecord } from './test-records.js';

export const event = (type: string, data: Record<string, unknown>) => ({
  type: 'event',
  event: { type, data },
});
export const day = (text: string) => ({ text, earliest: text, latest: text, anchor: null });

/** A store holding one claim record's claim, report and mission; and a raw claim beside it. */
export async function storeWithClaim() {
  const store = new MemoryEventStore();
  await ingest(store, [claimRecord({ id: 'first' })]);
  const [first] = await claims(store);
  const rawClaim = (claimId: string, changes: Record<string, unknown> = {}) =>
    event('ClaimRecorded', {
      claimId,
      reportId: first!.reportId,
      missionId: first!.missionId,
      kind: 'visit',
      stance: 'asserts',
      controller: 'taliban',
      occurred: day('2023-03-23'),
      quote: 'q',
      claimant: { asWritten: 'a source', actorId: null },
      via: [],
      notes: null,
      respondsTo: null,
      ...changes,
    });
  return { store, reportId: first!.reportId, rawClaim };
}

export const problems = (report: { rejected: readonly { line: number; path: string; message: string }[] }) =>
  report.rejected.map((r) => [r.line, r.path, r.message]);
