import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import {
  assessEvent,
  claimEvent,
  correctEvent,
  gradeEvent,
  recordAll,
  reportRevisedEvent,
  retractEvent,
} from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { toProvJson } from './prov-json.js';
import { qname } from './prov-terms.js';

/** Whether a PROV record's prov:type is the qualified name `name`. */
const isType = (record: Record<string, unknown>, name: string) =>
  JSON.stringify(record['prov:type']) === JSON.stringify(qname(name));

const claim = claimEvent({
  id: 'visit',
  report: 'report-jan',
  mission: MISSION,
  kind: 'visit',
  controller: 'taliban',
  occurred: '2023-01-05',
  quote: 'we reviewed the mission',
  claimant: 'the embassy',
  via: [
    { name: 'Tolo News', relation: 'cites' },
    { name: 'the embassy', relation: 'quotes' },
  ],
});
const denial = claimEvent({
  id: 'deny',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'denies',
  occurred: 'unknown',
  respondsTo: 'visit',
});
const implicitDenial = claimEvent({
  id: 'deny-2',
  report: 'report-feb',
  mission: MISSION,
  kind: 'visit',
  stance: 'disputes',
  occurred: '2023-01',
});
const events = recordAll(
  [
    ...smallWorld(),
    claim,
    denial,
    implicitDenial,
    correctEvent(
      'visit',
      { occurred: { text: '2023-01-06', earliest: '2023-01-06', latest: '2023-01-06', anchor: null } },
      'misread the day',
    ),
    assessEvent('visit', 3, 'plausible'),
    gradeEvent('outlet-a', 'C', 'two errors this year'),
    reportRevisedEvent('report-jan', '2023-01-11'),
    retractEvent('visit', 'the outlet withdrew it', 'report-feb'),
  ],
  { ingestRunId: 'run-1' },
);
const view = knowledgeView(foldKnowledge(events));

describe('traceClaim', () => {
  const trace = traceClaim(view, 'visit')!;

  it('follows the claim to report, outlet, citation chain and ingest run', () => {
    expect(trace.report).toMatchObject({
      id: 'report-jan',
      url: 'https://a.example/jan',
      published: { text: '2023-01-11' },
    });
    // The report's revision, with the publication date it replaced.
    const revised = events.find((e) => e.event.type === 'ReportRevised')!.envelope;
    expect(trace.report?.revisions).toEqual([
      {
        eventId: revised.eventId,
        position: revised.position,
        ingestRunId: 'run-1',
        correlationId: null,
        causationId: null,
        reason: 'date corrected',
        recordedAt: revised.recordedAt,
        before: { published: expect.objectContaining({ text: '2023-01-10' }) },
        after: { published: expect.objectContaining({ text: '2023-01-11' }) },
      },
    ]);
    expect(trace.source?.grades.map((g) => g.reliability)).toEqual(['B', 'C']);
    expect(trace.citationChain).toEqual([
      { name: 'Outlet A', relation: 'reports' },
      { name: 'Tolo News', relation: 'cites' },
      { name: 'the embassy', relation: 'quotes' },
    ]);
    const recorded = events.find((e) => e.event.type === 'ClaimRecorded')!.envelope;
    expect(trace.recorded).toMatchObject({
      ingestRunId: 'run-1',
      position: recorded.position,
      recordedAt: recorded.recordedAt,
    });
  });

  it('keeps the original beside the corrected values, with before and after', () => {
    expect(trace.original.occurred.text).toBe('2023-01-05');
    expect(trace.current.occurred.text).toBe('2023-01-06');
    expect(trace.corrections[0]).toMatchObject({
      reason: 'misread the day',
      before: { occurred: { text: '2023-01-05' } },
      after: { occurred: { text: '2023-01-06' } },
    });
  });

  it('lists later retractions and assessments with their recorded times, and the claims answering it', () => {
    expect(trace.retractions).toEqual([
      expect.objectContaining({
        reason: 'the outlet withdrew it',
        ingestRunId: 'run-1',
        reportId: 'report-feb',
        report: {
          sourceId: 'outlet-b',
          outlet: 'Outlet B',
          url: null,
          published: expect.objectContaining({ text: '2023-02-10' }),
        },
      }),
    ]);
    expect(trace.assessments).toEqual([expect.objectContaining({ credibility: 3 })]);
    expect(trace.responses.map((r) => [r.claimId, r.binding])).toEqual([
      ['deny', 'explicit'],
      ['deny-2', 'implicit'],
    ]);
  });

  it('lists a denial without respondsTo only when its kind answers the claim: an event denial does not answer a state claim', () => {
    const linked = claimEvent({
      id: 'linked',
      report: 'report-jan',
      mission: MISSION,
      kind: 'control',
      controller: 'taliban',
      occurred: '2023-01',
    });
    const stateDenial = claimEvent({
      id: 'not-ours',
      report: 'report-feb',
      mission: MISSION,
      kind: 'control',
      stance: 'denies',
      occurred: '2023-01',
    });
    const world = knowledgeView(
      foldKnowledge(recordAll([...smallWorld(), linked, implicitDenial, stateDenial])),
    );
    // deny-2 disputes a visit in 2023-01: it says nothing of who holds the mission.
    expect(traceClaim(world, 'linked')!.responses.map((r) => [r.claimId, r.binding])).toEqual([
      ['not-ours', 'implicit'],
    ]);
  });

  it('shows the claim as it stood at a recorded cutoff, and nothing before it was recorded', () => {
    const claimAt = events.find((e) => e.event.type === 'ClaimRecorded')!.envelope.recordedAt;
    const early = traceClaim(view, 'visit', { recordedAt: claimAt })!;
    expect(early.corrections).toEqual([]);
    expect(early.retractions).toEqual([]);
    expect(early.current.occurred.text).toBe('2023-01-05');
    expect(traceClaim(view, 'visit', { recordedAt: '2023-12-31' })).toBeNull();
    expect(traceClaim(view, 'no-such-claim')).toBeNull();
  });
});

