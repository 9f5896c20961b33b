import type { ClaimHistoryEntry, ClaimRecord, ClaimValues } from '../knowledge/knowledge-state.js';

// How a claim is laid out in rm_claims. A claim's values and stamp never change after its
// ClaimRecorded, and its history only grows, so the row splits into an immutable `body` written once
// and a `history` column that later events append to: no event ever reads a claim back to rewrite
// it. The body is a JSON array in a fixed field order rather than the record's JSON: a rebuild
// writes one body per claim, and dropping the key names halves both the serialising and the bytes
// written (the mission id and position have columns of their own and are left out of it). The two
// long free-text fields, quote and notes, have columns of their own too: bound as they are, they
// skip JSON escaping on write and JSON parsing on read, which was most of the body's cost.

/** The fields of a claim in rm_claims: its own columns, then the body and history text. */
export interface ClaimRow {
  readonly position: number;
  readonly id: string;
  readonly mission_id: ClaimValues['missionId'];
  readonly quote: ClaimValues['quote'];
  readonly notes: ClaimValues['notes'];
  readonly body: string;
  readonly history: string;
}

type Body = [
  reportId: ClaimRecord['reportId'],
  kind: ClaimValues['kind'],
  stance: ClaimValues['stance'],
  controller: ClaimValues['controller'],
  occurred: ClaimValues['occurred'],
  credibility: ClaimValues['credibility'],
  respondsTo: ClaimValues['respondsTo'],
  claimant: ClaimValues['claimant'],
  via: ClaimValues['via'],
  eventId: string,
  recordedAt: string,
  ingestRunId: string | null,
  correlationId: string | null,
  causationId: string | null,
];

// Fails to compile when ClaimValues gains a field the body does not carry (bump READ_MODEL_SCHEMA
// with the layout). `missionId`, `quote` and `notes` are columns.
type Carried =
  | 'missionId'
  | 'kind'
  | 'stance'
  | 'controller'
  | 'occurred'
  | 'quote'
  | 'credibility'
  | 'respondsTo'
  | 'claimant'
  | 'via'
  | 'notes';
const everyValueCarried: [Exclude<keyof ClaimValues, Carried>] extends [never] ? true : never = true;
void everyValueCarried;

/**
 * The key rm_claims indexes a mission id under: FNV-1a of its UTF-16 code units, cut to 23 bits so
 * it is stored in 3 bytes. Not unique; queries compare the mission id too.
 */
export function missionKey(missionId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < missionId.length; i++) h = Math.imul(h ^ missionId.charCodeAt(i), 0x01000193);
  return h & 0x7fffff;
}

/** The immutable part of a claim (values and stamp, less the fields with columns) as row text. */
export function claimBody(claim: ClaimRecord): string {
  const v = claim.values;
  const r = claim.recorded;
  const body: Body = [
    claim.reportId,
    v.kind,
    v.stance,
    v.controller,
    v.occurred,
    v.credibility,
    v.respondsTo,
    v.claimant,
    v.via,
    r.eventId,
    r.recordedAt,
    r.ingestRunId,
    r.correlationId,
    r.causationId,
  ];
  return JSON.stringify(body);
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

/** The claim record a row stores. */
export function claimOfRow(row: ClaimRow): ClaimRecord {
  const b = JSON.parse(row.body) as Body;
  return {
    id: row.id,
    reportId: b[0],
    values: {
      missionId: row.mission_id,
      kind: b[1],
      stance: b[2],
      controller: b[3],
      occurred: b[4],
      quote: row.quote,
      credibility: b[5],
      respondsTo: b[6],
      claimant: b[7],
      via: b[8],
      notes: row.notes,
    },
    recorded: {
      eventId: b[9],
      position: row.position,
      recordedAt: b[10],
      ingestRunId: b[11],
      correlationId: b[12],
      causationId: b[13],
    },
    history: row.history === '' ? [] : (JSON.parse(`[${row.history}]`) as ClaimHistoryEntry[]),
  };
}
