// The domain: ids, vocabulary, vague dates, the versioned events, and the names people mean. No I/O here.

export {
  EventSchemaError,
  type FieldIssue,
  fieldIssues,
  UnknownEventTypeError,
  UnsupportedEventVersionError,
} from './errors/domain-errors.js';
export {
  CitationLink,
  ClaimAssessedV1,
  Claimant,
  ClaimChanges,
  ClaimCorrectedV1,
  ClaimCorrectedV2,
  ClaimFields,
  ClaimRecordedV1,
  ClaimRecordedV2,
  ClaimRetractedV1,
} from './events/claim-events.js';
export {
  actorStream,
  claimStream,
  currentVersion,
  type DecodeOptions,
  DOMAIN_EVENT_TYPES,
  type DomainEvent,
  type DomainEventType,
  decodeEvent,
  type EventOfType,
  encodeEvent,
  eventSchema,
  isDomainEventType,
  missionStream,
  reportStream,
  STREAM_PREFIX,
  sourceStream,
  streamOf,
} from './events/domain-event.js';
export {
  ActorRegisteredV1,
  AliasAddedV1,
  MissionRegisteredV1,
  SourceGradedV1,
  SourceRegisteredV1,
} from './events/registry-events.js';
export { ReportCapturedV1, ReportRevisedV1 } from './events/report-events.js';
export { ActorId, ClaimId, ID_MAX, MissionId, ReportId, SourceId, slugify } from './ids/ids.js';
export { BoundedMemo } from './memo/bounded-memo.js';
export { closestName } from './text/closest-name.js';
export { holdsRightToLeftLetters, partOfName, partsWords } from './text/invisible-in-names.js';
export { closedUpKey, joinedSearchKey, nameKey, searchKey } from './text/name-fold.js';
export { certainlyBy, compareEarliest, type HappenedBy, happenedBy, overlaps } from './time/bounds.js';
export { daysInMonth, FIRST_DAY, formatDay, LAST_DAY, MONTH_NAMES } from './time/calendar.js';
export { type ParseVagueDateOptions, parseVagueDate, type VagueDateResult, vagueDate } from './time/edtf.js';
export { IsoDay, VagueDate } from './time/vague-date.js';
export { VagueDateError } from './time/vague-date-error.js';
export {
  ActorKind,
  CitationRelation,
  ClaimKind,
  ControllerRef,
  Credibility,
  DEFAULT_CREDIBILITY,
  DEFAULT_RELIABILITY,
  Likelihood,
  MissionKind,
  NO_CONTROLLER,
  Reliability,
  SourceKind,
  Stance,
  UNKNOWN_CONTROLLER,
} from './vocabulary/vocabulary.js';
