import type { VagueDate } from '@kb/domain';
import type { ClaimTrace, RecordedAt } from './claim-trace.js';

// W3C PROV-JSON (https://www.w3.org/submissions/prov-json/): records keyed by type, then by id.
// PROV-DM's quotation and revision are derivations with a `prov:type` (prov:Quotation, prov:Revision):
// PROV-JSON has no separate wasQuotedFrom or wasRevisionOf key, so they appear under wasDerivedFrom.
// An attribute's value is a string, a number, a boolean or a typed literal `{"$": text, "type": QName}`,
// never a nested object: a correction's or revision's changed fields are written as JSON text, typed
// rdf:JSON. Invalidation is a wasInvalidatedBy relation; PROV-JSON has no entity attribute for it.

/** A PROV-JSON attribute value: a plain value or a typed literal. */
export type ProvValue = string | number | boolean | { readonly $: string; readonly type: string };
type Attributes = Record<string, ProvValue>;

/** A PROV-JSON document: the record kinds the trace export uses. */
export interface ProvDocument {
  readonly prefix: Record<string, string>;
  readonly entity: Record<string, Attributes>;
  readonly agent: Record<string, Attributes>;
  readonly activity: Record<string, Attributes>;
  readonly wasGeneratedBy: Record<string, Attributes>;
  readonly used: Record<string, Attributes>;
  readonly wasAttributedTo: Record<string, Attributes>;
  readonly wasDerivedFrom: Record<string, Attributes>;
  readonly wasAssociatedWith: Record<string, Attributes>;
  readonly wasInvalidatedBy: Record<string, Attributes>;
}

const time = (iso: string) => ({ $: iso, type: 'xsd:dateTime' });
/** Structured values (a correction's changed fields) as JSON text, which PROV-JSON can carry. */
const json = (value: unknown) => ({ $: JSON.stringify(value), type: 'rdf:JSON' });
/** Where and by which ingest run the log recorded the event behind an activity. */
const logged = (r: RecordedAt): Attributes => ({
  'kb:position': r.position,
  ...(r.ingestRunId === null ? {} : { 'kb:ingestRun': r.ingestRunId }),
});
/** A report's values as entity attributes (what the trace holds of it). */
const reportAttributes = (r: {
  readonly url: string | null;
  readonly title: string | null;
  readonly author?: string | null;
  readonly published: VagueDate;
}): Attributes => ({
  'prov:type': 'kb:Report',
  ...(r.url === null ? {} : { 'prov:location': r.url }),
  ...(r.title === null ? {} : { 'prov:label': r.title }),
  ...(r.author === undefined || r.author === null ? {} : { 'kb:author': r.author }),
  'kb:published': r.published.text,
});
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'unnamed';

/**
 * Exports a claim trace as PROV-JSON: the claim, its report and cited accounts as entities; the
 * outlet, claimant, cited parties and analysts as agents; the ingest run, corrections, report
 * revisions, assessments and retractions as activities. Corrections appear as revisions of the
 * claim, report revisions as revisions of the report (the report as first recorded keeps its id),
 * an assessment as an entity the analyst generated from the claim, and retractions as
 * invalidations (using the report that carried the retraction, when there is one). One party is one
 * agent: an outlet that is the claimant, or is cited on the way, is the outlet's source agent.
 */
