// Picks and opens an adapter from configuration, so callers name a store without importing drivers.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStoreDbOptions, EventStoreDbStore } from './eventstoredb/eventstoredb-store.js';
import type { VerifyReport } from './integrity/hash-chain.js';
import type { EventStore } from './port/event-store.js';
import { openSqliteStore } from './sqlite/sqlite-event-store.js';

export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** A store, with `verify` when the adapter can check its whole chain. */
export type OpenedEventStore = EventStore & { verify?: () => Promise<VerifyReport> };

/**
 * Opens the configured store. SQLite creates the file's folder when missing; the EventStoreDB client
 * is loaded only when asked for, so SQLite users never load the gRPC stack.
 * @example const store = await openEventStore({ kind: 'sqlite', path: 'data/kb.sqlite' });
 */
export async function openEventStore(config: EventStoreConfig): Promise<OpenedEventStore> {
  switch (config.kind) {
    case 'sqlite': {
      if (typeof config.path !== 'string' || config.path === '')
        throw new TypeError(
          `the SQLite store needs the path of its file (or ':memory:'), got ${JSON.stringify(config.path) ?? 'nothing'}`,
        );
      if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
      return openSqliteStore({ path: config.path });
    }
    case 'eventstoredb': {
      const { openEventStoreDb } = await import('./eventstoredb/eventstoredb-store.js');
      return openEventStoreDb(config.connectionString);
    }
    default: {
      const unknown: never = config;
      throw new TypeError(`unknown event store kind: ${(unknown as { kind: string }).kind}`);
    }
  }
}

/**
 * Opens EventStoreDB directly, with the adapter's options; the client is loaded on first use.
 * Without a connection string it reads EVENTSTORE_CONNECTION_STRING.
 * @example const store = await openEventStoreDb('esdb://localhost:2113?tls=false');
 */
export async function openEventStoreDb(
  connectionString?: string,
  options?: EventStoreDbOptions,
): Promise<EventStoreDbStore> {
  const adapter = await import('./eventstoredb/eventstoredb-store.js');
  return adapter.openEventStoreDb(connectionString, options);
}
