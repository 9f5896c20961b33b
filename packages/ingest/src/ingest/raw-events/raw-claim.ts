// One claim id is one claim, however it came in: a ClaimRecorded written as an event record and a
// claim record are compared with the ClaimRecorded that stands for the claim (stored, or earlier in
// the input), as two claim records are. Every view reads only the first ClaimRecorded of a claim, so
// a second one would be stored, counted as added and ignored everywhere.
import type { ClaimRecordedV2 } from '@kb/domain';
import { deterministicId, type NewEvent } from '@kb/store';
import type { RecordIssue } from '../../records/parse-record.js';
import { clashMessage } from '../batches/batch-writer.js';
import { differenceText, fieldsThatDiffer } from '../batches/content-difference.js';
import type { Earlier } from '../batches/first-lines.js';
import type { Recorded } from '../corrections/claim-state.js';
import { sameComposed } from '../identity/text-form.js';
import type { PrepareContext } from '../prepare/planning.js';
import type { PreparedRecord } from '../prepare/prepared-record.js';

/** The id of a claim's ClaimRecorded, whether a claim record or an event record sends it. */
export function recordedId(claimId: string): string {
  return deterministicId('ClaimRecorded', claimId);
}

/**
 * The id a raw ClaimRecorded is stored under: that of the ClaimRecorded standing for its claim when
 * it has the same content (so it counts as already present), else the claim's own (recordedId).
 * Other content than the standing one is an issue at each field that differs
 * (`event.data.quote`), in the words a claim record would get: "send a correction record", unless
 * `storedBefore` finds the event under the id an earlier version gave it (then already present).
 */
export async function rawClaimId(
  ctx: PrepareContext,
  data: ClaimRecordedV2,
  line: number,
  storedBefore: () => Promise<string | null> = async () => null,
): Promise<{ id: string; issues: RecordIssue[] }> {
  const state = await ctx.claimState(data.claimId);
  if (state === null) return { id: recordedId(data.claimId), issues: [] };
  const { recorded } = state;
  if (sameComposed(recorded.data, data)) return { id: recorded.eventId, issues: [] };
  // Ingest before 2026-12-06 stored an event record's ClaimRecorded under the id its content gave,
  // also beside the claim's first: that very line, sent again, is already present, not refused.
  const before = await storedBefore();
  if (before !== null) return { id: before, issues: [] };
  const given = data as unknown as Readonly<Record<string, unknown>>;
  const keys = [...new Set([...Object.keys(recorded.data), ...Object.keys(given)])];
  const message = recordedClash(data.claimId, recorded, data, line);
  const issues = keys
    .filter((key) => !sameComposed(recorded.data[key] ?? null, given[key] ?? null))
    .map((key) => ({ path: `event.data.${key}`, message }));
  return { id: recordedId(data.claimId), issues };
}

/**
 * Why a claim is refused whose id a ClaimRecorded under another event id already stands for (one an
 * event record stored before 2026-12-06, keyed by its content): in the words the batch writer uses
 * for a claim record (clashMessage).
 */
export function recordedClash(claimId: string, recorded: Recorded, data: unknown, line: number): string {
  const { place } = recorded;
  const earlier: Earlier =
    place.line !== null
      ? { line: place.line }
      : place.thisRun && place.position !== null
        ? { position: place.position }
        : null;
  const record: PreparedRecord = {
    line,
    text: '',
    key: claimId,
    own: [],
    needs: [],
    notices: [],
    claim: { claimId, published: '' },
  };
  const event = { id: recordedId(claimId), type: 'ClaimRecorded', version: 2, data } as NewEvent;
  return clashMessage(record, event, differenceText(fieldsThatDiffer(recorded.data, data)), earlier);
}
