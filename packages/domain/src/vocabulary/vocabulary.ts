import { z } from 'zod';

/** Admiralty scale for a source: A completely reliable ... E unreliable, F cannot be judged (not "low"). */
export const Reliability = z.enum(['A', 'B', 'C', 'D', 'E', 'F']);
export type Reliability = z.infer<typeof Reliability>;
export const DEFAULT_RELIABILITY: Reliability = 'F';

/** Admiralty information credibility, judged apart from the source: 1 confirmed ... 5 improbable, 6 cannot be judged. */
export const Credibility = z.number().int().min(1).max(6);
export type Credibility = z.infer<typeof Credibility>;
export const DEFAULT_CREDIBILITY: Credibility = 6;

export const MissionKind = z.enum([
  'embassy',
  'consulate',
  'consulate-general',
  'permanent-mission',
  'other',
]);
export type MissionKind = z.infer<typeof MissionKind>;

export const ActorKind = z.enum([
  'government',
  'faction',
  'diplomatic-corps',
  'person',
  'organisation',
  'outlet',
  'other',
]);
export type ActorKind = z.infer<typeof ActorKind>;

export const SourceKind = z.enum([
  'news-outlet',
  'news-agency',
  'government',
  'social-media',
  'ngo',
  'other',
]);
export type SourceKind = z.infer<typeof SourceKind>;

export const ClaimKind = z.enum([
  'visit',
  'handover',
  'takeover',
  'appointment',
  'accreditation',
  'closure',
  'suspension',
  'reopening',
  'control',
  'statement',
]);
export type ClaimKind = z.infer<typeof ClaimKind>;

export const Stance = z.enum(['asserts', 'denies', 'confirms', 'disputes']);
export type Stance = z.infer<typeof Stance>;

/** How one link in a citation chain relates to the next: an outlet citing another, a report quoting a person. */
export const CitationRelation = z.enum(['cites', 'quotes', 'syndicates']);
export type CitationRelation = z.infer<typeof CitationRelation>;

/**
 * ICD 203 likelihood words. They say how likely a thing is, not how confident the analyst is:
 * https://www.dni.gov/files/documents/ICD/ICD-203.pdf
 */
export const Likelihood = z.enum([
  'almost-no-chance',
  'very-unlikely',
  'unlikely',
  'roughly-even-chance',
  'likely',
  'very-likely',
  'almost-certain',
]);
export type Likelihood = z.infer<typeof Likelihood>;

/** The control a claim implies: an actor id, `none` (closed, nobody holds it) or `unknown`. */
export const ControllerRef = z.string().min(1).max(200);
export type ControllerRef = z.infer<typeof ControllerRef>;
export const NO_CONTROLLER = 'none';
export const UNKNOWN_CONTROLLER = 'unknown';
