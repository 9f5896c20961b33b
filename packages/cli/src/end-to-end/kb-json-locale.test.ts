// The same question gets the same JSON whatever locale the script's environment sets: missions are
// listed by country and city, and a mission's origins by controller, in one order everywhere. Under
// an Estonian locale (where z sorts between s and t) kb listed Zimbabwe before Tajikistan, and the
// controller zanu before taliban, so `kb status --json` differed from one machine to the next.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoKnowledgeBase, kbChild } from '../testing/cli-test-kit.js';

const { dir, store, kb } = demoKnowledgeBase('kb-json-locale-');

const RECORDS = [
  {
    type: 'event',
    event: {
      type: 'MissionRegistered',
      data: {
        missionId: 'zw-harare-embassy',
        name: 'Embassy in Harare',
        kind: 'embassy',
        country: 'Zimbabwe',
        city: 'Harare',
        aliases: [],
      },
    },
  },
  {
    type: 'event',
    event: { type: 'ActorRegistered', data: { actorId: 'zanu', name: 'ZANU', kind: 'faction', aliases: [] } },
  },
  {
    id: 'zanu-khorog',
    mission: 'tj-khorog-consulate',
    kind: 'control',
    stance: 'asserts',
    controller: 'zanu',
    occurred: '2023-03-20',
    claimant: 'A wire service',
    quote: 'ZANU holds the consulate.',
    source: { outlet: 'Example Wire', url: 'https://example.org/zanu', published: '2023-03-21' },
  },
];

beforeAll(async () => {
  const file = join(dir, 'locale.ndjson');
  writeFileSync(file, `${RECORDS.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const ingest = await kb('ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.err}`);
});

/** kb run as a child whose environment names `locale`. */
const under = (locale: string, ...args: string[]) =>
  kbChild([...args, '--store', store], { env: { ...process.env, LANG: locale, LC_ALL: locale } });

describe('kb --json under another locale', () => {
  it('kb status --json is byte for byte the same under an English and an Estonian locale', async () => {
    const english = await under('en_US.UTF-8', 'status', '--json');
    const estonian = await under('et_EE.UTF-8', 'status', '--json');
    expect([english.code, estonian.code]).toEqual([0, 0]);
    const countries = (JSON.parse(english.stdout) as { mission: { country: string } }[]).map(
      (m) => m.mission.country,
    );
    expect(countries.at(-1)).toBe('Zimbabwe');
    const khorog = (
      JSON.parse(english.stdout) as { mission: { id: string }; originsByController: unknown }[]
    ).find((m) => m.mission.id === 'tj-khorog-consulate');
    expect(khorog?.originsByController).toEqual([
      { controller: 'taliban', accounts: 2, origins: 2 },
      { controller: 'zanu', accounts: 1, origins: 1 },
      { controller: 'unknown', accounts: 1, origins: 1 },
    ]);
    expect(estonian.stdout).toBe(english.stdout);
  }, 60_000);
});
