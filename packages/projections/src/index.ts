// Projections: pure folds over the event log, the queries analysts and auditors ask of them, and the
// runner that keeps the SQLite read models up to date.

export { CENTRAL_ASIA, centralAsiaFixture } from './acceptance/central-asia-fixture.js';
export { type RecordedEnvelope, type RecordedEvent, toRecordedEvent } from './events/recorded-event.js';
export { type EventAt, UnreadableEventError } from './events/unreadable-event.js';
export {
  foldKnowledge,
  knowledgeProjection,
  type Projection,
  stampOf,
} from './knowledge/knowledge-projection.js';
export {
  type ActorRecord,
  type AliasEntry,
  type ClaimHistoryEntry,
  type ClaimRecord,
  type ClaimValues,
  emptyKnowledgeState,
  type GradeEntry,
  type KnowledgeState,
  type MissionRecord,
  type ReportRecord,
  type ReportRevision,
  type ReportValues,
  type SourceRecord,
  type Stamp,
} from './knowledge/knowledge-state.js';
export { type KnowledgeView, knowledgeView } from './knowledge/knowledge-view.js';
export { closedUpKey, joinedSearchKey, searchKey } from './knowledge/search-key.js';
export type { Account, AccountAssessment, AccountSource } from './queries/accounts.js';
export { type ClaimAsOf, claimAsOf, type ReportAsOf, reportAsOf } from './queries/as-of.js';
export {
  type ClaimTrace,
  type RecordedAt,
  type TraceAssessment,
  type TraceCorrection,
  type TraceResponse,
  type TraceRetraction,
  traceClaim,
} from './queries/claim-trace.js';
export {
  bindAnswers,
  type ControlStatus,
  compatibleKinds,
  decideControl,
  type Happened,
  type RuleAccount,
  type RuleOutcome,
} from './queries/contest-rule.js';
export {
  type ControlQuery,
  InvalidQueryError,
  type ResolvedQuery,
  resolveQuery,
} from './queries/control-query.js';
export {
  type ControlSummary,
  controlOf,
  controlSummaryOf,
  type MissionControl,
  missionControl,
  type OverviewQuery,
  overview,
  overviewOf,
  overviewSummaryOf,
  UnknownMissionError,
} from './queries/mission-control.js';
export {
  type MissionTimeline,
  missionTimeline,
  type PublicationStep,
  type WorldStep,
} from './queries/mission-timeline.js';
export { originOf } from './queries/origin.js';
export {
  type PossiblyPublished,
  type PossiblyPublishedEntry,
  possiblyPublishedAt,
} from './queries/possibly-published.js';
export { type ProvDocument, toProvJson } from './queries/prov-json.js';
export {
  type ClaimantLedger,
  type LedgerCounts,
  type OutletLedger,
  type SourceLedger,
  sourceLedger,
  sourceLedgerSteps,
} from './queries/source-ledger.js';
export { cutoffCount, type TraceCutoff, traceCutoff } from './queries/trace-cutoff.js';
export { type UnknownPublication, unknownPublicationAt } from './queries/unknown-publication.js';
export {
  describeLogCut,
  type HashedLogCut,
  type LogCut,
  ReadModelsCutError,
  storedLogCut,
} from './read-models/log-cut.js';
export {
  describeFoundInstead,
  describeLogFinding,
  describeLostEvent,
  LOG_FINDINGS_TABLE,
  type LogFinding,
  readLogFindings,
  recordLogCut,
} from './read-models/log-findings.js';
export { foldLogInMemory, readModelDamage } from './read-models/read-model-damage.js';
export {
  missingReadModelTables,
  otherLayoutWords,
  READ_MODEL_SCHEMA,
  READ_MODEL_TABLES,
  type StaleReason,
} from './read-models/read-model-schema.js';
export {
  openReadModels,
  type ReadModelStatus,
  readModelsToRebuild,
  SqliteReadModels,
} from './read-models/sqlite-read-models.js';
export { loadKnowledge } from './runner/load-knowledge.js';
export { type CatchUpResult, ProjectionRunner, type RunnerOptions } from './runner/projection-runner.js';
