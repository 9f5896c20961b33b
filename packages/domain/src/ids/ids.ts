import { z } from 'zod';

// Ids are lower-case slugs (`tj-khorog-consulate`) so they read well in a terminal and a URL;
// the brand stops a MissionId being passed where a ClaimId is wanted.
/** The most characters an id holds. */
export const ID_MAX = 200;

const slug = z
  .string()
  .min(1)
  .max(ID_MAX)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/, 'expected a lower-case id of letters, digits, ".", "_", ":" or "-"');

export const MissionId = slug.brand<'MissionId'>();
export type MissionId = z.infer<typeof MissionId>;
export const ActorId = slug.brand<'ActorId'>();
export type ActorId = z.infer<typeof ActorId>;
export const SourceId = slug.brand<'SourceId'>();
export type SourceId = z.infer<typeof SourceId>;
export const ReportId = slug.brand<'ReportId'>();
export type ReportId = z.infer<typeof ReportId>;
export const ClaimId = slug.brand<'ClaimId'>();
export type ClaimId = z.infer<typeof ClaimId>;

/**
 * Folds a name into an id fragment: lower case, ASCII letters and digits, single dashes.
 * @example slugify('Khorog (Khorugh)') // 'khorog-khorugh'
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
