import { decodeEvent } from '@kb/domain';
import { parseMetadataText } from '@kb/store';
import { FROM_STORE } from '../events/recorded-event.js';
import { readingEvent } from '../events/unreadable-event.js';
import { claimRecorded, stampOf } from '../knowledge/knowledge-projection.js';
import type { ClaimHistoryEntry, ClaimRecord } from '../knowledge/knowledge-state.js';

// How a claim is laid out in rm_claims: as a reference into the log, not a copy. A claim's values
// and stamp are exactly its ClaimRecorded event and never change, and that event sits in the same
// file, so the row holds only what the log cannot answer by position: the claim's id, the mission
// it is indexed under, and the history later events added. A query joins each row to `events` on
// the position and decodes the event (upcasting an old version as any reader would). A rebuild
// then writes a few dozen bytes per claim instead of the whole claim: copying values and quotes
// into the read models cost more than reading them from the log in the first place.
//
// History only grows, so it is stored as text that later events append to: no event ever reads a
// claim back to rewrite it.

/** A claim's row joined to its ClaimRecorded: the columns CLAIM_SELECT names. */
export interface ClaimRow {
  readonly position: number;
  readonly id: string;
  readonly history: string;
  readonly stream: string;
  readonly type: string;
  readonly version: number;
  readonly data: string;
  readonly metadata: string;
  readonly event_id: string;
  readonly recorded_at: string;
}

/**
 * The columns of a claim query: rm_claims as `c`, joined to the store's `events` table as `e` (the
 * columns of the SQLite store's schema, packages/store/src/sqlite/sqlite-schema.ts).
 */
export const CLAIM_SELECT =
  'c.position AS position, c.id AS id, c.history AS history, e.stream AS stream, e.type AS type, e.version AS version, e.data AS data, e.metadata AS metadata, e.id AS event_id, e.recorded_at AS recorded_at';

/**
 * The key rm_claims indexes a mission id under: FNV-1a of its UTF-16 code units, cut to 23 bits so
 * it is stored in 3 bytes. Not unique; queries compare the mission id too.
 */
export function missionKey(missionId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < missionId.length; i++) h = Math.imul(h ^ missionId.charCodeAt(i), 0x01000193);
  return h & 0x7fffff;
}

/**
 * History entries as row text: their JSON joined by commas, '' for none. Appending is string
 * concatenation, so a history written in one chunk or in many reads back the same.
 */
export function historyText(entries: readonly ClaimHistoryEntry[]): string {
  let out = '';
  for (const entry of entries) out = out === '' ? JSON.stringify(entry) : `${out},${JSON.stringify(entry)}`;
  return out;
}

/**
 * The claim record a row and its event store: the same record the in-memory fold builds. An event
 * whose data or metadata no longer reads is named (UnreadableEventError), not passed on as the
 * parser's bare message.
 */
export function claimOfRow(row: ClaimRow): ClaimRecord {
  const at = { position: row.position, stream: row.stream, type: row.type };
  // Read from the store, which validated it on the way in (FROM_STORE).
  const event = readingEvent(
    at,
    () => decodeEvent(row.type, row.version, JSON.parse(row.data), FROM_STORE),
    row,
  );
  if (event.type !== 'ClaimRecorded') {
    throw new Error(
      `read models: rm_claims row ${row.id} points at position ${row.position}, which holds a ${event.type}: the read models do not match this log and must be rebuilt`,
    );
  }
  const claim = readingEvent(
    at,
    () => {
      const stamp = stampOf({
        eventId: row.event_id,
        position: row.position,
        recordedAt: row.recorded_at,
        metadata: parseMetadataText(row.metadata),
      });
      return claimRecorded(event.data, stamp);
    },
    row,
  );
  if (row.history !== '') claim.history.push(...(JSON.parse(`[${row.history}]`) as ClaimHistoryEntry[]));
  return claim;
}