describe('toProvJson', () => {
  const doc = toProvJson(traceClaim(view, 'visit')!);
  const ids = (kind: 'entity' | 'agent' | 'activity') => new Set(Object.keys(doc[kind]));
  // The Diplomat's own voice: the claimant is the outlet that published the report.
  const ownVoice = claimEvent({
    id: 'own',
    report: 'report-jan',
    mission: MISSION,
    kind: 'handover',
    controller: 'taliban',
    occurred: '2022-03',
    claimant: 'Outlet A',
  });
  const revisedDoc = toProvJson(
    traceClaim(
      knowledgeView(
        foldKnowledge(
          recordAll(
            [
              ...smallWorld(),
              ownVoice,
              reportRevisedEvent('report-jan', '2023-01-11'),
              reportRevisedEvent('report-jan', '2023-01-12'),
            ],
            { ingestRunId: 'run-2' },
          ),
        ),
      ),
      'own',
    )!,
  );

  it('keeps the report as first published and each revision of it, a revision of the one before', () => {
    const report = 'kb:report/report-jan';
    expect(revisedDoc.entity[report]).toMatchObject({
      'prov:type': qname('kb:Report'),
      'kb:published': '2023-01-10',
    });
    expect(revisedDoc.entity[`${report}/revision/1`]).toMatchObject({
      'prov:type': qname('kb:Report'),
      'prov:location': 'https://a.example/jan',
      'kb:published': '2023-01-11',
    });
    expect(revisedDoc.entity[`${report}/revision/2`]).toMatchObject({ 'kb:published': '2023-01-12' });
    const revisions = Object.values(revisedDoc.wasDerivedFrom)
      .filter((d) => isType(d, 'prov:Revision'))
      .map((d) => [d['prov:generatedEntity'], d['prov:usedEntity']]);
    expect(revisions).toEqual([
      [`${report}/revision/1`, report],
      [`${report}/revision/2`, `${report}/revision/1`],
    ]);
    const activities = Object.entries(revisedDoc.activity).filter(([, a]) => isType(a, 'kb:ReportRevision'));
    expect(activities).toHaveLength(2);
    expect(activities[0]?.[1]).toMatchObject({ 'prov:label': 'date corrected', 'kb:ingestRun': 'run-2' });
    expect(typeof activities[0]?.[1]['kb:position']).toBe('number');
    // The claim was read from the report as first published.
    expect(Object.values(revisedDoc.wasDerivedFrom)).toContainEqual({
      'prov:generatedEntity': 'kb:claim/own',
      'prov:usedEntity': report,
    });
  });

  it('makes an outlet that is both claimant and source one agent, under its source id', () => {
    expect(Object.keys(revisedDoc.agent).filter((id) => /outlet-a/.test(id))).toEqual(['kb:source/outlet-a']);
    expect(Object.values(revisedDoc.wasAttributedTo)).toContainEqual({
      'prov:entity': 'kb:claim/own',
      'prov:agent': 'kb:source/outlet-a',
    });
    expect(revisedDoc.agent['kb:source/outlet-a']).toMatchObject({
      'prov:type': qname('prov:Organization'),
      'kb:reliability': 'B',
    });
  });

  it("carries the analyst's assessment: generated from the claim, attributed to the analyst", () => {
    const [id, assessment] = Object.entries(doc.entity).find(([, e]) => isType(e, 'kb:Assessment'))!;
    expect(assessment).toMatchObject({ 'kb:credibility': 3, 'prov:value': 'plausible' });
    expect(Object.values(doc.wasAttributedTo)).toContainEqual({
      'prov:entity': id,
      'prov:agent': 'kb:agent/analyst',
    });
    const generated = Object.values(doc.wasGeneratedBy).find((g) => g['prov:entity'] === id)!;
    expect(doc.activity[generated['prov:activity'] as string]).toMatchObject({
      'prov:type': qname('kb:Assessing'),
    });
    expect(Object.values(doc.used)).toContainEqual({
      'prov:activity': generated['prov:activity'],
      'prov:entity': 'kb:claim/visit',
    });
  });

  it('is valid PROV-JSON: every id a relation names is declared, and every attribute value is a plain value or a typed literal', () => {
    const refKeys = [
      'prov:entity',
      'prov:activity',
      'prov:agent',
      'prov:generatedEntity',
      'prov:usedEntity',
      'prov:informed',
      'prov:informant',
      'prov:delegate',
      'prov:responsible',
      'prov:trigger',
      'prov:plan',
      'prov:influencee',
      'prov:influencer',
    ];
    for (const prov of [doc, revisedDoc]) {
      const declared = new Set([
        ...Object.keys(prov.entity),
        ...Object.keys(prov.agent),
        ...Object.keys(prov.activity),
      ]);
      const prefixes = new Set(['prov', 'xsd', ...Object.keys(prov.prefix)]);
      const prefixed = (name: string) => prefixes.has(name.split(':')[0]!) && name.includes(':');
      const checkValue = (where: string, value: unknown) => {
        for (const v of Array.isArray(value) ? value : [value]) {
          expect(['string', 'number', 'boolean', 'object'], where).toContain(typeof v);
          if (typeof v !== 'object') continue;
          // Only a typed literal may be an object: {"$": text, "type": a declared QName}.
          expect(v === null ? [] : Object.keys(v).sort(), `${where}: ${JSON.stringify(v)}`).toEqual([
            '$',
            'type',
          ]);
          expect(typeof v.$, where).toBe('string');
          expect(prefixed(v.type), where).toBe(true);
        }
      };
      for (const [kind, records] of Object.entries(prov)) {
        if (kind === 'prefix') continue;
        for (const [id, attrs] of Object.entries(records as Record<string, Record<string, unknown>>)) {
          for (const [key, value] of Object.entries(attrs)) {
            expect(prefixed(key), `${kind} ${id} ${key}`).toBe(true);
            checkValue(`${kind} ${id} ${key}`, value);
            if (refKeys.includes(key))
              expect(declared.has(value as string), `${kind} ${id} ${key} ${value}`).toBe(true);
          }
          // PROV-JSON defines no invalidation attribute on an entity: wasInvalidatedBy says it.
          if (kind === 'entity') expect(attrs['prov:invalidatedAtTime'], id).toBeUndefined();
        }
      }
    }
  });

  it('has the PROV-JSON record kinds, and every relation points at declared records', () => {
    expect(doc.prefix).toMatchObject({ prov: 'http://www.w3.org/ns/prov#', xsd: expect.any(String) });
    const entities = ids('entity');
    const agents = ids('agent');
    const activities = ids('activity');
    for (const r of Object.values(doc.wasAttributedTo)) {
      expect(entities.has(r['prov:entity'] as string)).toBe(true);
      expect(agents.has(r['prov:agent'] as string)).toBe(true);
    }
    for (const r of Object.values(doc.wasDerivedFrom)) {
      expect(entities.has(r['prov:generatedEntity'] as string)).toBe(true);
      expect(entities.has(r['prov:usedEntity'] as string)).toBe(true);
    }
    for (const r of [...Object.values(doc.wasGeneratedBy), ...Object.values(doc.wasInvalidatedBy)]) {
      expect(entities.has(r['prov:entity'] as string)).toBe(true);
      expect(activities.has(r['prov:activity'] as string)).toBe(true);
    }
    expect(Object.keys(doc.wasAttributedTo).every((k) => k.startsWith('_:'))).toBe(true);
  });

  it('says who the claim is attributed to, what it was quoted and derived from, and which run generated it', () => {
    expect(Object.values(doc.wasAttributedTo)).toContainEqual({
      'prov:entity': 'kb:claim/visit',
      'prov:agent': 'kb:agent/the-embassy',
    });
    expect(Object.values(doc.wasDerivedFrom)).toContainEqual({
      'prov:generatedEntity': 'kb:claim/visit',
      'prov:usedEntity': 'kb:report/report-jan',
    });
    expect(Object.values(doc.wasDerivedFrom).filter((d) => isType(d, 'prov:Quotation'))).toHaveLength(1);
    expect(doc.activity['kb:ingest-run/run-1']).toBeDefined();
    expect(doc.entity['kb:report/report-jan']?.['prov:location']).toBe('https://a.example/jan');
  });

  it('records the correction as a revision and the retraction as an invalidation with its time', () => {
    const revisions = Object.values(doc.wasDerivedFrom).filter((d) => isType(d, 'prov:Revision'));
    expect(revisions).toEqual([
      expect.objectContaining({
        'prov:generatedEntity': 'kb:report/report-jan/revision/1',
        'prov:usedEntity': 'kb:report/report-jan',
      }),
      expect.objectContaining({
        'prov:generatedEntity': 'kb:claim/visit/revision/1',
        'prov:usedEntity': 'kb:claim/visit',
      }),
    ]);
    const invalidations = Object.values(doc.wasInvalidatedBy);
    expect(invalidations.length).toBeGreaterThan(0);
    expect(invalidations[0]?.['prov:time']).toMatchObject({ type: 'xsd:dateTime' });
    expect(invalidations.map((i) => i['prov:entity'])).toEqual([
      'kb:claim/visit',
      'kb:claim/visit/revision/1',
    ]);
    // The correction's changed fields, as JSON text.
    expect(doc.entity['kb:claim/visit/revision/1']?.['kb:changes']).toEqual({
      $: JSON.stringify({
        occurred: { text: '2023-01-06', earliest: '2023-01-06', latest: '2023-01-06', anchor: null },
      }),
      type: 'rdf:JSON',
    });
    // The retraction came in report-feb, from Outlet B: the activity used it.
    const retraction = Object.keys(doc.activity).find((id) => id.startsWith('kb:retraction/'));
    expect(Object.values(doc.used)).toContainEqual({
      'prov:activity': retraction,
      'prov:entity': 'kb:report/report-feb',
    });
    expect(doc.entity['kb:report/report-feb']).toMatchObject({
      'prov:type': qname('kb:Report'),
      'kb:published': '2023-02-10',
    });
    expect(Object.values(doc.wasAttributedTo)).toContainEqual({
      'prov:entity': 'kb:report/report-feb',
      'prov:agent': 'kb:source/outlet-b',
    });
    expect(doc.agent['kb:source/outlet-b']?.['prov:label']).toBe('Outlet B');
    // Retracted in its own report: that report is used, and keeps its one attribution.
    const own = toProvJson(
      traceClaim(
        knowledgeView(
          foldKnowledge(
            recordAll([...smallWorld(), claim, retractEvent('visit', 'withdrawn', 'report-jan')]),
          ),
        ),
        'visit',
      )!,
    );
    expect(Object.values(own.used)).toEqual([
      expect.objectContaining({ 'prov:entity': 'kb:report/report-jan' }),
    ]);
    expect(
      Object.values(own.wasAttributedTo).filter((a) => a['prov:entity'] === 'kb:report/report-jan'),
    ).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('an outlet cited on the way that is also a source in the trace is one agent, under its source id', () => {
    const viaOutletB = claimEvent({
      id: 'cited',
      report: 'report-jan',
      mission: MISSION,
      kind: 'visit',
      controller: 'taliban',
      occurred: '2023-01-05',
      quote: 'as Outlet B reported',
      claimant: 'the embassy',
      via: [{ name: 'Outlet B', relation: 'cites' }],
    });
    const prov = toProvJson(
      traceClaim(
        knowledgeView(
          foldKnowledge(
            recordAll([...smallWorld(), viaOutletB, retractEvent('cited', 'withdrawn', 'report-feb')]),
          ),
        ),
        'cited',
      )!,
    );
    const agents = Object.keys(prov.agent).filter((id) => /outlet-b/.test(id));
    expect(agents).toEqual(['kb:source/outlet-b']);
    expect(prov.agent['kb:source/outlet-b']).toMatchObject({ 'prov:type': qname('prov:Organization') });
    expect(Object.values(prov.wasAttributedTo)).toContainEqual({
      'prov:entity': 'kb:claim/cited/via/0',
      'prov:agent': 'kb:source/outlet-b',
    });
    // A party that is no source in the trace stays an agent of its own.
    expect(doc.agent['kb:agent/tolo-news']).toEqual({ 'prov:label': 'Tolo News' });
  });
});
