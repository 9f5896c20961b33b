import { z } from 'zod';
import { ActorId, ClaimId, MissionId, ReportId } from '../ids/ids.js';
import { IsoDay, VagueDate } from '../time/vague-date.js';
import {
  CitationRelation,
  ClaimKind,
  ControllerRef,
  Credibility,
  DEFAULT_CREDIBILITY,
  Likelihood,
  Stance,
} from '../vocabulary/vocabulary.js';

/** Who made a claim: the name exactly as the report wrote it, and the actor we resolved it to (if any). */
export const Claimant = z.object({
  asWritten: z.string().min(1),
  actorId: ActorId.nullable(),
});
export type Claimant = z.infer<typeof Claimant>;

/** One link of the citation chain, outermost first: The Diplomat cites Tolo News, which quotes the embassy. */
export const CitationLink = z.object({
  name: z.string().min(1),
  relation: CitationRelation,
});
export type CitationLink = z.infer<typeof CitationLink>;

const claimBody = {
  claimId: ClaimId,
  reportId: ReportId,
  missionId: MissionId,
  kind: ClaimKind,
  stance: Stance,
  controller: ControllerRef,
  occurred: VagueDate,
  quote: z.string(),
  credibility: Credibility.default(DEFAULT_CREDIBILITY),
  respondsTo: ClaimId.nullable(),
};

/** v1, as the first ingest scripts wrote it: the claimant was a bare string and there was no citation chain. */
export const ClaimRecordedV1 = z.object({ ...claimBody, claimant: z.string().min(1) });
export type ClaimRecordedV1 = z.infer<typeof ClaimRecordedV1>;

/** v2: claimant as written beside the resolved actor; citation chain; free notes. */
export const ClaimRecordedV2 = z.object({
  ...claimBody,
  claimant: Claimant,
  via: z.array(CitationLink),
  notes: z.string().nullable(),
});
export type ClaimRecordedV2 = z.infer<typeof ClaimRecordedV2>;

/** The fields of a claim a correction may replace. */
export const ClaimFields = ClaimRecordedV2.omit({ claimId: true, reportId: true });
export type ClaimFields = z.infer<typeof ClaimFields>;

/** The claim's own source withdrew it; `reportId` is the retraction's report, when there is one. */
export const ClaimRetractedV1 = z.object({
  claimId: ClaimId,
  reportId: ReportId.nullable(),
  reason: z.string().min(1),
  quote: z.string().nullable(),
});
export type ClaimRetractedV1 = z.infer<typeof ClaimRetractedV1>;

/**
 * v1 of a correction. Its `changes` took the claim's schema with every field optional, and zod keeps
 * a default through `partial()`: every v1 correction was written with `credibility` (6 when the
 * correction did not name one), so each also reset the claim's credibility to 6. Read through the
 * upcaster to v2 (domain-event.ts), which drops that default. For the same reason the refine below
 * never fails: the default is in `changes` before it runs.
 */
export const ClaimCorrectedV1 = z.object({
  claimId: ClaimId,
  changes: ClaimFields.partial().refine((c) => Object.keys(c).length > 0, 'a correction must change a field'),
  reason: z.string().min(1),
  correctedBy: z.string().min(1),
});
export type ClaimCorrectedV1 = z.infer<typeof ClaimCorrectedV1>;

/** The fields a correction replaces, and only those: no defaults, so a field left out stays as it was. */
export const ClaimChanges = ClaimFields.extend({ credibility: Credibility }).partial();
export type ClaimChanges = z.infer<typeof ClaimChanges>;

/** We extracted the claim wrongly; `changes` holds the corrected values, the original stays in the log. */
export const ClaimCorrectedV2 = z.object({
  claimId: ClaimId,
  changes: ClaimChanges.refine((c) => Object.keys(c).length > 0, 'a correction must change a field'),
  reason: z.string().min(1),
  correctedBy: z.string().min(1),
});
export type ClaimCorrectedV2 = z.infer<typeof ClaimCorrectedV2>;

/** An analyst's judgement, kept apart from the claim: credibility and likelihood are different questions. */
export const ClaimAssessedV1 = z
  .object({
    claimId: ClaimId,
    credibility: Credibility.nullable(),
    likelihood: Likelihood.nullable(),
    rationale: z.string().min(1),
    assessedBy: z.string().min(1),
    assessedOn: IsoDay.nullable(),
  })
  .refine(
    (a) => a.credibility !== null || a.likelihood !== null,
    'an assessment needs a credibility or a likelihood',
  );
export type ClaimAssessedV1 = z.infer<typeof ClaimAssessedV1>;
