import type { ClaimTrace } from './claim-trace.js';
import { addLaterEvents, credibilityInForce } from './prov-later.js';
import { addReportRevisions, firstRecorded } from './prov-report.js';
import { addTraceScope, type TraceScope } from './prov-scope.js';
import {
  asWrittenAgent,
  claimAttributes,
  claimantAgent,
  json,
  type ProvDocument,
  provDocument,
  provType,
  reportAttributes,
  slug,
  time,
} from './prov-terms.js';

export type { TraceScope } from './prov-scope.js';
export type { ProvDocument, ProvValue } from './prov-terms.js';

// W3C PROV-JSON (https://www.w3.org/submissions/prov-json/): records keyed by type, then by id.
// PROV-DM's quotation and revision are derivations with a `prov:type` (prov:Quotation, prov:Revision):
// PROV-JSON has no separate wasQuotedFrom or wasRevisionOf key, so they appear under wasDerivedFrom.
// An attribute's value is a string, a number, a boolean or a typed literal `{"$": text, "type": QName}`,
// never a nested object: a correction's or revision's changed fields are written as JSON text, typed
// rdf:JSON, and a qualified name (every prov:type) is typed prov:QUALIFIED_NAME. Invalidation is a
// wasInvalidatedBy relation; PROV-JSON has no entity attribute for it.

/**
 * Exports a claim trace as PROV-JSON: the claim, its report and cited accounts as entities; the
 * outlet, claimant, cited parties and analysts as agents; the ingest run, corrections, report
 * revisions, assessments and retractions as activities. Corrections appear as revisions of the
 * claim, report revisions as revisions of the report (the report as first recorded keeps its id),
 * an assessment as an entity the analyst generated from the claim, and retractions as
 * invalidations (using the report that carried the retraction, when there is one). One party is one
 * agent: an outlet that is the claimant, or is cited on the way, is the outlet's source agent. A
 * claimant resolved to an actor is `kb:agent/ACTOR`; a name as written that no actor was resolved
 * from (an unresolved claimant, a party cited, quoted or syndicated on the way) is
 * `kb:agent/as-written/NAME`, which no actor's agent can equal.
 * Given the scope the trace was taken at, the trace itself is an entity saying which moment of the
 * log it shows and what a recorded cutoff left out (prov-scope.ts).
 */
export function toProvJson(trace: ClaimTrace, scope?: TraceScope): ProvDocument {
  const { doc, relation } = provDocument();

  // An outlet the trace names as a source (the claim's, or the retraction's carrier) and again as a
  // party cited on the way ("via Tolo News") is one organisation: one agent, under its source id.
  const outlets = new Map<string, string>();
  const retractionReport = trace.retractions[0]?.report ?? null;
  for (const [sourceId, outlet] of [
    [trace.source?.sourceId, trace.source?.outlet],
    [retractionReport?.sourceId, retractionReport?.outlet],
  ] as const) {
    if (sourceId === undefined || sourceId === null) continue;
    outlets.set(slug(sourceId), `kb:source/${sourceId}`);
    if (typeof outlet === 'string') outlets.set(slug(outlet), `kb:source/${sourceId}`);
  }

  const claim = `kb:claim/${trace.claimId}`;
  // Its values as first recorded, and the credibility in force at the moment the trace shows.
  doc.entity[claim] = { ...claimAttributes(trace.original), ...credibilityInForce(trace, claim) };

  const run = `kb:ingest-run/${trace.recorded.ingestRunId ?? `event-${trace.recorded.eventId}`}`;
  doc.activity[run] = { ...provType('kb:IngestRun'), 'kb:position': trace.recorded.position };
  // The claim's event in the log: its id, and its link in the hash chain when the caller read it.
  relation('wasGeneratedBy', {
    'prov:entity': claim,
    'prov:activity': run,
    'prov:time': time(trace.recorded.recordedAt),
    'kb:event': trace.recorded.eventId,
    ...(scope?.chainHash === undefined || scope.chainHash === null
      ? {}
      : { 'kb:chainHash': scope.chainHash }),
  });

  // A claimant resolved to an actor is that actor; one written as an outlet of the trace ("The
  // Diplomat" in its own report) is that outlet, under its source id.
  const claimantOutlet =
    trace.claimant.actorId === null ? outlets.get(slug(trace.claimant.asWritten)) : undefined;
  const claimant = claimantOutlet ?? claimantAgent(trace.claimant);
  doc.agent[claimant] =
    claimantOutlet === undefined
      ? {
          'prov:label': trace.claimant.asWritten,
          ...(trace.claimant.actorId === null ? {} : { 'kb:actor': trace.claimant.actorId }),
        }
      : { ...provType('prov:Organization'), 'prov:label': trace.claimant.asWritten };
  relation('wasAttributedTo', { 'prov:entity': claim, 'prov:agent': claimant });

  if (trace.report !== null) {
    const report = `kb:report/${trace.report.id}`;
    const outlet = trace.source === null ? null : `kb:source/${trace.source.sourceId}`;
    // The report as first recorded keeps the report's id: the claim was read from it. Each revision
    // recorded since is a revision of the one before, with the values it set.
    const revisions = trace.report.revisions;
    const values = firstRecorded(trace.report, revisions);
    doc.entity[report] = reportAttributes(values);
    relation('wasDerivedFrom', { 'prov:generatedEntity': claim, 'prov:usedEntity': report });
    if (trace.source !== null && outlet !== null) {
      doc.agent[outlet] = {
        ...doc.agent[outlet],
        ...provType('prov:Organization'),
        'prov:label': trace.source.outlet,
        ...(trace.source.reliability === null ? {} : { 'kb:reliability': trace.source.reliability }),
        'kb:grades': json(trace.source.grades),
      };
      relation('wasAttributedTo', { 'prov:entity': report, 'prov:agent': outlet });
    }
    addReportRevisions(doc, relation, report, values, revisions, outlet);
    // The citation chain, outermost first: each cited account is an entity the previous one derives from.
    let previous = report;
    trace.citationChain
      .filter((link) => link.relation !== 'reports')
      .forEach((link, i) => {
        const cited = `kb:claim/${trace.claimId}/via/${i}`;
        const outlet = outlets.get(slug(link.name));
        // A name as written is an agent apart from every resolved actor ("Taliban" quoted is not the
        // actor taliban, the claimant resolved to it or a claimant of another trace); the same name
        // as written as an unresolved claimant is that claimant.
        const agent = outlet ?? asWrittenAgent(link.name);
        doc.entity[cited] = {
          ...provType('kb:CitedAccount'),
          'prov:label': link.name,
          'kb:relation': link.relation,
        };
        doc.agent[agent] ??=
          outlet === undefined
            ? { 'prov:label': link.name }
            : { ...provType('prov:Organization'), 'prov:label': link.name };
        relation('wasAttributedTo', { 'prov:entity': cited, 'prov:agent': agent });
        relation('wasDerivedFrom', {
          'prov:generatedEntity': previous,
          'prov:usedEntity': cited,
          ...(link.relation === 'quotes' ? provType('prov:Quotation') : { 'kb:relation': link.relation }),
        });
        previous = cited;
      });
  }

  addLaterEvents(doc, relation, trace, claim);
  addTraceScope(doc, trace, scope);
  return doc;
}
