// A claim as an earlier version of kb stored it, written through the store's API: a name holding a
// character that claim records and event records are now refused (an escape sequence, a
// right-to-left override; docs/claim-records.md) is still in such stores, and kb's text output must
// write it out safely.
import { claimStream, decodeEvent, encodeEvent, missionStream } from '@kb/domain';
import { openSqliteStore, type StoredEvent } from '@kb/store';

/**
 * Appends to the knowledge base at `path` a ClaimRecorded of `claimId`, a copy of the first claim
 * stored (its report and mission) with `changes` over its data, as no ingest run would write it.
 */
export async function storeClaimAsBefore(
  path: string,
  claimId: string,
  changes: Record<string, unknown>,
): Promise<void> {
  const store = openSqliteStore({ path });
  try {
    let first: StoredEvent | undefined;
    for await (const e of store.readAll({ filter: { eventTypes: ['ClaimRecorded'] }, maxCount: 1 }))
      first = e;
    if (first === undefined) throw new Error(`no claim is stored in ${path} to copy`);
    const { data } = decodeEvent(first.type, first.version, first.data);
    const event = encodeEvent('ClaimRecorded', { ...(data as object), claimId, ...changes } as never);
    await store.append(claimStream(claimId), [
      { id: crypto.randomUUID(), ...event, metadata: { correlationId: 'stored-before' } },
    ]);
  } finally {
    await store.close();
  }
}

/**
 * Appends to the knowledge base at `path` a MissionRegistered as an earlier version's ingest stored
 * it, whatever its names hold (a version before ingest refused escapes and invisible characters).
 */
export async function storeMissionAsBefore(
  path: string,
  mission: { missionId: string; name: string; city: string | null; country: string },
): Promise<void> {
  const store = openSqliteStore({ path });
  try {
    const event = encodeEvent('MissionRegistered', { kind: 'embassy', aliases: [], ...mission });
    await store.append(missionStream(mission.missionId), [{ id: crypto.randomUUID(), ...event }]);
  } finally {
    await store.close();
  }
}
