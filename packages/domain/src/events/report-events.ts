import { z } from 'zod';
import { ReportId, SourceId } from '../ids/ids.js';
import { IsoDay, VagueDate } from '../time/vague-date.js';

/** One document as we captured it. `published` may be vague or unknown; `retrieved` is when we read it. */
export const ReportCapturedV1 = z.object({
  reportId: ReportId,
  sourceId: SourceId,
  url: z.string().nullable(),
  title: z.string().nullable(),
  author: z.string().nullable(),
  published: VagueDate,
  retrieved: IsoDay.nullable(),
});
export type ReportCapturedV1 = z.infer<typeof ReportCapturedV1>;

/** The outlet changed the document (a new headline, a corrected date); the capture stays as it was. */
export const ReportRevisedV1 = z.object({
  reportId: ReportId,
  changes: z
    .object({
      url: z.string().nullable(),
      title: z.string().nullable(),
      author: z.string().nullable(),
      published: VagueDate,
    })
    .partial(),
  reason: z.string().min(1),
});
export type ReportRevisedV1 = z.infer<typeof ReportRevisedV1>;
