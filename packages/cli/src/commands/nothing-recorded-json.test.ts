// Replayed to a --recorded-at before anything was recorded, kb status, kb timeline, kb sources and
// kb demo say so under their empty text answers. Under --json the same note goes to stderr, as
// `kb: note: …`, so a script can tell "nothing recorded yet" from "no missions", while stdout stays
// the one JSON document of the shape docs/commands.md gives.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoKnowledgeBase, exampleLines, type KbRun } from '../testing/cli-test-kit.js';

const base = demoKnowledgeBase('nothing-recorded-json-');
const { kb } = base;
// kb demo runs again only on a store holding nothing but its own events: this one is left as built.
const demoStore = demoKnowledgeBase('nothing-recorded-demo-');

/** When the log's first event was recorded, and when kb demo's last one was (before Kulob came). */
let first = '';
let demoOnly = '';

beforeAll(async () => {
  const events = (await kb('log', '--limit', '1000', '--json')).out.json_[0] as { recordedAt: string }[];
  first = events[0]!.recordedAt;
  demoOnly = events.at(-1)!.recordedAt;
  await new Promise((resolve) => setTimeout(resolve, 5));
  const like = JSON.parse(exampleLines()[0]!) as Record<string, unknown>;
  const kulob = {
    ...like,
    id: 'kulob-later',
    mission: { country: 'Tajikistan', city: 'Kulob', kind: 'consulate' },
    kind: 'control',
    controller: 'taliban',
    occurred: '2023-03-01',
  };
  const file = join(base.dir, 'kulob.ndjson');
  writeFileSync(file, `${JSON.stringify(kulob)}\n`);
  const ingest = await kb('ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.text}\n${ingest.err}`);
});

const EARLY = '2000-01-01';
const noteLine = () =>
  `kb: note: Nothing had been recorded by then: the first event was recorded at ${first}.`;

/** The one JSON document on stdout, checked to be the only thing there. */
function oneDocument(r: KbRun): unknown {
  expect(r.out.json_).toHaveLength(1);
  expect(r.out.stdout).toHaveLength(1);
  return r.out.json_[0];
}

describe('under --json, a replay to before anything was recorded', () => {
  it('kb status gives [] on stdout and the note on stderr', async () => {
    const r = await kb('status', '--recorded-at', EARLY, '--json');
    expect(r.code).toBe(0);
    expect(oneDocument(r)).toEqual([]);
    expect(r.out.stderr).toEqual([noteLine()]);
  });

  it('kb timeline gives its empty steps on stdout and the note on stderr', async () => {
    const r = await kb('timeline', 'Khorog', '--recorded-at', EARLY, '--json');
    expect(r.code).toBe(0);
    const json = oneDocument(r) as { world: unknown[]; publication: unknown[] };
    expect([json.world, json.publication]).toEqual([[], []]);
    expect(r.out.stderr).toEqual([noteLine()]);
  });

  it('kb sources gives its empty ledger on stdout and the note on stderr', async () => {
    const r = await kb('sources', '--recorded-at', EARLY, '--json');
    expect(r.code).toBe(0);
    expect(oneDocument(r)).toEqual({ outlets: [], claimants: [] });
    expect(r.out.stderr).toEqual([noteLine()]);
  });

  it('kb demo gives its empty overview and khorog null on stdout and the note on stderr', async () => {
    const r = await demoStore.kb('demo', '--recorded-at', EARLY, '--json');
    expect(r.code).toBe(0);
    const json = oneDocument(r) as { overview: unknown[]; khorog: unknown };
    expect([json.overview, json.khorog]).toEqual([[], null]);
    const events = (await demoStore.kb('log', '--limit', '1', '--json')).out.json_[0] as {
      recordedAt: string;
    }[];
    expect(r.out.stderr).toEqual([
      `kb: note: Nothing had been recorded by then: the first event was recorded at ${events[0]!.recordedAt}.`,
    ]);
  });

  it('kb timeline of a mission recorded after the cutoff says when it was, on stderr', async () => {
    const text = await kb('timeline', 'Kulob', '--recorded-at', demoOnly);
    const said =
      /^Nothing about tj-kulob-consulate had been recorded by then: the mission was recorded at \S+Z\.$/m;
    expect(text.text).toMatch(said);
    const r = await kb('timeline', 'Kulob', '--recorded-at', demoOnly, '--json');
    expect(r.code).toBe(0);
    const json = oneDocument(r) as { world: unknown[]; publication: unknown[] };
    expect([json.world, json.publication]).toEqual([[], []]);
    const line = said.exec(text.text)![0];
    expect(r.out.stderr).toEqual([`kb: note: ${line}`]);
  });

  it('says nothing on stderr when something had been recorded', async () => {
    for (const args of [['status'], ['timeline', 'Khorog'], ['sources']]) {
      const r = await kb(...args, '--recorded-at', first, '--json');
      expect(r.out.stderr, args.join(' ')).toEqual([]);
    }
  });
});