export function toProvJson(trace: ClaimTrace): ProvDocument {
  const doc: ProvDocument = {
    prefix: {
      prov: 'http://www.w3.org/ns/prov#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
      kb: 'urn:kb:',
    },
    entity: {},
    agent: {},
    activity: {},
    wasGeneratedBy: {},
    used: {},
    wasAttributedTo: {},
    wasDerivedFrom: {},
    wasAssociatedWith: {},
    wasInvalidatedBy: {},
  };
  const counters = new Map<string, number>();
  const relation = (kind: keyof ProvDocument, attrs: Attributes) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    (doc[kind] as Record<string, Attributes>)[`_:${kind}${n}`] = attrs;
  };

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
  const v = trace.original;
  doc.entity[claim] = {
    'prov:type': 'kb:Claim',
    'prov:value': v.quote,
    'kb:kind': v.kind,
    'kb:stance': v.stance,
    'kb:controller': v.controller,
    'kb:mission': v.missionId,
    'kb:occurred': v.occurred.text,
  };

  const run = `kb:ingest-run/${trace.recorded.ingestRunId ?? `event-${trace.recorded.eventId}`}`;
  doc.activity[run] = { 'prov:type': 'kb:IngestRun', 'kb:position': trace.recorded.position };
  relation('wasGeneratedBy', {
    'prov:entity': claim,
    'prov:activity': run,
    'prov:time': time(trace.recorded.recordedAt),
  });

  // A claimant resolved to an actor is that actor; one written as an outlet of the trace ("The
  // Diplomat" in its own report) is that outlet, under its source id.
  const claimantOutlet =
    trace.claimant.actorId === null ? outlets.get(slug(trace.claimant.asWritten)) : undefined;
  const claimant = claimantOutlet ?? `kb:agent/${trace.claimant.actorId ?? slug(trace.claimant.asWritten)}`;
  doc.agent[claimant] =
    claimantOutlet === undefined
      ? {
          'prov:label': trace.claimant.asWritten,
          ...(trace.claimant.actorId === null ? {} : { 'kb:actor': trace.claimant.actorId }),
        }
      : { 'prov:type': 'prov:Organization', 'prov:label': trace.claimant.asWritten };
  relation('wasAttributedTo', { 'prov:entity': claim, 'prov:agent': claimant });

  if (trace.report !== null) {
    const report = `kb:report/${trace.report.id}`;
    const outlet = trace.source === null ? null : `kb:source/${trace.source.sourceId}`;
    // The report as first recorded keeps the report's id: the claim was read from it. Each revision
    // recorded since is a revision of the one before, with the values it set.
    const revisions = trace.report.revisions;
    let values: Parameters<typeof reportAttributes>[0] = trace.report;
    for (const r of [...revisions].reverse()) values = { ...values, ...r.before };
    doc.entity[report] = reportAttributes(values);
    relation('wasDerivedFrom', { 'prov:generatedEntity': claim, 'prov:usedEntity': report });
    if (trace.source !== null && outlet !== null) {
      doc.agent[outlet] = {
        ...doc.agent[outlet],
        'prov:type': 'prov:Organization',
        'prov:label': trace.source.outlet,
        ...(trace.source.reliability === null ? {} : { 'kb:reliability': trace.source.reliability }),
      };
      relation('wasAttributedTo', { 'prov:entity': report, 'prov:agent': outlet });
    }
    let previousReport = report;
    revisions.forEach((r, i) => {
      const next = `${report}/revision/${i + 1}`;
      const activity = `kb:report-revision/${r.eventId}`;
      values = { ...values, ...r.after };
      doc.entity[next] = {
        ...reportAttributes(values),
        'kb:changes': json(r.after),
        'kb:before': json(r.before),
      };
      doc.activity[activity] = {
        'prov:type': 'kb:ReportRevision',
        'prov:label': r.reason,
        'prov:startTime': time(r.recordedAt),
        ...logged(r),
      };
      relation('wasDerivedFrom', {
        'prov:generatedEntity': next,
        'prov:usedEntity': previousReport,
        'prov:activity': activity,
        'prov:type': 'prov:Revision',
      });
      relation('wasGeneratedBy', {
        'prov:entity': next,
        'prov:activity': activity,
        'prov:time': time(r.recordedAt),
      });
      if (outlet !== null) relation('wasAttributedTo', { 'prov:entity': next, 'prov:agent': outlet });
      previousReport = next;
    });
    // The citation chain, outermost first: each cited account is an entity the previous one derives from.
    let previous = report;
    trace.citationChain
      .filter((link) => link.relation !== 'reports')
      .forEach((link, i) => {
        const cited = `kb:claim/${trace.claimId}/via/${i}`;
        const outlet = outlets.get(slug(link.name));
        const agent = outlet ?? `kb:agent/${slug(link.name)}`;
        doc.entity[cited] = {
          'prov:type': 'kb:CitedAccount',
          'prov:label': link.name,
          'kb:relation': link.relation,
        };
        doc.agent[agent] ??=
          outlet === undefined
            ? { 'prov:label': link.name }
            : { 'prov:type': 'prov:Organization', 'prov:label': link.name };
        relation('wasAttributedTo', { 'prov:entity': cited, 'prov:agent': agent });
        relation('wasDerivedFrom', {
          'prov:generatedEntity': previous,
          'prov:usedEntity': cited,
          ...(link.relation === 'quotes'
            ? { 'prov:type': 'prov:Quotation' }
            : { 'kb:relation': link.relation }),
        });
        previous = cited;
      });
  }

  // Corrections: each yields a revision of the claim, generated by a correction activity.
  let revised = claim;
  trace.corrections.forEach((c, i) => {
    const next = `kb:claim/${trace.claimId}/revision/${i + 1}`;
    const activity = `kb:correction/${c.eventId}`;
    const analyst = `kb:agent/${slug(c.correctedBy)}`;
    doc.entity[next] = { 'prov:type': 'kb:Claim', 'kb:changes': json(c.after), 'kb:before': json(c.before) };
    doc.activity[activity] = {
      'prov:type': 'kb:Correction',
      'prov:label': c.reason,
      'prov:startTime': time(c.recordedAt),
      ...logged(c),
    };
    doc.agent[analyst] = { 'prov:type': 'prov:Person', 'prov:label': c.correctedBy };
    relation('wasDerivedFrom', {
      'prov:generatedEntity': next,
      'prov:usedEntity': revised,
      'prov:activity': activity,
      'prov:type': 'prov:Revision',
    });
    relation('wasGeneratedBy', {
      'prov:entity': next,
      'prov:activity': activity,
      'prov:time': time(c.recordedAt),
    });
    relation('wasAssociatedWith', { 'prov:activity': activity, 'prov:agent': analyst });
    revised = next;
  });

  // An analyst's assessment: an entity the assessing generated from the claim, attributed to the analyst.
  for (const a of trace.assessments) {
    const assessment = `kb:assessment/${a.eventId}`;
    const activity = `kb:assessing/${a.eventId}`;
    const analyst = `kb:agent/${slug(a.assessedBy)}`;
    doc.entity[assessment] = {
      'prov:type': 'kb:Assessment',
      'prov:value': a.rationale,
      ...(a.credibility === null ? {} : { 'kb:credibility': a.credibility }),
      ...(a.likelihood === null ? {} : { 'kb:likelihood': a.likelihood }),
      ...(a.assessedOn === null ? {} : { 'kb:assessedOn': a.assessedOn }),
    };
    doc.activity[activity] = {
      'prov:type': 'kb:Assessing',
      'prov:startTime': time(a.recordedAt),
      ...logged(a),
    };
    doc.agent[analyst] ??= { 'prov:type': 'prov:Person', 'prov:label': a.assessedBy };
    relation('used', { 'prov:activity': activity, 'prov:entity': claim });
    relation('wasGeneratedBy', {
      'prov:entity': assessment,
      'prov:activity': activity,
      'prov:time': time(a.recordedAt),
    });
    relation('wasAssociatedWith', { 'prov:activity': activity, 'prov:agent': analyst });
    relation('wasAttributedTo', { 'prov:entity': assessment, 'prov:agent': analyst });
  }

  // A retraction ends the claim's validity: the claim and its latest revision are invalidated.
  const first = trace.retractions[0];
  if (first !== undefined) {
    const activity = `kb:retraction/${first.eventId}`;
    doc.activity[activity] = {
      'prov:type': 'kb:Retraction',
      'prov:label': first.reason,
      'prov:startTime': time(first.recordedAt),
      ...logged(first),
    };
    // The report that carried the retraction, when it had one: the activity used it. It is new to
    // the document unless it is the claim's own report, which is already there with its outlet.
    if (first.reportId !== null && first.report !== null) {
      const carrier = `kb:report/${first.reportId}`;
      relation('used', { 'prov:activity': activity, 'prov:entity': carrier });
      if (doc.entity[carrier] === undefined) {
        doc.entity[carrier] = reportAttributes({ ...first.report, title: null });
        if (first.report.outlet !== null) {
          const outlet = `kb:source/${first.report.sourceId}`;
          doc.agent[outlet] ??= { 'prov:type': 'prov:Organization', 'prov:label': first.report.outlet };
          relation('wasAttributedTo', { 'prov:entity': carrier, 'prov:agent': outlet });
        }
      }
    }
    for (const entity of new Set([claim, revised])) {
      relation('wasInvalidatedBy', {
        'prov:entity': entity,
        'prov:activity': activity,
        'prov:time': time(first.recordedAt),
      });
    }
  }
  return doc;
}
