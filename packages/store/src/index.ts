// The event-store port, its adapters, and the integrity checks that run over any of them.

export { assertExpectation, meetsExpectation } from './append/expectation.js';
export {
  eventStoreDbHash,
  type StreamChainBreak,
  verifyLogPerStream,
  verifyStreamChain,
} from './eventstoredb/eventstoredb-chain.js';
export type { EventStoreDbOptions, EventStoreDbStore } from './eventstoredb/eventstoredb-store.js';
export { canonicalJson } from './integrity/canonical-json.js';
export {
  chainHash,
  chainHashOfJson,
  GENESIS_HASH,
  type HashedContent,
  type HashedJsonContent,
  matchesChainHash,
  storedChainHash,
} from './integrity/chain-hash.js';
export { deterministicId } from './integrity/deterministic-id.js';
export {
  type ChainBreak,
  type ChainHead,
  type RecordedTimeStep,
  type VerifyReport,
  verifyChain,
  verifyChainSync,
} from './integrity/hash-chain.js';
export { MemoryEventStore, type MemoryEventStoreOptions } from './memory/memory-event-store.js';
export {
  type EventStoreConfig,
  type OpenedEventStore,
  openEventStore,
  openEventStoreDb,
} from './open-store.js';
export {
  AppendTooLargeError,
  type EventAt,
  EventIdConflictError,
  StoreClosedError,
  StoreUnavailableError,
  UnreadableEventError,
  WrongExpectedRevisionError,
} from './port/errors.js';
export type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadFilter,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from './port/event-store.js';
export { parseMetadataText } from './read/metadata-text.js';
export { matchesFilter } from './read/read-filter.js';
export { type HeldFile, holdFile, holdFileOrThrow } from './sqlite/held-file.js';
export { insertAll, multiRowInsert, ROWS_PER_INSERT } from './sqlite/multi-row-insert.js';
export {
  openSqliteStore,
  READ_AHEAD_FROM,
  SqliteEventStore,
  type SqliteStoreOptions,
} from './sqlite/sqlite-event-store.js';
export { isDamageCode } from './sqlite/sqlite-file-check.js';
export type { FileHead } from './sqlite/sqlite-file-head.js';
export { SCHEMA_VERSION as SQLITE_SCHEMA_VERSION } from './sqlite/sqlite-schema.js';
// For readers that share the store's file (the read models' rebuild reads `events` by position).
export {
  COLUMNS as SQLITE_EVENT_COLUMNS,
  type EventRow as SqliteEventRow,
  toStoredEvent as storedEventOfRow,
} from './sqlite/sqlite-statements.js';
export type { StoredRow, StoredRowsQuery } from './sqlite/sqlite-stored-rows.js';
export type { VerifyProgress } from './sqlite/sqlite-verify.js';
export { storedRowHashMatches } from './sqlite/sqlite-verify-scan.js';
export { WalNotOwnError } from './sqlite/sqlite-wal-continues.js';
// The contract suite imports vitest, so it is not exported here (production code would load the
// test runner): adapters elsewhere import it from '@kb/store/contract'.
