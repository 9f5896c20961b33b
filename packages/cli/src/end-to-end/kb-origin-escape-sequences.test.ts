// A claimant stored by an earlier version of kb with a terminal's escape sequence inside the name
// (ingest now refuses it, docs/claim-records.md) is the origin of the plain name: folding drops the
// whole sequence (ESC [ … final byte, ESC ] … BEL or ESC \), not only its ESC, which left "[31m"
// behind as a word of the name and so counted a second, third origin for one spokesman.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { storeClaimAsBefore } from '../testing/stored-before.js';

const { dir } = testFolder('kb-origin-escapes-');
const store = join(dir, 'kb.sqlite');

const PLAIN = 'Zabihullah Mujahid';
const ESCAPED = [
  'Zabihullah \u001b[31mMujahid\u001b[0m',
  'Zabihullah \u001b[1;38;5;196mMujahid\u001b[m',
  '\u001b]8;;https://example.org/\u0007Zabihullah Mujahid\u001b]8;;\u0007',
  'Zabihullah \u001b]0;title\u001b\\Mujahid',
];

beforeAll(async () => {
  const record = {
    id: 'kulob-plain',
    mission: { country: 'Tajikistan', city: 'Kulob', kind: 'consulate' },
    kind: 'control',
    stance: 'asserts',
    controller: 'taliban',
    occurred: '2023-03-01',
    claimant: PLAIN,
    source: { outlet: 'Tolo News', published: '2023-03-02' },
    quote: 'the consulate is ours',
  };
  const file = join(dir, 'in.ndjson');
  writeFileSync(file, `${JSON.stringify(record)}\n`);
  const ingest = await kbOn(store, 'ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.err}`);
  for (const [i, asWritten] of ESCAPED.entries())
    await storeClaimAsBefore(store, `kulob-escaped-${i}`, { claimant: { asWritten, actorId: null } });
});

describe('an origin stored with an escape sequence inside the name', () => {
  it('folds with the plain name: one independent origin for the five accounts', async () => {
    const r = await kbOn(store, 'mission', 'tj-kulob-consulate', '--json');
    expect(r.code).toBe(0);
    const answer = r.out.json_[0] as {
      independentOrigins: number;
      accounts: { claimant: { asWritten: string }; origin: string }[];
    };
    expect(answer.accounts.map((a) => a.claimant.asWritten).sort()).toEqual([PLAIN, ...ESCAPED].sort());
    expect(new Set(answer.accounts.map((a) => a.origin))).toEqual(new Set(['name:zabihullah mujahid']));
    expect(answer.independentOrigins).toBe(1);
  });
});
