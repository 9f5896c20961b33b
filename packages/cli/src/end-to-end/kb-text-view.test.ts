// What the text view shows of stored text and of an answer with nothing in it, through kb as a user
// runs it, on a knowledge base `kb demo` built for this file and given more records here: quotes of
// emoji, right-to-left overrides, a claim with notes and later events, a mission of sixty claims, an
// outlet that carries only a retraction, and a replay to before anything was recorded.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RELIABILITY } from '@kb/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoKnowledgeBase, exampleLines, kbChild } from '../testing/cli-test-kit.js';
import { storeClaimAsBefore } from '../testing/stored-before.js';

const base = demoKnowledgeBase('kb-text-view-');
const { kb } = base;

/** The first half of a surrogate pair without its second, or a second without its first. */
const LONE_HALF = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const KULOB = { country: 'Tajikistan', city: 'Kulob', kind: 'consulate' };
const OVERRIDE = 'Embassy \u202enaht\u202c spokesman';

/** When kb demo's last event was recorded: after it the knowledge base held the demo and nothing else. */
let demoOnly = '';

beforeAll(async () => {
  const log = await kb('log', '--json');
  const events = log.out.json_[0] as { recordedAt: string }[];
  demoOnly = events.at(-1)!.recordedAt;
  await new Promise((resolve) => setTimeout(resolve, 5));
  const like = JSON.parse(exampleLines()[0]!) as Record<string, unknown>;
  const claim = (id: string, more: Record<string, unknown>) => JSON.stringify({ ...like, id, ...more });
  const lines = [
    claim('emoji-200', { quote: '😀'.repeat(200) }),
    claim('emoji-pairs', { quote: 'a😀'.repeat(600) }),
    claim('emoji-20000', { quote: '😀'.repeat(20_000) }),
    claim('long-notes', { notes: `${'n'.repeat(999)}😀${'m'.repeat(1500)}` }),
    ...Array.from({ length: 60 }, (_, i) =>
      claim(`kulob-${String(i).padStart(2, '0')}`, {
        mission: KULOB,
        kind: 'control',
        controller: 'taliban',
        occurred: '2023-03-01',
      }),
    ),
    JSON.stringify({
      type: 'retraction',
      claim: 'emoji-200',
      reason: 'test: withdrawn',
      source: { outlet: 'Tolo News', published: '2023-04-02' },
    }),
  ];
  const file = join(base.dir, 'text-view.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const ingest = await kb('ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.text}\n${ingest.err}`);
  // A name holding an override is refused in a claim record and in an event record
  // (docs/claim-records.md); one an earlier version stored is still shown to an auditor.
  await storeClaimAsBefore(base.store, 'bidi-1', {
    claimant: { asWritten: OVERRIDE, actorId: null },
    quote: 'the consulate is \u202eours\u202c',
    respondsTo: null,
    notes: null,
  });
});

describe('the text view of characters outside the BMP', () => {
  it('wraps a quote of emoji without splitting one, in kb trace and kb mission', async () => {
    const trace = await kb('trace', 'emoji-200');
    expect(trace.text).not.toMatch(LONE_HALF);
    // A line holds 90 columns, an emoji two: the quotation mark and 44 fill 89, a 45th would pass.
    expect(trace.text).toContain(`quote         “${'😀'.repeat(44)}\n${' '.repeat(16)}😀`);
    const mission = await kb('mission', 'Khorog');
    expect(mission.text).toContain(`\n${' '.repeat(16)}${'😀'.repeat(45)}\n`);
    expect(mission.text).not.toMatch(LONE_HALF);
  });

  it('counts what it leaves out in code points, as the docs count characters', async () => {
    // The note may start on one line and end on the next: joined, it reads as one.
    const mission = (await kb('mission', 'Khorog')).text.replace(/\n {16}/g, ' ');
    expect(mission).toContain('[200 more characters: kb trace emoji-pairs shows it whole]');
    expect(mission).toContain('[19,000 more characters: kb trace emoji-20000 shows it whole]');
  });
});

describe('bidirectional controls', () => {
  it('are written out in text output, as control characters are, and kept as stored in --json', async () => {
    const trace = await kbChild(['trace', 'bidi-1', '--store', base.store]);
    expect(trace.code).toBe(0);
    expect(trace.stdout).toContain('Embassy \\u202enaht\\u202c spokesman');
    expect(trace.stdout).toContain('the consulate is \\u202eours\\u202c');
    expect(trace.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    const json = await kbChild(['trace', 'bidi-1', '--json', '--store', base.store]);
    expect(JSON.parse(json.stdout).claimant.asWritten).toBe(OVERRIDE);
  });
});

describe('kb trace', () => {
  it("shows the claim's notes, cut as a quote is, and where they are whole", async () => {
    const trace = await kb('trace', 'diplomat-2023-03-khorog-denial');
    expect(trace.text).toMatch(/^ {2}notes {9}Denies the visit of 23 March;/m);
    const long = await kb('trace', 'long-notes');
    // The 999 letters wrap as one word, cut at 90 characters a line: joined back, they run on.
    expect(long.text.replace(/\n {16}/g, '')).toContain(
      `${'n'.repeat(999).slice(-80)}😀… [1,500 more characters: kb trace long-notes --json has them whole]`,
    );
  });

  it('names the log position and ingest run of a later event, as --json does', async () => {
    const json = (await kb('trace', 'emoji-200', '--json')).out.json_[0] as {
      retractions: { position: number; ingestRunId: string; recordedAt: string }[];
    };
    const [r] = json.retractions;
    const text = (await kb('trace', 'emoji-200')).text;
    expect(text).toContain(`retracted     ${r!.recordedAt} (position ${r!.position}, ingest run`);
    expect(text.replace(/\n {16}/g, ' ')).toContain(`ingest run ${r!.ingestRunId}): test: withdrawn`);
  });
});

describe('kb timeline', () => {
  it("lists a step's first 10 claims and says where the rest are", async () => {
    const r = await kb('timeline', 'Kulob');
    expect(r.code).toBe(0);
    const ids = Array.from({ length: 10 }, (_, i) => `kulob-0${i}`).join(', ');
    expect(r.text.replace(/\n {44,}/g, ' ')).toContain(`${ids} and 50 more (--json lists every one)`);
    expect(r.text).not.toContain('kulob-10');
    expect(r.text.split('\n').length).toBeLessThan(30);
    const json = (await kb('timeline', 'Kulob', '--json')).out.json_[0] as {
      world: { claimIds: string[] }[];
    };
    expect(json.world[0]!.claimIds).toHaveLength(60);
  });
});

describe('replayed to before anything was recorded', () => {
  it('kb timeline and kb sources say so, as kb status does, and exit 0 as it does', async () => {
    const status = await kb('status', '--recorded-at', '2020-01-01');
    const note = /^Nothing had been recorded by then: the first event was recorded at \S+Z\.$/m;
    expect([status.code, note.test(status.text)]).toEqual([0, true]);
    for (const args of [['timeline', 'Khorog'], ['sources']]) {
      const r = await kb(...args, '--recorded-at', '2020-01-01');
      expect([r.code, note.test(r.text)], args.join(' ')).toEqual([0, true]);
      const json = await kb(...args, '--recorded-at', '2020-01-01', '--json');
      expect(json.text, args.join(' ')).not.toContain('Nothing had been recorded');
    }
    // The log had begun, but not this mission's part of it.
    const later = await kb('timeline', 'Kulob', '--recorded-at', demoOnly);
    expect(later.code).toBe(0);
    expect(later.text).toMatch(
      /^Nothing about tj-kulob-consulate had been recorded by then: the mission was recorded at \S+Z\.$/m,
    );
  });
});

describe('accounts that only possibly happened', () => {
  it('kb mission says how many of the accounts the status rests on only possibly happened', async () => {
    const r = await kb('mission', 'Khorog', '--at', '2023-03-23', '--known-at', '2023-03-28');
    expect(r.text).toMatch(
      /^Status: CONTESTED \((\d+) of the (\d+) accounts it rests on only possibly happened by the world date\)$/m,
    );
    const [, possibly, all] = /(\d+) of the (\d+) accounts/.exec(r.text)!;
    const json = (await kb('mission', 'Khorog', '--at', '2023-03-23', '--known-at', '2023-03-28', '--json'))
      .out.json_[0] as {
      happened: string;
      accounts: { superseded: boolean; occurred: { happened: string } }[];
    };
    const active = json.accounts.filter((a) => !a.superseded);
    expect(json.happened).toBe('possibly');
    expect(Number(all)).toBe(active.length);
    expect(Number(possibly)).toBe(active.filter((a) => a.occurred.happened === 'possibly').length);
    expect(Number(possibly)).toBeLessThan(Number(all));
  });

  it('kb mission names the one account, and kb timeline says what its happened column means', async () => {
    const beijing = await kb('mission', 'Beijing', '--at', '2022-01-01');
    expect(beijing.text).toMatch(
      /^Status: UNDISPUTED — controller: taliban \(the one account it rests on only possibly happened by the world date\)$/m,
    );
    const timeline = await kb('timeline', 'Ashgabat');
    expect(timeline.text.replace(/\n/g, ' ')).toContain(
      'happened: "possibly" when at least one account of the step only possibly happened by the world date it is judged at, "certainly" when every one certainly did',
    );
    expect((await kb('timeline', 'Kulob')).text).not.toContain('happened: "possibly"');
  });
});

describe('kb sources', () => {
  it('says why an outlet with no claims is listed', async () => {
    const r = await kb('sources', '--known-at', '2023-03-30');
    expect(r.text).toMatch(/^Tolo News +F +0 +0 +0 +0$/m);
    expect(r.text.replace(/\n/g, ' ')).toContain(
      '0 claims: Tolo News is registered, with a grade, but no claim of its reports, if any, counts here: a report may carry only a retraction',
    );
    expect(r.text.replace(/\n/g, ' ')).toContain('be published after --known-at 2023-03-30');
  });

  it("gives each outlet's contradicted, denied and retracted counts in their own columns, as --json does", async () => {
    const text = (await kb('sources')).text;
    const json = (await kb('sources', '--json')).out.json_[0] as {
      outlets: {
        outlet: string;
        reliability: string | null;
        claims: unknown[];
        contradicted: number;
        denied: number;
        retracted: number;
      }[];
    };
    // emoji-200 was retracted: its outlet's row has a count that tells the two columns apart.
    expect(json.outlets.some((o) => o.retracted > 0 && o.retracted !== o.contradicted)).toBe(true);
    // The Diplomat's visit is denied: a count that tells denied apart from contradicted.
    expect(json.outlets.some((o) => o.denied > 0 && o.denied !== o.contradicted)).toBe(true);
    const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const o of json.outlets) {
      const row = [
        escaped(o.outlet),
        o.reliability ?? DEFAULT_RELIABILITY,
        o.claims.length,
        o.contradicted,
        o.denied,
        o.retracted,
      ];
      expect(text, o.outlet).toMatch(new RegExp(`^${row.join(' +')}$`, 'm'));
    }
  });
});
