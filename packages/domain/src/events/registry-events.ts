import { z } from 'zod';
import { ActorId, MissionId, SourceId } from '../ids/ids.js';
import {
  ActorKind,
  DEFAULT_RELIABILITY,
  MissionKind,
  Reliability,
  SourceKind,
} from '../vocabulary/vocabulary.js';

// Events that register the things claims talk about: missions, actors, sources, and their aliases.

export const MissionRegisteredV1 = z.object({
  missionId: MissionId,
  name: z.string().min(1),
  kind: MissionKind,
  /** Host country, as a name ("Tajikistan"). */
  country: z.string().min(1),
  city: z.string().min(1).nullable(),
  aliases: z.array(z.string().min(1)),
});
export type MissionRegisteredV1 = z.infer<typeof MissionRegisteredV1>;

export const ActorRegisteredV1 = z.object({
  actorId: ActorId,
  name: z.string().min(1),
  kind: ActorKind,
  aliases: z.array(z.string().min(1)),
});
export type ActorRegisteredV1 = z.infer<typeof ActorRegisteredV1>;

export const AliasAddedV1 = z.object({
  subject: z.enum(['mission', 'actor', 'source']),
  id: z.string().min(1),
  alias: z.string().min(1),
});
export type AliasAddedV1 = z.infer<typeof AliasAddedV1>;

export const SourceRegisteredV1 = z.object({
  sourceId: SourceId,
  outlet: z.string().min(1),
  kind: SourceKind,
  /** F (cannot be judged) unless someone graded it: unknown is not low. */
  reliability: Reliability.default(DEFAULT_RELIABILITY),
  homepage: z.string().nullable().default(null),
});
export type SourceRegisteredV1 = z.infer<typeof SourceRegisteredV1>;

export const SourceGradedV1 = z.object({
  sourceId: SourceId,
  reliability: Reliability,
  rationale: z.string().min(1),
  gradedBy: z.string().min(1),
});
export type SourceGradedV1 = z.infer<typeof SourceGradedV1>;
