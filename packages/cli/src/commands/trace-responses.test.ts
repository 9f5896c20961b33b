// kb trace lists a claim that confirms a denial of the traced claim among its responses, and names
// the denial it sides with, as kb mission counts it under "denied by"; a response since retracted
// says so.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-responses-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const mission = { country: 'Germany', city: 'Bonn', kind: 'consulate-general' };
const source = (n: number, published: string) => ({
  outlet: 'Alpha News',
  url: `https://alpha.example/${n}`,
  published,
});

beforeAll(async () => {
  const records = [
    {
      id: 'bonn-visit',
      mission,
      kind: 'visit',
      stance: 'asserts',
      controller: 'taliban',
      occurred: '2023-05-02',
      claimant: 'Taliban spokesman',
      source: source(1, '2023-05-10'),
      quote: 'A delegation visited the consulate.',
    },
    {
      id: 'bonn-denial',
      mission: 'de-bonn-consulate-general',
      kind: 'visit',
      stance: 'denies',
      controller: 'unknown',
      occurred: '2023-05-02',
      claimant: 'Consulate staff',
      respondsTo: 'bonn-visit',
      source: source(2, '2023-05-12'),
      quote: 'Nobody came.',
    },
    {
      id: 'bonn-confirmation',
      mission: 'de-bonn-consulate-general',
      kind: 'visit',
      stance: 'confirms',
      controller: 'unknown',
      occurred: '2023-05-02',
      claimant: 'Host ministry',
      respondsTo: 'bonn-denial',
      source: source(3, '2023-05-14'),
      quote: 'We confirm the staff account.',
    },
    {
      id: 'bonn-withdrawn-denial',
      mission: 'de-bonn-consulate-general',
      kind: 'visit',
      stance: 'denies',
      controller: 'unknown',
      occurred: '2023-05-02',
      claimant: 'Embassy press office',
      respondsTo: 'bonn-visit',
      source: source(4, '2023-05-15'),
      quote: 'There was no visit.',
    },
    {
      type: 'retraction',
      claim: 'bonn-withdrawn-denial',
      reason: 'the press office withdrew it',
      source: { outlet: 'Alpha News', url: 'https://alpha.example/5', published: '2023-05-20' },
    },
  ];
  const file = join(dir, 'claims.ndjson');
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const run = await kb('ingest', file);
  if (run.code !== 0) throw new Error(`ingest failed with ${run.code}: ${run.text}\n${run.err}`);
});

describe('kb trace, responses', () => {
  it('names the denial a confirming response sides with', async () => {
    const r = await kb('trace', 'bonn-visit');
    expect(r.code, r.err).toBe(0);
    expect(r.text).toMatch(/denies\s+bonn-denial by Consulate staff \(explicit\)/);
    expect(r.text).toMatch(
      /confirms\s+bonn-confirmation by Host ministry, siding with the denial bonn-denial \(explicit\)/,
    );
  });

  it('marks a response that was retracted, so a withdrawn denial is not read as standing', async () => {
    const r = await kb('trace', 'bonn-visit');
    expect(r.code, r.err).toBe(0);
    expect(r.text).toMatch(/denies\s+bonn-withdrawn-denial by Embassy press office \(explicit, retracted\)/);
    // The denial nobody withdrew carries no such mark.
    expect(r.text).toMatch(/denies\s+bonn-denial by Consulate staff \(explicit\)$/m);
  });
});
