import type {
  ActorKind,
  ClaimFields,
  Credibility,
  Likelihood,
  MissionKind,
  Reliability,
  SourceKind,
  VagueDate,
} from '@kb/domain';

// The knowledge state: every registry record, report and claim with its later history, each entry
// stamped with when it was recorded. Queries fold a claim "as of recorded time R" from these stamps,
// so no query ever replays the log. Records are plain JSON-serialisable data: the SQLite read
// models store them as they are.

/** When and by what the store recorded an event: the recorded-time axis of one fact. */
export interface Stamp {
  readonly eventId: string;
  readonly position: number;
  /** ISO 8601 UTC, set by the store. */
  readonly recordedAt: string;
  readonly ingestRunId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

/** An alias with the time it was recorded (registration aliases carry the registration's stamp). */
export interface AliasEntry {
  readonly alias: string;
  readonly recorded: Stamp;
}

export interface MissionRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: MissionKind;
  readonly country: string;
  readonly city: string | null;
  readonly aliases: AliasEntry[];
  readonly recorded: Stamp;
}

export interface ActorRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: ActorKind;
  readonly aliases: AliasEntry[];
  readonly recorded: Stamp;
}

/** One grade of a source; the registration's grade comes first (rationale and grader null there). */
export interface GradeEntry {
  readonly reliability: Reliability;
  readonly rationale: string | null;
  readonly gradedBy: string | null;
  readonly recorded: Stamp;
}

export interface SourceRecord {
  readonly id: string;
  readonly outlet: string;
  readonly kind: SourceKind;
  readonly homepage: string | null;
  readonly aliases: AliasEntry[];
  readonly grades: GradeEntry[];
  readonly recorded: Stamp;
}

/** The parts of a report a revision may change. */
export interface ReportValues {
  readonly url: string | null;
  readonly title: string | null;
  readonly author: string | null;
  readonly published: VagueDate;
}

export interface ReportRevision {
  readonly changes: Partial<ReportValues>;
  readonly reason: string;
  readonly recorded: Stamp;
}

export interface ReportRecord extends ReportValues {
  readonly id: string;
  readonly sourceId: string;
  readonly retrieved: string | null;
  readonly recorded: Stamp;
  readonly revisions: ReportRevision[];
}

/** The fields of a claim a correction may replace (everything but its id and report). */
export type ClaimValues = ClaimFields;

export type ClaimHistoryEntry =
  | {
      readonly type: 'retracted';
      readonly reportId: string | null;
      readonly reason: string;
      readonly quote: string | null;
      readonly recorded: Stamp;
    }
  | {
      readonly type: 'corrected';
      readonly changes: Partial<ClaimValues>;
      readonly reason: string;
      readonly correctedBy: string;
      readonly recorded: Stamp;
    }
  | {
      readonly type: 'assessed';
      readonly credibility: Credibility | null;
      readonly likelihood: Likelihood | null;
      readonly rationale: string;
      readonly assessedBy: string;
      readonly assessedOn: string | null;
      readonly recorded: Stamp;
    };

/** A claim as first recorded, followed by everything later said about it, in log order. */
export interface ClaimRecord {
  readonly id: string;
  readonly reportId: string;
  readonly values: ClaimValues;
  readonly recorded: Stamp;
  readonly history: ClaimHistoryEntry[];
}

export interface KnowledgeState {
  readonly missions: Map<string, MissionRecord>;
  readonly actors: Map<string, ActorRecord>;
  readonly sources: Map<string, SourceRecord>;
  readonly reports: Map<string, ReportRecord>;
  readonly claims: Map<string, ClaimRecord>;
  /** Every mission a claim was ever filed under (a correction may move it), to the claim ids. */
  readonly claimsByMission: Map<string, Set<string>>;
  /** Every claim a claim ever responded to (explicit respondsTo), to the responding claim ids. */
  readonly respondersByClaim: Map<string, Set<string>>;
  /** Position of the last folded event; -1 before any. */
  position: number;
}

/** A fresh, empty state. */
export function emptyKnowledgeState(): KnowledgeState {
  return {
    missions: new Map(),
    actors: new Map(),
    sources: new Map(),
    reports: new Map(),
    claims: new Map(),
    claimsByMission: new Map(),
    respondersByClaim: new Map(),
    position: -1,
  };
}
