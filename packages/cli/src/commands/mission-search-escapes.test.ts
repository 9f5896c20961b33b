// A mission registered by an earlier version of kb with a terminal's escape sequence inside its name
// (ingest now refuses control characters in a name, docs/claim-records.md) is found by the name it
// looks like: the search key drops the whole sequence, as origins do, not only its ESC, which left
// "[1m" behind as part of a word.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { storeMissionAsBefore } from '../testing/stored-before.js';

const { dir } = testFolder('kb-search-escapes-');
const store = join(dir, 'kb.sqlite');
const MISSION = 'xx-escaped-embassy';

beforeAll(async () => {
  await storeMissionAsBefore(store, {
    missionId: MISSION,
    name: 'Embassy in \u001b[1mDushanbe\u001b[0m',
    city: 'Dushanbe',
    country: 'Tajikistan',
  });
});

/** The mission `kb mission TEXT --json` shows, else the error it gives. */
async function found(text: string): Promise<string> {
  const r = await kbOn(store, 'mission', text, '--json');
  const json = r.out.json_[0] as { mission?: { id: string } } | undefined;
  return json?.mission?.id ?? r.err;
}

describe('searching a mission whose stored name holds an escape sequence', () => {
  it('finds it by the plain name, the sequence dropped whole', async () => {
    expect(await found('Embassy in Dushanbe')).toBe(MISSION);
    expect(await found('in dushanbe')).toBe(MISSION);
  });
});
