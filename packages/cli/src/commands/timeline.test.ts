// kb timeline lists every account that stands at a step, marks the superseded and the retracted
// ones, and agrees with kb mission at the first and last day of every step.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-timeline-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const PLACE = { country: 'Canada', city: 'Calgary', kind: 'consulate' };
const claim = (
  id: string,
  kind: string,
  controller: string,
  occurred: string,
  outlet: string,
  published: string,
) =>
  JSON.stringify({
    id,
    mission: PLACE,
    kind,
    stance: 'asserts',
    controller,
    occurred,
    claimant: `${controller} spokesman`,
    source: { outlet, url: `https://${outlet.toLowerCase().replace(/ /g, '')}.example/${id}`, published },
    quote: `${id} says so.`,
  });

beforeAll(async () => {
  const lines = [
    claim('h-rep', 'control', 'republic', '2021-09', 'Alpha News', '2021-10-01'),
    claim('h-tal', 'control', 'taliban', '2021-10', 'Beta Times', '2021-11-01'),
    claim('h-hand', 'handover', 'taliban', '2022-03', 'Gamma Daily', '2022-04-01'),
    // Published long after the handover and superseded by it at once: the status does not move.
    claim('h-late-rep', 'control', 'republic', '2022-02', 'Delta Post', '2024-01-01'),
    JSON.stringify({
      type: 'retraction',
      claim: 'h-tal',
      reason: 'Beta Times withdrew it',
      source: { outlet: 'Beta Times', published: '2024-03-01' },
    }),
  ];
  await ingestLines('calgary.ndjson', lines);
});

/** Ingests `lines` as the file `name` into the test's store. */
async function ingestLines(name: string, lines: readonly string[]): Promise<void> {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const ingest = await kb('ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.text}\n${ingest.err}`);
}

interface Step {
  status: string;
  controller: string | null;
  happened: string | null;
  claimIds: string[];
  superseded: { claimId: string; supersededBy: string }[];
  retracted: string[];
}
interface Timeline {
  world: (Step & { from: string | null })[];
  publication: (Step & { knownAt: string })[];
}
interface Mission {
  status: string;
  controller: string | null;
  happened: string | null;
  accounts: { claimId: string; supersededBy: string | null }[];
  retractedAccounts: { claimId: string }[];
}

const dayBefore = (day: string) => new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);

/** What kb mission says on a day, in the shape of a timeline step. */
async function missionStep(...query: string[]): Promise<Step> {
  const m = (await kb('mission', 'Calgary', ...query, '--json')).out.json_[0] as Mission;
  return {
    status: m.status,
    controller: m.controller,
    happened: m.happened,
    claimIds: m.accounts.map((a) => a.claimId),
    superseded: m.accounts.flatMap((a) =>
      a.supersededBy === null ? [] : [{ claimId: a.claimId, supersededBy: a.supersededBy }],
    ),
    retracted: m.retractedAccounts.map((a) => a.claimId),
  };
}

