// toProvJson: a claim's trace as a W3C PROV-JSON document, valid as PROV-JSON, its records and
// relations declared, and the claim's report revisions, assessment, correction and retraction in it.
import { describe, expect, it } from 'vitest';
import { foldKnowledge } from '../knowledge/knowledge-projection.js';
import { knowledgeView } from '../knowledge/knowledge-view.js';
import { claimEvent, recordAll, reportRevisedEvent, retractEvent } from '../testing/event-factory.js';
import { MISSION, smallWorld } from '../testing/small-world.js';
import { traceClaim } from './claim-trace.js';
import { claim, view } from './claim-trace-fixture.js';
import { toProvJson } from './prov-json.js';
import { qname } from './prov-terms.js';

/** Whether a PROV record's prov:type is the qualified name `name`. */
const isType = (record: Record<string, unknown>, name: string) =>
  JSON.stringify(record['prov:type']) === JSON.stringify(qname(name));

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
      'prov:agent': 'kb:agent/analyst/analyst',
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
      'prov:agent': 'kb:agent/as-written/the-embassy',
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
    expect(doc.agent['kb:agent/as-written/tolo-news']).toEqual({ 'prov:label': 'Tolo News' });
  });
});
