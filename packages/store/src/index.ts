// The event-store port, its adapters, and the integrity checks that run over any of them.
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
export {
  EventIdConflictError,
  StoreClosedError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
} from './port/errors.js';
export { canonicalJson } from './integrity/canonical-json.js';
export { deterministicId } from './integrity/deterministic-id.js';
export {
  type ChainBreak,
  chainHash,
  GENESIS_HASH,
  type HashedContent,
  type VerifyReport,
  verifyChain,
} from './integrity/hash-chain.js';
