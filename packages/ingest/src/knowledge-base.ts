import { type EventStore, openEventStore } from '@kb/store';
import { type IngestInput, ingest } from './ingest/run/ingest.js';
import type { IngestOptions, IngestReport } from './ingest/run/ingest-report.js';

/** The embedded default: one SQLite file under ./data. */
export const DEFAULT_STORE_PATH = './data/kb.sqlite';

export interface KnowledgeBaseOptions {
  /** The SQLite file; default ./data/kb.sqlite (its folder is created). */
  readonly store?: string;
  /** An EventStoreDB connection string (`esdb://...`); takes precedence over `store`. */
  readonly eventstore?: string;
}

/** An open knowledge base: its event store and the ingest entry point. */
export interface KnowledgeBase {
  readonly store: EventStore;
  /** Ingests a file path, '-' for stdin, or an (async) iterable of records. */
  ingest(input: IngestInput, options?: IngestOptions): Promise<IngestReport>;
  close(): Promise<void>;
}

/**
 * Opens the knowledge base: the embedded SQLite file by default, EventStoreDB by connection string.
 * @example const kb = await openKnowledgeBase(); await kb.ingest('examples/central-asia-2023.ndjson'); await kb.close();
 */
export async function openKnowledgeBase(options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
  let store: EventStore;
  if (options.eventstore !== undefined) {
    store = await openEventStore({ kind: 'eventstoredb', connectionString: options.eventstore });
  } else {
    store = await openEventStore({ kind: 'sqlite', path: options.store ?? DEFAULT_STORE_PATH });
  }
  return {
    store,
    ingest: (input, ingestOptions) => ingest(store, input, ingestOptions),
    close: () => store.close(),
  };
}
