import type { Attributes, ProvDocument } from './prov-terms.js';
import { provType, qname, time } from './prov-terms.js';
import type { TraceCutoff } from './trace-cutoff.js';

/** The moment a trace shows, as kb trace's text and --json say it. */
export interface TraceScope {
  /** The recorded cutoff as given; null when the trace shows everything recorded so far. */
  readonly recordedAt: string | null;
  /** The last instant the cutoff takes in, in UTC (a day means its end). */
  readonly recordedBy: string | null;
  /** What the log recorded about the claim after the cutoff; null without one. */
  readonly notShown: TraceCutoff | null;
}

const NOT_SHOWN: Record<keyof TraceCutoff, string> = {
  retractions: 'kb:notShownRetractions',
  corrections: 'kb:notShownCorrections',
  assessments: 'kb:notShownAssessments',
  reportRevisions: 'kb:notShownReportRevisions',
  grades: 'kb:notShownGrades',
  responses: 'kb:notShownResponses',
};

/**
 * The trace itself as an entity, `kb:trace/CLAIM` typed kb:Trace: the moment of the log it shows
 * (a label as the text's "Replayed to" line, `kb:recordedAt` as given and `kb:recordedBy` the last
 * instant taken in) and, under a cutoff, how many events about the claim were recorded after it, in
 * all (`kb:notShown`) and by kind. A document cut at R is then never read as a full trace.
 */
export function addTraceScope(doc: ProvDocument, claimId: string, scope: TraceScope): void {
  const { recordedAt, recordedBy, notShown } = scope;
  const cut = recordedAt !== null && recordedBy !== null;
  const by = cut && recordedBy !== recordedAt ? ` (events recorded by ${recordedBy})` : '';
  const attrs: Attributes = {
    ...provType('kb:Trace'),
    'prov:label': cut
      ? `Replayed to: as the knowledge base stood at ${recordedAt}${by}`
      : 'Replayed to: everything recorded so far',
    'kb:claim': qname(`kb:claim/${claimId}`),
  };
  if (cut) {
    attrs['kb:recordedAt'] = recordedAt;
    attrs['kb:recordedBy'] = time(recordedBy);
  }
  if (cut && notShown !== null) {
    const counts = Object.entries(NOT_SHOWN) as [keyof TraceCutoff, string][];
    attrs['kb:notShown'] = counts.reduce((sum, [kind]) => sum + notShown[kind], 0);
    for (const [kind, key] of counts) attrs[key] = notShown[kind];
  }
  doc.entity[`kb:trace/${claimId}`] = attrs;
}
