// kb trace --prov carries everything the text trace shows: each field of the text has a place in
// the PROV document, so an auditor who files the export loses nothing the screen told them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-prov-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const CLAIM = 'bonn-denial';
const mission = { country: 'Germany', city: 'Bonn', kind: 'consulate-general' };

async function ingest(name: string, records: object[]): Promise<void> {
  const file = join(dir, name);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const run = await kb('ingest', file);
  if (run.code !== 0) throw new Error(`ingest failed with ${run.code}: ${run.text}\n${run.err}`);
}

// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON it walks by hand
type Json = any;
let text = '';
let prov: Json = null;
let trace: Json = null;

beforeAll(async () => {
  await ingest('claims.ndjson', [
    {
      id: 'bonn-visit',
      mission,
      kind: 'visit',
      stance: 'asserts',
      controller: 'taliban',
      occurred: '2023-05-02',
      claimant: 'Taliban spokesman',
      source: { outlet: 'Alpha News', url: 'https://alpha.example/1', published: '2023-05-05' },
      quote: 'A delegation visited the consulate.',
    },
    {
      id: CLAIM,
      mission,
      kind: 'visit',
      stance: 'denies',
      controller: 'unknown',
      occurred: 'earlier',
      claimant: 'Consulate staff',
      via: [
        { name: 'Tolo News', relation: 'cites' },
        { name: 'Consulate staff', relation: 'quotes' },
      ],
      respondsTo: 'bonn-visit',
      credibility: 2,
      notes: 'Read from the Tolo News segment.',
      source: {
        outlet: 'Alpha News',
        url: 'https://alpha.example/2',
        published: '2023-05-10',
        title: 'No delegation came',
        author: 'A. Writer',
        retrieved: '2023-05-11',
      },
      quote: 'No delegation has come here.',
    },
    {
      id: 'bonn-reply',
      mission,
      kind: 'visit',
      stance: 'denies',
      controller: 'taliban',
      occurred: '2023-05',
      claimant: 'Taliban spokesman',
      respondsTo: CLAIM,
      source: { outlet: 'Alpha News', url: 'https://alpha.example/3', published: '2023-05-20' },
      quote: 'The staff are wrong.',
    },
  ]);
  const first = (await kb('trace', CLAIM, '--json')).out.json_[0] as Json;
  await ingest('later.ndjson', [
    {
      type: 'event',
      event: {
        type: 'ReportRevised',
        data: {
          reportId: first.report.id,
          changes: {
            published: { text: '2023-05-12', earliest: '2023-05-12', latest: '2023-05-12', anchor: null },
          },
          reason: 'the page was dated wrongly',
        },
      },
    },
    {
      type: 'event',
      event: {
        type: 'SourceGraded',
        data: {
          sourceId: first.source.sourceId,
          reliability: 'C',
          rationale: 'two errors',
          gradedBy: 'analyst',
        },
      },
    },
    {
      type: 'event',
      event: {
        type: 'ClaimAssessed',
        data: {
          claimId: CLAIM,
          credibility: 3,
          likelihood: 'likely',
          rationale: 'fits the other reports',
          assessedBy: 'analyst',
          assessedOn: null,
        },
      },
    },
    {
      type: 'correction',
      claim: CLAIM,
      changes: { controller: 'republic' },
      reason: 'misread',
      by: 'analyst',
    },
    {
      type: 'retraction',
      claim: CLAIM,
      reason: 'Beta News withdrew it',
      source: { outlet: 'Beta News', url: 'https://beta.example/r', published: '2023-06-01' },
      quote: 'We withdraw our report on the Bonn consulate.',
    },
  ]);
  text = (await kb('trace', CLAIM)).text;
  prov = (await kb('trace', CLAIM, '--prov')).out.json_[0];
  trace = (await kb('trace', CLAIM, '--json')).out.json_[0];
});

/** Every value the PROV document holds: ids, attribute values, and what its JSON texts hold. */
function provValues(doc: Json): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.add(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'rdf:JSON' && typeof o['$'] === 'string') walk(JSON.parse(o['$']));
      for (const [k, x] of Object.entries(o)) {
        out.add(k);
        walk(x);
      }
    }
  };
  walk(doc);
  return out;
}

