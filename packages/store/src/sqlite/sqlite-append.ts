// One append transaction of the SQLite store, run inside BEGIN IMMEDIATE: reads the chain head, the
// offered ids already stored (through the id index) and the streams' tips, plans the batch
// (plan-batch.ts), stamps it no earlier than the last event (recorded-time.ts), inserts its rows and
// moves the head. The caller commits, then tells the id index.
import { type BatchPlan, planBatch, type StoredIdentity, type StreamTip } from '../append/plan-batch.js';
import { type LastRecorded, recordedTimeAfter } from '../append/recorded-time.js';
import type { StreamWrite } from '../port/event-store.js';
import type { IdIndex, IndexChange } from './sqlite-id-index.js';
import { idKey } from './sqlite-id-key.js';
import type { Statements, TipRow } from './sqlite-statements.js';

export function appendInTransaction(
  s: Statements,
  ids: IdIndex,
  writes: readonly StreamWrite[],
  clock: string,
  last: LastRecorded,
): [BatchPlan, IndexChange] {
  const head = s.head.get()!;
  // Another connection may have appended since this one last did: then its last time is read. The
  // store remembers its own batch's time once the batch commits.
  if (last.position !== head.last_position) {
    last.position = head.last_position;
    last.recordedAt = head.last_position === 0 ? null : (s.recordedAtOf.get(head.last_position) ?? null);
  }
  const recordedAt = recordedTimeAfter(clock, last.recordedAt);
  // The index's part of the head, as the index reads it (it mends one that claims events past the end).
  const indexHead = ids.sync({
    lastPosition: head.last_position,
    lastHash: head.last_hash,
    indexedUpTo: head.indexed_up_to,
    level1Count: head.level1_count,
  });
  const keys = new Map<string, number>();
  for (const write of writes) {
    for (const event of write.events) if (!keys.has(event.id)) keys.set(event.id, idKey(event.id));
  }
  const stored = new Map<string, StoredIdentity>();
  // Two ids with one key are probed twice; the positions found are read once (IN).
  const candidates = keys.size > 0 ? ids.candidates(keys.values()) : [];
  if (candidates.length > 0) {
    // Rows are matched by key; the map is by full id, so a row whose key merely collides is never found.
    for (const [id, stream, type, version, dataJson, metadataJson] of s.storedAt.all(
      JSON.stringify(candidates),
    )) {
      stored.set(id, { stream, type, version, dataJson, metadataJson });
    }
  }
  const plan = planBatch(
    writes,
    // The planner asks for each stream's tip once, the first time the batch writes to it.
    { tip: (stream) => tipOf(s.tip.get(stream)), stored: (id) => stored.get(id) },
    { position: head.last_position, hash: head.last_hash, count: head.count },
    recordedAt,
  );
  const events = plan.events;
  // Each event's key, looked up once for the insert and the index.
  const eventKeys = events.map((e) => keys.get(e.id)!);
  s.insertEvents.run(events, eventKeys);
  const change = ids.afterInsert(
    indexHead,
    events.map((e, i) => [eventKeys[i]!, e.position] as const),
    plan.head.hash,
  );
  if (events.length > 0) s.setHead.run(plan.head.count, plan.head.position, plan.head.hash);
  return [plan, change];
}

function tipOf(row: TipRow | undefined): StreamTip | undefined {
  return row === undefined ? undefined : { revision: row[0], position: row[1] };
}
