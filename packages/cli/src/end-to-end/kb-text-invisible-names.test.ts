// Names stored by an earlier version of kb with an invisible formatting character inside (ingest now
// refuses them, docs/claim-records.md) are shown in the text views with that character written out
// (`Dush\u200banbe`), so "did you mean Dushanbe?" never offers a name that only looks like the one
// typed; a joiner of a Persian name stays as it is, part of the name. --json keeps the stored text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, kbChild, kbOn, testFolder } from '../testing/cli-test-kit.js';
import { storeClaimAsBefore, storeMissionAsBefore } from '../testing/stored-before.js';

const { dir } = testFolder('kb-text-invisible-');
const store = join(dir, 'kb.sqlite');
const CLAIMANT = 'Zabihullah Mu\u200bjahid';
const PERSIAN = 'ذبیح‌الله مجاهد';

beforeAll(async () => {
  const file = join(dir, 'in.ndjson');
  writeFileSync(file, `${readFileSync(EXAMPLES, 'utf8').split('\n')[0]}\n`);
  const ingest = await kbOn(store, 'ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.err}`);
  await storeClaimAsBefore(store, 'khorog-hidden', { claimant: { asWritten: CLAIMANT, actorId: null } });
  await storeClaimAsBefore(store, 'khorog-persian', { claimant: { asWritten: PERSIAN, actorId: null } });
  await storeMissionAsBefore(store, {
    missionId: 'xx-capital-embassy',
    name: 'Embassy in Dush\u00adanbe',
    city: 'Dush\u200banbe',
    country: 'Tajikistan',
  });
});

/** stdout and stderr of the kb binary run with `args` on the store. */
async function kb(...args: string[]): Promise<string> {
  const r = await kbChild([...args, '--store', store]);
  return r.stdout + r.stderr;
}

describe('a stored name holding an invisible character, in the text views', () => {
  it('is offered by "did you mean" with the character written out', async () => {
    const out = await kb('mission', 'Dushanbi');
    expect(out).toContain('did you mean Dush\\u200banbe (xx-capital-embassy)?');
    expect(out).not.toMatch(/[\u00ad\u200b]/u);
  });

  it('is headed so in kb mission', async () => {
    const out = await kb('mission', 'Dushanbe');
    expect(out).toContain('Embassy in Dush\\u00adanbe');
    expect(out).not.toMatch(/[\u00ad\u200b]/u);
  });

  // kb timeline shows no stored name (the mission's id, controllers' ids, claim ids).
  it('is written out in kb trace, kb sources and kb mission; a Persian joiner is kept', async () => {
    for (const args of [['trace', 'khorog-hidden'], ['sources'], ['mission', 'Khorog']]) {
      const out = await kb(...args);
      expect(out, args.join(' ')).toContain('Zabihullah Mu\\u200bjahid');
      expect(out, args.join(' ')).not.toContain('\u200b');
    }
    expect(await kb('trace', 'khorog-persian')).toContain(PERSIAN);
  });

  it('is the stored text in --json', async () => {
    const r = await kbChild(['trace', 'khorog-hidden', '--json', '--store', store]);
    expect(JSON.parse(r.stdout).current.claimant.asWritten).toBe(CLAIMANT);
  });
});
