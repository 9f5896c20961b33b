import { join } from 'node:path';
import { claimRecord } from '@kb/ingest/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

// Ingest refuses an id in another script (its letters would be dropped, and other ids would then name
// the same claim). kb trace folds what it is given the same way to find a claim typed with capitals
// or spaces; it must not fold away letters of another script, or an auditor asking about
// "Хорог-visit" is shown the claim "visit", another claim, as if it were the one asked for.
const { dir } = testFolder('kb-trace-id-script-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

beforeAll(async () => {
  await ingestStage(store, dir, 'claims.ndjson', [
    claimRecord({
      id: 'visit',
      kind: 'control',
      occurred: '2023-03-20',
      quote: 'A delegation visited the consulate.',
    }),
  ]);
});

describe('kb trace of an id written in another script', () => {
  it('traces no other claim: it says there is no such claim', async () => {
    const run = await kb('trace', 'Хорог-visit', '--json');
    expect(run.code).toBe(1);
    expect(run.out.json_).toEqual([]);
    expect(run.err).toContain('Хорог-visit');
  });

  it('still folds capitals and spaces to find a claim', async () => {
    const run = await kb('trace', ' VISIT ', '--json');
    expect(run.code).toBe(0);
    expect((run.out.json_[0] as { claimId: string }).claimId).toBe('visit');
  });
});
