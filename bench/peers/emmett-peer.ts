// Loads Emmett's SQLite event store from bench/peers/.peer (installed by run.sh, outside the
// project's own dependencies) and declares only the slice of its API the bench and the cases use,
// so this file type-checks whether or not the peer is installed.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PEER_ROOT = new URL('./.peer/node_modules/', import.meta.url);

/** Emmett's expected stream version: a count of events (0n = no stream) or one of three words. */
export type PeerExpectedVersion = bigint | 'STREAM_EXISTS' | 'STREAM_DOES_NOT_EXIST' | 'NO_CONCURRENCY_CHECK';

/** An event as Emmett takes it; `metadata.messageId` overrides the uuid it would generate. */
export interface PeerEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: { readonly messageId?: string; readonly [key: string]: unknown };
}

export interface PeerReadEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: {
    readonly messageId: string;
    readonly streamName: string;
    readonly streamPosition: bigint;
    readonly globalPosition: bigint;
  };
}

/** The shared connection `sqliteConnection()` returns (node-sqlite3 underneath). */
export interface PeerConnection {
  close(): void;
  command(sql: string, values?: unknown[]): Promise<unknown>;
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
  querySingle<T>(sql: string, values?: unknown[]): Promise<T | null>;
}

export type PeerAppendResult =
  | { readonly success: true; readonly nextStreamPosition: bigint; readonly lastGlobalPosition: bigint }
  | { readonly success: false };

/** The high-level store: what an Emmett user is shown first. */
export interface PeerStore {
  appendToStream(
    streamName: string,
    events: PeerEvent[],
    options?: { expectedStreamVersion?: PeerExpectedVersion },
  ): Promise<{ nextExpectedStreamVersion: bigint; lastEventGlobalPosition: bigint }>;
  readStream(
    streamName: string,
  ): Promise<{ currentStreamVersion: bigint; events: PeerReadEvent[]; streamExists: boolean }>;
}

export interface EmmettSqliteModule {
  sqliteConnection(options: { fileName: string }): PeerConnection;
  createEventStoreSchema(connection: PeerConnection): Promise<void>;
  appendToStream(
    connection: PeerConnection,
    streamName: string,
    streamType: string,
    events: PeerEvent[],
    options?: { expectedStreamVersion?: PeerExpectedVersion },
  ): Promise<PeerAppendResult>;
  readMessagesBatch(
    connection: PeerConnection,
    options: { after: bigint; batchSize: number },
  ): Promise<{ currentGlobalPosition: bigint; messages: PeerReadEvent[]; areEventsLeft: boolean }>;
  getSQLiteEventStore(options: { fileName: string }): PeerStore;
}

/** Thrown when run.sh has not installed the peer. */
export class PeerMissingError extends Error {
  override readonly name = 'PeerMissingError';
  constructor(readonly path: string) {
    super(
      `Emmett's SQLite store is not installed at ${path}: run \`npm run bench:peers\`, which installs it`,
    );
  }
}

/** The installed peer's version, for the report. */
export function peerVersions(): { emmettSqlite: string; emmett: string; sqlite3: string } {
  const version = (name: string): string => {
    const file = fileURLToPath(new URL(`${name}/package.json`, PEER_ROOT));
    if (!existsSync(file)) throw new PeerMissingError(file);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  };
  return {
    emmettSqlite: version('@event-driven-io/emmett-sqlite'),
    emmett: version('@event-driven-io/emmett'),
    sqlite3: version('sqlite3'),
  };
}

/** Imports the installed peer (its ESM build). */
export async function loadEmmettSqlite(): Promise<EmmettSqliteModule> {
  const entry = new URL('@event-driven-io/emmett-sqlite/dist/index.js', PEER_ROOT);
  if (!existsSync(fileURLToPath(entry))) throw new PeerMissingError(fileURLToPath(entry));
  return (await import(entry.href)) as EmmettSqliteModule;
}

/** Emmett's store derives the stream type from the name's first dash-separated part; so do we. */
export function streamTypeOf(streamName: string): string {
  const dash = streamName.indexOf('-');
  return dash > 0 ? streamName.slice(0, dash) : 'emt:unknown';
}
