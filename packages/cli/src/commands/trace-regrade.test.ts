// kb trace gives the outlet's grade in force: after a regrade the latest one, in the text's "grade X"
// and --json source.reliability, and at a --recorded-at before the regrade the one in force then.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-regrade-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);
const ingest = (name: string, records: object[]) => ingestStage(store, dir, name, records);

const CLAIM = 'bonn-graded-outlet';

const graded = (reliability: string, rationale: string) => ({
  type: 'event',
  event: {
    type: 'SourceGraded',
    data: { sourceId: 'gamma-news', reliability, rationale, gradedBy: 'analyst' },
  },
});

/** When the outlet had been graded C, before it was regraded A. */
let gradedC = '';

beforeAll(async () => {
  await ingest('claim.ndjson', [
    {
      id: CLAIM,
      mission: { country: 'Germany', city: 'Bonn', kind: 'consulate-general' },
      kind: 'control',
      stance: 'asserts',
      controller: 'republic',
      occurred: '2023-05',
      claimant: 'Republic diplomats',
      source: { outlet: 'Gamma News', url: 'https://gamma.example/1', published: '2023-05-10' },
      quote: 'Still Republic.',
    },
  ]);
  gradedC = await ingest('grade-c.ndjson', [graded('C', 'two errors')]);
  await ingest('grade-a.ndjson', [graded('A', 'checked since')]);
});

interface TraceJson {
  source: { reliability: string | null; grades: { reliability: string }[] };
}

describe('kb trace after a regrade of the outlet', () => {
  it('gives the latest grade, in the text and in --json', async () => {
    const json = (await kb('trace', CLAIM, '--json')).out.json_[0] as TraceJson;
    expect(json.source.grades.map((g) => g.reliability).slice(-2)).toEqual(['C', 'A']);
    expect(json.source.reliability).toBe('A');
    const text = (await kb('trace', CLAIM)).text;
    expect(text).toMatch(/^ {2}outlet +Gamma News \(gamma-news\), grade A; grades: /m);
  });

  it('gives the grade in force then at a --recorded-at before the regrade', async () => {
    const json = (await kb('trace', CLAIM, '--recorded-at', gradedC, '--json')).out.json_[0] as TraceJson;
    expect(json.source.grades.map((g) => g.reliability).at(-1)).toBe('C');
    expect(json.source.reliability).toBe('C');
    const text = (await kb('trace', CLAIM, '--recorded-at', gradedC)).text;
    expect(text).toMatch(/^ {2}outlet +Gamma News \(gamma-news\), grade C; grades: /m);
  });
});
