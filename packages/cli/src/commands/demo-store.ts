// Whether `kb demo` may ingest its sample claims into a store: only a new or empty one, or one that
// holds nothing but what an earlier demo run wrote there. The log is append-only, so sample claims
// written into a store kept for real work could never be taken out again.

import { ingest } from '@kb/ingest';
import { canonicalJson, type EventStore, MemoryEventStore, type StoredEvent } from '@kb/store';
import { CliError } from '../context/open-context.js';

/** Exit code of a demo refused a store holding other events: a target refused, as kb ingest's rejects paths. */
export const EXIT_STORE_REFUSED = 2;

/** What the demo writes into an empty store: each event's key (eventKey), and the claims it adds. */
interface DemoEvents {
  readonly keys: ReadonlySet<string>;
  readonly claims: number;
}

/**
 * An event as the demo's ingest makes it: its id (derived from the record), type, stream, the record
 * that caused it and its data. The run id and the recorded time differ on every run, so are left out.
 */
function eventKey(e: StoredEvent): string {
  return canonicalJson([e.id, e.type, e.version, e.stream, e.metadata.causationId ?? null, e.data]);
}

/** The events the demo's ingest of `dataset` writes into an empty store, found in memory. */
async function demoEvents(dataset: string): Promise<DemoEvents> {
  const memory = new MemoryEventStore();
  try {
    const report = await ingest(memory, dataset);
    const keys = new Set<string>();
    for await (const e of memory.readAll()) keys.add(eventKey(e));
    return { keys, claims: report.added };
  } finally {
    await memory.close();
  }
}

/**
 * The first event of `store` that the demo's ingest would not have written, or null when every one
 * is the demo's (an empty store, or one an earlier demo run, whole or interrupted, wrote). Reads no
 * more than one event past what the demo writes, however large the store.
 */
async function firstForeignEvent(store: EventStore, demo: DemoEvents): Promise<StoredEvent | null> {
  for await (const e of store.readAll({ maxCount: demo.keys.size + 1 })) {
    if (!demo.keys.has(eventKey(e))) return e;
  }
  return null;
}

/**
 * Refuses, before anything is written, a store holding events the demo's ingest of `dataset` did
 * not write: `where` is the store as the user named it (a path or an EventStoreDB URL).
 */
export async function refuseForeignStore(store: EventStore, dataset: string, where: string): Promise<void> {
  const demo = await demoEvents(dataset);
  const foreign = await firstForeignEvent(store, demo);
  if (foreign === null) return;
  const run = foreign.metadata.ingestRunId;
  const first = `${foreign.type} of ${foreign.stream} at position ${foreign.position}${run === undefined ? '' : `, ingest run ${run}`}`;
  throw new CliError(
    `${where} holds events the demo did not write (the first: ${first}). ` +
      `kb demo adds its ${demo.claims} sample claims only to a new or empty store, or to one holding only what it wrote before: ` +
      'the log is append-only, so they could never be taken out of this one. Nothing was written. ' +
      'Run the demo on a store of its own: KB_STORE=/tmp/kb-demo.sqlite npm start, or npx kb demo --store /tmp/kb-demo.sqlite',
    EXIT_STORE_REFUSED,
  );
}
