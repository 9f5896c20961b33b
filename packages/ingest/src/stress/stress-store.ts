// What the stress tests read back from a SQLite file after the writers are gone.
import { decodeEvent } from '@kb/domain';
import { openSqliteStore, type VerifyReport } from '@kb/store';

/** The file's log as the checks need it: the chain report, every event id, the claims per claim id. */
export interface StoreSnapshot {
  readonly verify: VerifyReport;
  readonly eventIds: readonly string[];
  /** The ingest run that wrote each event, in log order (parallel to eventIds). */
  readonly runIds: readonly (string | undefined)[];
  readonly eventTypes: ReadonlyMap<string, number>;
  /** Claim id -> how many ClaimRecorded events it has (more than one would be a duplicate). */
  readonly claims: ReadonlyMap<string, number>;
  /** Claim id -> the quote stored with it (the last one, were there several). */
  readonly quotes: ReadonlyMap<string, string>;
  /** ClaimRecorded events whose data does not decode (must stay 0). */
  readonly undecodable: number;
  /** Claims whose report or mission registration is not in the log (a half-written batch would leave some). */
  readonly dangling: number;
}

/** Opens the file, verifies the chain and reads the whole log once. */
export async function snapshotStore(path: string): Promise<StoreSnapshot> {
  const store = openSqliteStore({ path });
  try {
    const verify = await store.verify();
    const eventIds: string[] = [];
    const runIds: (string | undefined)[] = [];
    const quotes = new Map<string, string>();
    const eventTypes = new Map<string, number>();
    const claims = new Map<string, number>();
    let undecodable = 0;
    const registered = new Set<string>();
    const references: string[][] = [];
    for await (const e of store.readAll()) {
      eventIds.push(e.id);
      runIds.push(e.metadata.ingestRunId);
      eventTypes.set(e.type, (eventTypes.get(e.type) ?? 0) + 1);
      if (e.type === 'ReportCaptured' || e.type === 'MissionRegistered') {
        const event = decodeEvent(e.type, e.version, e.data);
        if (event.type === 'ReportCaptured') registered.add(`report:${event.data.reportId}`);
        if (event.type === 'MissionRegistered') registered.add(`mission:${event.data.missionId}`);
      }
      if (e.type !== 'ClaimRecorded') continue;
      try {
        const event = decodeEvent(e.type, e.version, e.data);
        if (event.type !== 'ClaimRecorded') continue;
        claims.set(event.data.claimId, (claims.get(event.data.claimId) ?? 0) + 1);
        quotes.set(event.data.claimId, event.data.quote);
        references.push([`report:${event.data.reportId}`, `mission:${event.data.missionId}`]);
      } catch {
        undecodable++;
      }
    }
    const dangling = references.filter((refs) => refs.some((r) => !registered.has(r))).length;
    return { verify, eventIds, runIds, eventTypes, claims, quotes, undecodable, dangling };
  } finally {
    await store.close();
  }
}