const dates = (d: Json) => [d.text, d.earliest, d.latest].filter((x) => x !== null);

/** What each labelled field of the text shows, as values of the trace (--json). */
const shown: Record<string, (t: Json) => unknown[]> = {
  'Replayed to': () => ['Replayed to: everything recorded so far'],
  says: (t) => [
    t.claimant.asWritten,
    t.current.stance,
    t.current.kind,
    t.current.missionId,
    t.current.controller,
  ],
  claimant: (t) => [t.claimant.asWritten, t.claimant.actorId].filter((x) => x !== null),
  occurred: (t) => dates(t.occurred),
  quote: (t) => [t.quote],
  notes: (t) => [t.current.notes],
  credibility: (t) => [t.credibility, t.current.credibility, t.original.credibility],
  'responds to': (t) => [`kb:claim/${t.current.respondsTo}`],
  outlet: (t) => [
    t.source.outlet,
    `kb:source/${t.source.sourceId}`,
    t.source.reliability,
    ...t.source.grades.flatMap((g: Json) => [g.reliability, g.recordedAt]),
  ],
  report: (t) => [t.report.title, t.report.author],
  url: (t) => [t.report.url],
  published: (t) => dates(t.report.published),
  retrieved: (t) => [t.report.retrieved],
  citation: (t) =>
    t.citationChain.flatMap((l: Json) => (l.relation === 'reports' ? [l.name] : [l.name, l.relation])),
  at: (t) => [t.recorded.recordedAt, t.recorded.position, t.recorded.eventId],
  'ingest run': (t) => [`kb:ingest-run/${t.recorded.ingestRunId}`],
  'chain hash': (t) => [t.recorded.chainHash],
  retracted: (t) =>
    t.retractions.flatMap((r: Json) => [
      r.recordedAt,
      r.position,
      r.ingestRunId,
      r.reason,
      r.quote,
      r.report.outlet,
      r.report.url,
      ...dates(r.report.published),
    ]),
  corrected: (t) =>
    t.corrections.flatMap((c: Json) => [
      c.recordedAt,
      c.position,
      c.reason,
      c.correctedBy,
      ...Object.values(c.after),
    ]),
  revised: (t) =>
    t.report.revisions.flatMap((r: Json) => [
      r.recordedAt,
      r.position,
      r.reason,
      ...dates(r.after.published),
    ]),
  assessed: (t) =>
    t.assessments.flatMap((a: Json) => [
      a.recordedAt,
      a.position,
      a.credibility,
      a.likelihood,
      a.assessedBy,
      a.rationale,
    ]),
  denies: (t) =>
    t.responses.flatMap((r: Json) => [`kb:claim/${r.claimId}`, r.stance, r.claimant.asWritten, r.binding]),
};

describe('kb trace --prov', () => {
  it('has a place for every field the text trace shows', () => {
    const labels = new Set<string>(['Replayed to']);
    for (const line of text.split('\n')) {
      // A field is `  LABEL` padded to 14 columns, then its value; a wrapped line starts blank.
      if (/^ {2}\S/.test(line)) labels.add(line.slice(2, 16).trim());
    }
    // Every labelled field of the text is one the test knows: a new one needs its place in PROV.
    expect([...labels].filter((l) => shown[l] === undefined)).toEqual([]);
    expect(labels.size).toBeGreaterThan(18);
    const values = provValues(prov);
    for (const label of labels) {
      const missing = shown[label]!(trace).filter((v) => !values.has(String(v)));
      expect(missing, `${label}: not in the PROV document`).toEqual([]);
    }
  });

  it('carries the credibility in force on the claim entity, as the text and --json give it', () => {
    const claim = prov.entity[`kb:claim/${CLAIM}`];
    expect(trace.credibility).toBe(3);
    expect(text).toMatch(/^ {2}credibility +3 \(assessed, undated, by analyst; recorded as \d\)$/m);
    expect(claim['kb:credibilityInForce']).toBe(trace.credibility);
    // Beside the value as recorded, and read from the analyst's assessment.
    expect(claim['kb:credibility']).toBe(trace.original.credibility);
    const from = prov.entity[claim['kb:credibilityInForceFrom'].$];
    expect(from).toMatchObject({ 'kb:credibility': 3, 'prov:value': 'fits the other reports' });
  });
});
