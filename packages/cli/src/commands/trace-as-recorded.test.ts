import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-recorded-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const ingest = (name: string, records: object[]) => ingestStage(store, dir, name, records);

const bonn = { country: 'Germany', city: 'Bonn', kind: 'consulate-general' };
const day = (d: string) => ({ text: d, earliest: d, latest: d, anchor: null });

interface TraceJson {
  original: { occurred: { text: string }; claimant: { asWritten: string } };
  current: { occurred: { text: string }; claimant: { asWritten: string } };
  report: {
    id: string;
    title: string | null;
    published: { text: string };
    original: { title: string | null; published: { text: string } };
  };
}

/** When only the claims had been recorded. */
let firstRun = '';
/** When the corrections and revisions had been recorded, before the assessment. */
let beforeAssessment = '';

beforeAll(async () => {
  firstRun = await ingest('claims.ndjson', [
    {
      id: 'held',
      mission: bonn,
      kind: 'control',
      stance: 'asserts',
      controller: 'republic',
      occurred: '2023-05',
      claimant: 'Republic diplomats',
      source: {
        outlet: 'Alpha News',
        url: 'https://alpha.example/held',
        title: 'Still held',
        published: '2023-05-10',
      },
      quote: 'The consulate remains in the hands of Republic diplomats.',
    },
    {
      id: 'before',
      mission: bonn,
      kind: 'control',
      stance: 'asserts',
      controller: 'republic',
      occurred: 'earlier',
      claimant: 'Republic diplomats',
      source: { outlet: 'Alpha News', url: 'https://alpha.example/before', published: '2023-04-10' },
      quote: 'It was held before.',
    },
    {
      id: 'graded',
      mission: bonn,
      kind: 'control',
      stance: 'asserts',
      controller: 'republic',
      occurred: '2023-05',
      claimant: 'Republic diplomats',
      credibility: 5,
      source: { outlet: 'Alpha News', url: 'https://alpha.example/graded', published: '2023-05-10' },
      quote: 'Held, they say.',
    },
    {
      id: 'answer',
      mission: bonn,
      kind: 'control',
      stance: 'denies',
      controller: 'unknown',
      occurred: '2023-05',
      claimant: 'Consulate staff',
      respondsTo: 'held',
      source: { outlet: 'Alpha News', url: 'https://alpha.example/answer', published: '2023-05-11' },
      quote: 'Not held.',
    },
    {
      id: 'self-withdrawn',
      mission: bonn,
      kind: 'control',
      stance: 'asserts',
      controller: 'republic',
      occurred: '2023-05',
      claimant: 'Republic diplomats',
      source: { outlet: 'Alpha News', url: 'https://alpha.example/self', published: '2023-05-10' },
      quote: 'Held, for now.',
    },
    // Withdrawn in the very report that carried the claim.
    {
      type: 'retraction',
      claim: 'self-withdrawn',
      reason: 'the report withdrew it in an update',
      source: { outlet: 'Alpha News', url: 'https://alpha.example/self', published: '2023-05-10' },
    },
  ]);
  const report = async (claim: string) =>
    ((await kb('trace', claim, '--json')).out.json_[0] as TraceJson).report.id;
  const revised = (reportId: string, changes: object) => ({
    type: 'event',
    event: { type: 'ReportRevised', data: { reportId, changes, reason: 'the outlet updated it' } },
  });
  beforeAssessment = await ingest('later.ndjson', [
    { type: 'correction', claim: 'graded', changes: { credibility: 4 }, reason: 'regraded', by: 'analyst' },
    {
      type: 'correction',
      claim: 'held',
      changes: { occurred: '2023-06', claimant: 'Consulate staff', quote: 'It is held.' },
      reason: 'misread',
      by: 'analyst',
    },
    revised(await report('held'), { title: 'Held still', published: day('2023-05-12') }),
    revised(await report('before'), { published: day('2023-04-20') }),
    revised(await report('self-withdrawn'), { title: 'Update' }),
    {
      type: 'correction',
      claim: 'answer',
      changes: { respondsTo: null },
      reason: 'answers nobody',
      by: 'analyst',
    },
  ]);
  await ingest('assessed.ndjson', [
    {
      type: 'event',
      event: {
        type: 'ClaimAssessed',
        data: {
          claimId: 'graded',
          credibility: 2,
          likelihood: null,
          rationale: 'confirmed by two others',
          assessedBy: 'auditor',
          assessedOn: '2023-06-01',
        },
      },
    },
  ]);
});