describe('kb timeline', () => {
  it("lists the first row's accounts, then what changed on each row: come, superseded, retracted", async () => {
    const text = (await kb('timeline', 'Calgary')).text;
    const rows = text.replace(/\n {57}/g, ' ').split('\n');
    const row = (first: string) => rows.filter((r) => r.startsWith(first));
    expect(row('2021-09-01')).toEqual([
      expect.stringMatching(/undisputed {2}republic {4}possibly {3}1 {9}h-rep$/),
    ]);
    expect(row('2021-09-30')).toEqual([expect.stringMatching(/certainly {2}1 {9}\(same accounts\)$/)]);
    // The retraction counts on the world axis from the claim's own date: it comes retracted.
    expect(row('2021-10-01')).toEqual([
      expect.stringMatching(/republic {4}certainly {2}1 {9}\+h-tal \(retracted\)$/), // world
      expect.stringMatching(/republic {4}certainly {2}1 {9}h-rep$/), // publication: its first row
    ]);
    expect(row('2022-03-31')).toEqual([
      expect.stringMatching(
        /undisputed {2}taliban {5}certainly {2}3 {9}h-rep \(superseded by h-hand\), h-late-rep \(superseded by h-hand\)$/,
      ),
    ]);
    // Published long after the handover, superseded by it at once: a step though the status stays.
    expect(row('2024-01-01')).toEqual([
      expect.stringMatching(
        /undisputed {2}taliban {5}certainly {2}4 {9}\+h-late-rep \(superseded by h-hand\)$/,
      ),
    ]);
    expect(row('2024-03-01')).toEqual([expect.stringMatching(/certainly {2}3 {9}h-tal \(retracted\)$/)]);
  });

  it('agrees with kb mission on the first and the last day of every step, on both axes', async () => {
    const timeline = (await kb('timeline', 'Calgary', '--json')).out.json_[0] as Timeline;
    expect(timeline.publication.map((s) => s.knownAt)).toEqual([
      '2021-10-01',
      '2021-11-01',
      '2022-04-01',
      '2024-01-01',
      '2024-03-01',
    ]);
    const axes = [
      { option: '--at', days: timeline.world.map((s) => s.from!), steps: timeline.world },
      { option: '--known-at', days: timeline.publication.map((s) => s.knownAt), steps: timeline.publication },
    ];
    for (const { option, days, steps } of axes) {
      for (const [i, step] of steps.entries()) {
        const { status, controller, happened, claimIds, superseded, retracted } = step;
        const expected = { status, controller, happened, claimIds, superseded, retracted };
        const last = days[i + 1] === undefined ? [] : [dayBefore(days[i + 1]!)];
        for (const day of [days[i]!, ...last]) {
          expect({ day, ...(await missionStep(option, day)) }).toEqual({ day, ...expected });
        }
      }
      // Before the first step nothing stands, and nothing is retracted.
      const before = await missionStep(option, dayBefore(days[0]!));
      expect([before.claimIds, before.retracted]).toEqual([[], []]);
    }
  });
});

