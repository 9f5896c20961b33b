// A correction of a claim's citation chain is shown as the chain before and the chain after, each
// in brackets: the links of one chain are joined by the same arrow as "before → after", so without
// them an auditor could not tell where the old chain ends and who quoted whom afterwards.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-via-');
const store = join(dir, 'kb.sqlite');

beforeAll(async () => {
  await ingestStage(store, dir, 'claim.ndjson', [
    {
      id: 'copy',
      mission: { country: 'Germany', city: 'Bonn', kind: 'consulate-general' },
      kind: 'control',
      stance: 'asserts',
      controller: 'republic',
      occurred: '2023-05',
      claimant: 'Republic diplomats',
      via: [{ name: 'Alpha News', relation: 'syndicates' }],
      source: { outlet: 'Beta Wire', url: 'https://beta.example/copy', published: '2023-05-11' },
      quote: 'The consulate remains in the hands of Republic diplomats.',
    },
  ]);
  await ingestStage(store, dir, 'correction.ndjson', [
    {
      type: 'correction',
      claim: 'copy',
      changes: {
        via: [
          { name: 'Alpha News', relation: 'syndicates' },
          { name: 'Consul Meyer', relation: 'quotes' },
        ],
      },
      reason: 'the article quotes the consul',
      by: 'analyst-1',
    },
  ]);
});

describe('kb trace: a corrected citation chain', () => {
  it('brackets the chain before and after, so the two cannot run together', async () => {
    const { text } = await kbOn(store, 'trace', 'copy');
    expect(text).toContain('via: [syndicates Alpha News] → [syndicates Alpha News → quotes Consul Meyer]');
    expect(text).toContain('citation      reports Beta Wire → syndicates Alpha News → quotes Consul Meyer');
  });
});
