// Claim records in: the record schema, the gazetteer that resolves names, and the ingest library.

export { ActorRegistry, BUILT_IN_ACTORS, type KnownActor } from './gazetteer/actors.js';
export { missionIdOf, type ResolvedMission, resolveMission } from './gazetteer/missions.js';
export { resolveCity, resolveCountry } from './gazetteer/places.js';
export { normaliseClaimId, readClaimId } from './ingest/identity/ids.js';
export { type IngestInput, ingest, newRunId } from './ingest/run/ingest.js';
export {
  type CommittedBatch,
  IngestAbortedError,
  IngestInterruptedError,
  type IngestOptions,
  type IngestProgress,
  type IngestReport,
  type Notice,
  REPORTED_REJECTIONS,
  type Rejection,
} from './ingest/run/ingest-report.js';
export { RejectsFileError } from './ingest/run/rejects-file.js';
export { refusal as unreadableInput } from './input/input-format.js';
export { sameFile } from './input/same-file.js';
export {
  DEFAULT_STORE_PATH,
  type KnowledgeBase,
  type KnowledgeBaseOptions,
  openKnowledgeBase,
} from './knowledge-base.js';
export {
  ClaimRecord,
  CorrectionRecord,
  EventRecord,
  IngestRecord,
  MissionPlace,
  MissionRef,
  RetractionRecord,
  SourceRef,
  ViaLink,
} from './records/claim-record.js';
export { claimRecordJsonSchema } from './records/json-schema.js';
export { parseRecord, type RecordIssue, type RecordResult } from './records/parse-record.js';
export { parseJsonSafely } from './records/safe-json.js';
export { hiddenShown } from './records/unseen-chars.js';
