// What kb mission's text view says of one mission, as a user runs it: on a knowledge base `kb demo`
// built for this file, the contradicts rows and the actor a claimant was resolved to; on one built
// here, a single retraction's count, what superseded an account, the origins of the active accounts,
// a note listing every account of unknown publication, a mission found by another name of its
// country, and a lone group of origins not split out.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoKnowledgeBase, ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const demo = demoKnowledgeBase('kb-analyst-text-');

const folder = testFolder('kb-analyst-text-own-');
const own = join(folder.dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(own, ...args);

type Mission = { country: string; city: string; kind: string; name?: string };
const ASHGABAT: Mission = { country: 'Turkmenistan', city: 'Ashgabat', kind: 'embassy' };
const KHOROG: Mission = { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' };
const KULOB: Mission = { country: 'Tajikistan', city: 'Kulob', kind: 'consulate' };

const claim = (
  id: string,
  mission: Mission,
  kind: string,
  controller: string,
  occurred: string,
  published: string,
  more: Record<string, unknown> = {},
) => ({
  id,
  mission,
  kind,
  stance: 'asserts',
  controller,
  occurred,
  claimant: 'Reporter',
  source: { outlet: 'Asia Times', published },
  quote: `q ${id}`,
  ...more,
});

beforeAll(async () => {
  await ingestStage(own, folder.dir, 'claims.ndjson', [
    // Ashgabat: a republic control superseded by a handover, and a statement naming no controller.
    claim('s-1', ASHGABAT, 'control', 'republic', '2021-10', '2021-10-20'),
    claim('s-2', ASHGABAT, 'handover', 'taliban', '2022-03-15', '2022-04-01'),
    claim('s-3', ASHGABAT, 'statement', 'unknown', '2022-05-01', '2022-05-02'),
    // Khorog: four accounts whose report's publication date is unknown.
    ...['u-1', 'u-2', 'u-3', 'u-4'].map((id, i) =>
      claim(id, KHOROG, 'control', 'taliban', `2023-01-0${i + 1}`, 'unknown'),
    ),
    // Kulob: one claim, retracted by its source, and a denial of it.
    claim('c-1', KULOB, 'control', 'taliban', '2023-01-10', '2023-01-12', { claimant: 'Taliban spokesman' }),
    {
      type: 'retraction',
      claim: 'c-1',
      reason: 'the ministry withdrew the statement',
      source: { outlet: 'Tolo News', published: '2023-04-02' },
      quote: 'we withdraw',
    },
    claim('d-1', KULOB, 'control', 'unknown', '2023-01-10', '2023-01-20', {
      stance: 'denies',
      claimant: 'Embassy',
      respondsTo: 'c-1',
    }),
    // A Turkish mission, and a Tajik one whose name holds "Turkey".
    claim(
      't-1',
      { country: 'Turkey', city: 'Istanbul', kind: 'consulate' },
      'statement',
      'taliban',
      '2022-05-01',
      '2022-05-02',
    ),
    claim(
      't-2',
      { country: 'Tajikistan', city: 'Dushanbe', kind: 'consulate', name: 'Consulate for Turkey affairs' },
      'statement',
      'taliban',
      '2022-05-01',
      '2022-05-02',
    ),
    // Dushanbe's embassy: one account, naming no controller.
    claim(
      'n-1',
      { country: 'Tajikistan', city: 'Dushanbe', kind: 'embassy' },
      'statement',
      'unknown',
      '2022-05-01',
      '2022-05-02',
      {
        claimant: 'Someone',
      },
    ),
  ]);
});

describe('kb mission on the bundled dataset', () => {
  it('gives each of the two accounts that contradict one another a contradicts row naming the other', async () => {
    const r = await demo.kb('mission', 'Khorog');
    expect(r.code).toBe(0);
    const block = (id: string) => r.text.split('\n\n').find((b) => b.includes(`] ${id}: `))!;
    expect(block('diplomat-2023-03-khorog-visit')).toContain(
      '\n    contradicts diplomat-2023-03-khorog-denial',
    );
    expect(block('diplomat-2023-03-khorog-denial')).toContain(
      '\n    contradicts diplomat-2023-03-khorog-visit',
    );
  });

  it('shows beside a claimant the actor it was resolved to', async () => {
    const r = await demo.kb('mission', 'Khorog');
    expect(r.text).toContain('\n    claimant    Taliban Foreign Ministry spokesman (taliban)\n');
    // One not resolved is shown as written, with nothing beside it.
    expect(r.text).toContain('\n    claimant    Embassy of Afghanistan in Tajikistan\n');
  });
});

describe('kb mission, the head and the flags of accounts', () => {
  it('counts a single retracted account on the head line', async () => {
    const r = await kb('mission', 'Kulob');
    expect(r.code).toBe(0);
    expect(r.text).toContain('\nStanding accounts: 1; independent origins: 1; retracted: 1\n');
  });

  it('names what superseded an account in its flag', async () => {
    const r = await kb('mission', 'Ashgabat');
    expect(r.code).toBe(0);
    expect(r.text).toContain('\n[1] s-1: Reporter asserts control → republic  (superseded by s-2)\n');
  });

  it('says beside an undisputed status that the origins are those of the active accounts', async () => {
    const r = await kb('mission', 'Ashgabat');
    expect(r.text).toContain(
      '\nStanding accounts: 3 (1 superseded); independent origins of the 2 active behind taliban: 1; 1 more account, from 1 origin, names no controller\n',
    );
  });

  it('adds no group of origins when all of them name no controller', async () => {
    const r = await kb('mission', 'tj-dushanbe-embassy');
    expect(r.code).toBe(0);
    expect(r.text).toContain('\nStanding accounts: 1; independent origins: 1\n');
    expect(r.text).not.toContain('naming no controller');
  });
});

describe('kb mission, notes and finding the mission', () => {
  it('lists every one of four accounts of unknown publication under --known-at', async () => {
    const r = await kb('mission', 'Khorog', '--known-at', '2023-03-15');
    expect(r.code).toBe(0);
    const text = r.text.replace(/\n/g, ' ');
    expect(text).toContain('Not counted under --known-at 2023-03-15: the accounts u-1, u-2, u-3, u-4, whose');
    expect(text).not.toContain('more (--json lists every one)');
  });

  it('finds by another name of its country the mission in that country, not one whose name holds it', async () => {
    const r = await kb('mission', 'Türkiye');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.text.split('\n')[0]).toContain('id: tr-istanbul-consulate');
  });
});