describe('kb trace: values not as first recorded', () => {
  it('marks a corrected value in the header with the value the ingest run recorded', async () => {
    const text = (await kb('trace', 'held')).text.replace(/\s+/g, ' ');
    expect(text).toContain(
      'occurred 2023-06 [2023-06-01..2023-06-30] (corrected; recorded as 2023-05 [2023-05-01..2023-05-31])',
    );
    expect(text).toContain(
      'claimant Consulate staff (unresolved) (corrected; recorded as Republic diplomats (resolved: republic))',
    );
    expect(text).toContain(
      'says Consulate staff asserts control at de-bonn-consulate-general → republic (corrected; recorded as Republic diplomats asserts control',
    );
    expect(text).toContain(
      'quote “It is held.” (corrected; recorded as “The consulate remains in the hands of Republic diplomats.”)',
    );
    // What no correction touched is shown bare.
    expect(text).toMatch(/credibility 6 responds to|credibility 6 Source/);
  });

  it('marks a revised value of the report with the value it was captured with', async () => {
    const text = (await kb('trace', 'held')).text.replace(/\s+/g, ' ');
    expect(text).toContain('report Held still (revised; recorded as Still held)');
    expect(text).toContain('published 2023-05-12 (revised; recorded as 2023-05-10)');
    expect(text).toContain('url https://alpha.example/held published');
  });

  it('marks an earlier re-read against its report’s revised date', async () => {
    const text = (await kb('trace', 'before')).text.replace(/\s+/g, ' ');
    expect(text).toMatch(
      /occurred earlier \[[^\]]*2023-04-20\] \(read against its report's revised published date; recorded as earlier \[[^\]]*2023-04-10\]\)/,
    );
  });

  it('shows a responds-to a correction removed, as (none) with the claim it was recorded as answering', async () => {
    const text = (await kb('trace', 'answer')).text.replace(/\s+/g, ' ');
    expect(text).toContain('responds to (none) (corrected; recorded as held)');
    const before = (await kb('trace', 'answer', '--recorded-at', firstRun)).text.replace(/\s+/g, ' ');
    expect(before).toMatch(/responds to \S*held/);
    expect(before).not.toContain('(none)');
  });

  it('lists a revision of the report that carried both the claim and its retraction once', async () => {
    const t = (await kb('trace', 'self-withdrawn', '--json')).out.json_[0] as {
      report: { id: string };
      retractions: { reportId: string }[];
    };
    // The one report, carrying both.
    expect(t.retractions.map((r) => r.reportId)).toEqual([t.report.id]);
    const text = (await kb('trace', 'self-withdrawn')).text;
    const later = text.slice(text.indexOf('Later events'));
    expect(later.match(/^ {2}revised /gm)).toHaveLength(1);
    expect(later.match(/title: \(none\) → Update/g)).toHaveLength(1);
  });

  it('marks nothing as the knowledge base stood before the correction and the revisions', async () => {
    const text = (await kb('trace', 'held', '--recorded-at', firstRun)).text;
    expect(text).not.toContain('recorded as');
  });

  it('gives the recorded values in --json beside the current ones', async () => {
    const t = (await kb('trace', 'held', '--json')).out.json_[0] as TraceJson;
    expect(t.current.occurred.text).toBe('2023-06');
    expect(t.original.occurred.text).toBe('2023-05');
    expect(t.original.claimant.asWritten).toBe('Republic diplomats');
    expect(t.report.title).toBe('Held still');
    expect(t.report.published.text).toBe('2023-05-12');
    expect(t.report.original.title).toBe('Still held');
    expect(t.report.original.published.text).toBe('2023-05-10');
  });
});

describe('kb trace: the credibility in force', () => {
  it('gives the assessed credibility in the header, as kb mission does, with the recorded one beside it', async () => {
    const text = (await kb('trace', 'graded')).text.replace(/\s+/g, ' ');
    expect(text).toContain(
      "credibility 2 (assessed 2023-06-01 by auditor; the claim's own 4, corrected; recorded as 5)",
    );
    const mission = (await kb('mission', 'de-bonn-consulate-general')).text.replace(/\s+/g, ' ');
    expect(mission).toContain('credibility 2 (assessed 2023-06-01 by auditor; source gave 4)');
  });

  it('gives the claim’s own as the knowledge base stood before the assessment', async () => {
    const text = (await kb('trace', 'graded', '--recorded-at', beforeAssessment)).text;
    expect(text).toMatch(/^ {2}credibility +4 \(corrected; recorded as 5\)$/m);
  });

  it('gives the credibility in force in --json, and the assessment it comes from', async () => {
    const t = (await kb('trace', 'graded', '--json')).out.json_[0] as {
      credibility: number;
      credibilityAssessed: { assessedOn: string | null; assessedBy: string } | null;
      current: { credibility: number };
      original: { credibility: number };
    };
    expect(t.credibility).toBe(2);
    expect(t.credibilityAssessed).toEqual({
      assessedOn: '2023-06-01',
      assessedBy: 'auditor',
    });
    expect(t.current.credibility).toBe(4);
    expect(t.original.credibility).toBe(5);
    const own = (await kb('trace', 'held', '--json')).out.json_[0] as typeof t;
    expect(own.credibility).toBe(6);
    expect(own.credibilityAssessed).toBeNull();
  });
});
