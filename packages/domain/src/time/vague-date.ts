import { z } from 'zod';

/** A calendar day as `YYYY-MM-DD`. Dates cross every boundary as ISO strings. */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD');
export type IsoDay = z.infer<typeof IsoDay>;

/**
 * A date as a source wrote it, with the bounds we derive from it under the policy in `edtf.ts`.
 * `earliest` and `latest` are inclusive days; null means open on that side (nothing known).
 * `anchor` is set for relative dates ("earlier") and names the day they are relative to.
 */
export const VagueDate = z.object({
  text: z.string().min(1).max(100),
  earliest: IsoDay.nullable(),
  latest: IsoDay.nullable(),
  anchor: IsoDay.nullable(),
});
export type VagueDate = z.infer<typeof VagueDate>;