describe('kb timeline, a report of unknown date', () => {
  it('says under the publication table which account no day counts, rather than drop it', async () => {
    const undated = join(dir, 'undated.sqlite');
    const file = join(dir, 'undated.ndjson');
    writeFileSync(
      file,
      `${[
        claim('u-rep', 'control', 'republic', '2023-02', 'Alpha News', '2023-03-01'),
        claim('u-tal', 'control', 'taliban', '2023-02', 'Beta Times', 'unknown'),
      ].join('\n')}\n`,
    );
    expect((await kbOn(undated, 'ingest', file)).code).toBe(0);
    const { text } = await kbOn(undated, 'timeline', 'Calgary');
    // The last row alone would read as an undisputed republic, where kb mission says contested.
    expect(text).toContain('2023-03-01  undisputed  republic    certainly  1         u-rep');
    expect(text.replace(/\n/g, ' ')).toContain(
      "Not on the publication axis: the account u-tal, whose report's publication date is unknown or open-ended. No day above counts it; with no --known-at it counts (kb mission canada-calgary-consulate).",
    );
    const json = (await kbOn(undated, 'timeline', 'Calgary', '--json')).out.json_[0] as {
      unknownPublication: unknown;
    };
    expect(json.unknownPublication).toEqual({ accounts: ['u-tal'], retractions: [] });
    expect(((await kbOn(undated, 'mission', 'Calgary', '--json')).out.json_[0] as Mission).status).toBe(
      'contested',
    );
    // The dated store has no such line.
    expect((await kb('timeline', 'Calgary')).text).not.toContain('Not on the publication axis');
  });

  it('is named by kb mission --known-at, which cannot count it, rather than left out without a word', async () => {
    const undated = join(dir, 'undated-known-at.sqlite');
    const file = join(dir, 'undated-known-at.ndjson');
    writeFileSync(
      file,
      `${[
        claim('k-rep', 'control', 'republic', '2023-02', 'Alpha News', '2023-03-01'),
        claim('k-tal', 'control', 'taliban', '2023-02', 'Beta Times', 'unknown'),
        claim('k-tal2', 'control', 'taliban', '2023-02', 'Gamma Daily', '2023-03-02'),
        // The taliban account withdrawn by its source, in a report of unknown date.
        JSON.stringify({
          type: 'retraction',
          claim: 'k-tal2',
          reason: 'withdrawn',
          source: {
            outlet: 'Gamma Daily',
            url: 'https://gammadaily.example/withdrawn',
            published: 'unknown',
          },
          quote: 'We withdraw it.',
        }),
      ].join('\n')}\n`,
    );
    expect((await kbOn(undated, 'ingest', file)).code).toBe(0);
    const cut = await kbOn(undated, 'mission', 'Calgary', '--known-at', '2024-01-01');
    expect(cut.code).toBe(0);
    // k-tal2 stands under the cut (its retraction is never certainly published by a day), k-tal is
    // out of it (its report neither): both said, where the answer alone showed neither fact.
    expect(cut.text.replace(/\n/g, ' ')).toContain(
      "Not counted under --known-at 2024-01-01: the account k-tal, and the retraction of k-tal2, whose report's publication date is unknown or open-ended, so never certainly published by a day. With no --known-at they count (kb mission canada-calgary-consulate).",
    );
    const json = (await kbOn(undated, 'mission', 'Calgary', '--known-at', '2024-01-01', '--json')).out
      .json_[0] as { unknownPublication: unknown; accounts: { claimId: string }[] };
    expect(json.unknownPublication).toEqual({ accounts: ['k-tal'], retractions: ['k-tal2'] });
    expect(json.accounts.map((a) => a.claimId).sort()).toEqual(['k-rep', 'k-tal2']);
    // With no publication cut both count, and there is nothing to say.
    const uncut = await kbOn(undated, 'mission', 'Calgary');
    expect(uncut.text).not.toContain('Not counted under');
    expect(
      ((await kbOn(undated, 'mission', 'Calgary', '--json')).out.json_[0] as { unknownPublication: unknown })
        .unknownPublication,
    ).toEqual({ accounts: [], retractions: [] });
  });
});

describe('kb timeline, the controller column', () => {
  beforeAll(async () => {
    const at = (city: string, id: string, controller: string, outlet: string) =>
      JSON.stringify({
        id,
        mission: { country: 'Canada', city, kind: 'consulate' },
        kind: 'control',
        stance: 'asserts',
        controller,
        occurred: '2022-01-10',
        claimant: `${outlet} correspondent`,
        source: { outlet, published: '2022-02-01' },
        quote: `${id} says so.`,
      });
    await ingestLines('columns.ndjson', [
      at('Vancouver', 'v-rep', 'republic', 'Alpha News'),
      at('Vancouver', 'v-tal', 'taliban', 'Beta Times'),
      at('Toronto', 't-unknown', 'unknown', 'Alpha News'),
    ]);
  });

  it('says (disputed) for a contested step, as kb status does, and - where no account names a controller', async () => {
    const rows = async (city: string) =>
      (await kb('timeline', city)).text.split('\n').filter((r) => r.startsWith('2022-'));
    expect(await rows('Vancouver')).toEqual([
      expect.stringMatching(/^2022-01-10 +contested +\(disputed\) +certainly +2 +v-rep, v-tal$/), // world
      expect.stringMatching(/^2022-02-01 +contested +\(disputed\) +certainly +2 +v-rep, v-tal$/), // publication
    ]);
    expect((await kb('status')).text).toMatch(/vancouver-consulate .* contested +\(disputed\) /);
    expect(await rows('Toronto')).toEqual([
      expect.stringMatching(/^2022-01-10 +unknown +- +certainly +1 +t-unknown$/),
      expect.stringMatching(/^2022-02-01 +unknown +- +certainly +1 +t-unknown$/),
    ]);
  });
});
