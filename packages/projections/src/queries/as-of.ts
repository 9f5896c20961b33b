import type { Reliability, VagueDate } from '@kb/domain';
import type {
  ClaimHistoryEntry,
  ClaimRecord,
  ClaimValues,
  GradeEntry,
  ReportRecord,
  SourceRecord,
} from '../knowledge/knowledge-state.js';
import { recordedBy } from './control-query.js';

// Folding one record "as of recorded time R" from its stamped history: what the knowledge base
// said about it at R. This is the whole auditor's replay: no log is read, only these histories.

export type Retraction = Extract<ClaimHistoryEntry, { type: 'retracted' }>;
export type Correction = Extract<ClaimHistoryEntry, { type: 'corrected' }>;
export type Assessment = Extract<ClaimHistoryEntry, { type: 'assessed' }>;

export interface ClaimAsOf {
  readonly claim: ClaimRecord;
  /** The values with every correction recorded by R applied, in order. */
  readonly values: ClaimValues;
  readonly corrections: readonly Correction[];
  readonly retractions: readonly Retraction[];
  readonly assessments: readonly Assessment[];
}

/** The claim as the knowledge base held it at R, or null when it was not yet recorded. */
export function claimAsOf(claim: ClaimRecord, cutoff: number | null): ClaimAsOf | null {
  if (!recordedBy(claim.recorded, cutoff)) return null;
  let values: ClaimValues = claim.values;
  const corrections: Correction[] = [];
  const retractions: Retraction[] = [];
  const assessments: Assessment[] = [];
  for (const entry of claim.history) {
    if (!recordedBy(entry.recorded, cutoff)) continue;
    switch (entry.type) {
      case 'corrected':
        values = { ...values, ...entry.changes };
        corrections.push(entry);
        break;
      case 'retracted':
        retractions.push(entry);
        break;
      case 'assessed':
        assessments.push(entry);
        break;
      default: {
        const never: never = entry;
        throw new Error(`unknown claim history entry ${(never as { type: string }).type}`);
      }
    }
  }
  return { claim, values, corrections, retractions, assessments };
}

export interface ReportAsOf {
  readonly id: string;
  readonly sourceId: string;
  readonly url: string | null;
  readonly title: string | null;
  readonly author: string | null;
  readonly published: VagueDate;
  readonly retrieved: string | null;
}

/** The report with the revisions recorded by R applied, or null when it was not yet recorded. */
export function reportAsOf(report: ReportRecord | undefined, cutoff: number | null): ReportAsOf | null {
  if (report === undefined || !recordedBy(report.recorded, cutoff)) return null;
  let current: ReportAsOf = {
    id: report.id,
    sourceId: report.sourceId,
    url: report.url,
    title: report.title,
    author: report.author,
    published: report.published,
    retrieved: report.retrieved,
  };
  for (const revision of report.revisions) {
    if (recordedBy(revision.recorded, cutoff)) current = { ...current, ...revision.changes };
  }
  return current;
}

/** The grades of a source recorded by R, oldest first; empty when the source was not yet recorded. */
export function gradesAsOf(source: SourceRecord | undefined, cutoff: number | null): readonly GradeEntry[] {
  if (source === undefined || !recordedBy(source.recorded, cutoff)) return [];
  return source.grades.filter((g) => recordedBy(g.recorded, cutoff));
}

/** A grade as queries show it: the judgement and when the store recorded it. */
export interface GradeView {
  readonly reliability: Reliability;
  readonly rationale: string | null;
  readonly gradedBy: string | null;
  readonly recordedAt: string;
  readonly position: number;
}

/** The source's grade history recorded by R, oldest first, as traces and the ledger show it. */
export function gradeHistoryAsOf(source: SourceRecord | undefined, cutoff: number | null): GradeView[] {
  return gradesAsOf(source, cutoff).map((g) => ({
    reliability: g.reliability,
    rationale: g.rationale,
    gradedBy: g.gradedBy,
    recordedAt: g.recorded.recordedAt,
    position: g.recorded.position,
  }));
}

/** The source's current grade at R, or null when the source was not yet recorded. */
export function reliabilityAsOf(source: SourceRecord | undefined, cutoff: number | null): Reliability | null {
  return gradesAsOf(source, cutoff).at(-1)?.reliability ?? null;
}
