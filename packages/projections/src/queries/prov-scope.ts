import type { ClaimTrace } from './claim-trace.js';
import type { Attributes, ProvDocument } from './prov-terms.js';
import { json, provType, qname, time, vagueAttributes } from './prov-terms.js';
import type { TraceCutoff } from './trace-cutoff.js';

/** The moment a trace shows, as kb trace's text and --json say it. */
export interface TraceScope {
  /** The recorded cutoff as given; null when the trace shows everything recorded so far. */
  readonly recordedAt: string | null;
  /** The last instant the cutoff takes in, in UTC (a day means its end). */
  readonly recordedBy: string | null;
  /** What the log recorded about the claim after the cutoff; null without one. */
  readonly notShown: TraceCutoff | null;
  /** The chain hash of the claim's event, when the caller read it from the log. */
  readonly chainHash?: string | null;
  /** Positions of the claim's events that no longer match their chain hash, when the caller checked. */
  readonly altered?: readonly number[];
}

const NOT_SHOWN: Record<keyof TraceCutoff, string> = {
  retractions: 'kb:notShownRetractions',
  corrections: 'kb:notShownCorrections',
  assessments: 'kb:notShownAssessments',
  reportRevisions: 'kb:notShownReportRevisions',
  grades: 'kb:notShownGrades',
  responses: 'kb:notShownResponses',
  responseRetractions: 'kb:notShownResponseRetractions',
  responseCorrections: 'kb:notShownResponseCorrections',
};

const sameDate = (a: ClaimTrace['occurred'], b: ClaimTrace['occurred']) =>
  a.text === b.text && a.earliest === b.earliest && a.latest === b.latest && a.anchor === b.anchor;

/**
 * The trace itself as an entity, `kb:trace/CLAIM` typed kb:Trace: the moment of the log it shows
 * (a label as the text's "Replayed to" line, `kb:recordedAt` as given and `kb:recordedBy` the last
 * instant taken in) and, under a cutoff, how many events about the claim were recorded after it, in
 * all (`kb:notShown`) and by kind. A document cut at R is then never read as a full trace. It also
 * carries what the trace reads that no record of the claim holds: an `earlier` re-resolved against
 * its report's published date as revised by R (`kb:occurred…`), and the positions of the claim's
 * events found altered since they were recorded (`kb:altered`), and where the claim it responds to
 * stands then, as the text says it (`kb:respondsTo`, `kb:respondsToState`: listed, retracted,
 * other-mission or not-recorded, with `kb:respondsToMission` for another mission's claim). Without
 * a scope, with nothing re-resolved and no such claim, there is no such entity.
 */
export function addTraceScope(doc: ProvDocument, trace: ClaimTrace, scope?: TraceScope): void {
  const reread = !sameDate(trace.occurred, trace.current.occurred);
  const target = trace.respondsToTarget;
  if (scope === undefined && !reread && target === null) return;
  const attrs: Attributes = {
    ...provType('kb:Trace'),
    'kb:claim': qname(`kb:claim/${trace.claimId}`),
    ...(reread ? vagueAttributes('kb:occurred', trace.occurred) : {}),
    ...(target === null
      ? {}
      : {
          'kb:respondsTo': qname(`kb:claim/${target.claimId}`),
          'kb:respondsToState': target.state,
          ...(target.missionId === null ? {} : { 'kb:respondsToMission': target.missionId }),
        }),
  };
  doc.entity[`kb:trace/${trace.claimId}`] = attrs;
  if (scope === undefined) return;
  const { recordedAt, recordedBy, notShown } = scope;
  const cut = recordedAt !== null && recordedBy !== null;
  const by = cut && recordedBy !== recordedAt ? ` (events recorded by ${recordedBy})` : '';
  attrs['prov:label'] = cut
    ? `Replayed to: as the knowledge base stood at ${recordedAt}${by}`
    : 'Replayed to: everything recorded so far';
  if (scope.altered !== undefined && scope.altered.length > 0) attrs['kb:altered'] = json(scope.altered);
  if (cut) {
    attrs['kb:recordedAt'] = recordedAt;
    attrs['kb:recordedBy'] = time(recordedBy);
  }
  if (cut && notShown !== null) {
    const counts = Object.entries(NOT_SHOWN) as [keyof TraceCutoff, string][];
    attrs['kb:notShown'] = counts.reduce((sum, [kind]) => sum + notShown[kind], 0);
    for (const [kind, key] of counts) attrs[key] = notShown[kind];
  }
}
