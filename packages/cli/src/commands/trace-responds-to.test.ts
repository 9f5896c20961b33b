// The claim a traced claim responds to is said where it stands as kb mission says it of an account:
// retracted, about another mission, or not in the knowledge base at R.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-responds-to-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const BONN = { country: 'Germany', city: 'Bonn', kind: 'consulate-general' };
const MUNICH = { country: 'Germany', city: 'Munich', kind: 'consulate-general' };

const claim = (id: string, mission: object, stance: string, respondsTo?: string) => ({
  id,
  mission,
  kind: 'visit',
  stance,
  controller: stance === 'asserts' ? 'republic' : 'unknown',
  occurred: '2023-05',
  claimant: 'Ministry',
  source: { outlet: 'Alpha News', url: `https://alpha.example/${id}`, published: '2023-05-10' },
  quote: `${id}.`,
  ...(respondsTo === undefined ? {} : { respondsTo }),
});

interface TraceJson {
  respondsToRecorded: boolean | null;
  respondsToTarget: { claimId: string; state: string; missionId: string | null } | null;
}

interface ProvJson {
  entity: Record<string, Record<string, unknown> | undefined>;
}

/** When the claims had been recorded, before the visit was retracted. */
let R = '';

beforeAll(async () => {
  R = await ingestStage(store, dir, 'first.ndjson', [
    claim('visit', BONN, 'asserts'),
    claim('deny', BONN, 'denies', 'visit'),
    claim('munich-visit', MUNICH, 'asserts'),
    claim('deny-elsewhere', BONN, 'denies', 'munich-visit'),
  ]);
  await ingestStage(store, dir, 'later.ndjson', [
    { type: 'retraction', claim: 'visit', reason: 'withdrawn' },
  ]);
});

const line = (text: string) => text.split('\n').find((l) => l.startsWith('  responds to'));

describe('kb trace: where the claim it responds to stands', () => {
  it('says a claim it responds to was retracted, in the text and --json, once it was', async () => {
    expect(line((await kb('trace', 'deny')).text)).toMatch(/^ {2}responds to +visit \(retracted\)$/);
    const json = (await kb('trace', 'deny', '--json')).out.json_[0] as TraceJson;
    expect(json.respondsToTarget).toEqual({
      claimId: 'visit',
      state: 'retracted',
      day: null,
      missionId: null,
    });
    expect(json.respondsToRecorded).toBe(true);
    // --prov says it on the trace entity, as the text does.
    const prov = (await kb('trace', 'deny', '--prov')).out.json_[0] as ProvJson;
    expect(prov.entity['kb:trace/deny']).toMatchObject({
      'kb:respondsTo': { $: 'kb:claim/visit', type: 'prov:QUALIFIED_NAME' },
      'kb:respondsToState': 'retracted',
    });
    const before = (await kb('trace', 'deny', '--prov', '--recorded-at', R)).out.json_[0] as ProvJson;
    expect(before.entity['kb:trace/deny']?.['kb:respondsToState']).toBe('listed');
    // As the knowledge base stood before the retraction: named bare.
    expect(line((await kb('trace', 'deny', '--recorded-at', R)).text)).toMatch(/^ {2}responds to +visit$/);
    // kb mission says the same of the denial's account.
    const mission = (await kb('mission', 'de-bonn-consulate-general')).text;
    expect(mission).toContain('visit (retracted: listed with the retracted accounts)');
  });

  it('says a claim it responds to is about another mission, as kb mission does', async () => {
    const expected = 'munich-visit (a claim about de-munich-consulate-general)';
    expect(line((await kb('trace', 'deny-elsewhere')).text)).toMatch(
      new RegExp(`^ {2}responds to +${expected.replace(/[()]/g, '\\$&')}$`),
    );
    expect((await kb('mission', 'de-bonn-consulate-general')).text).toContain(expected);
    const json = (await kb('trace', 'deny-elsewhere', '--json')).out.json_[0] as TraceJson;
    expect(json.respondsToTarget).toMatchObject({
      state: 'other-mission',
      missionId: 'de-munich-consulate-general',
    });
    const prov = (await kb('trace', 'deny-elsewhere', '--prov')).out.json_[0] as ProvJson;
    expect(prov.entity['kb:trace/deny-elsewhere']).toMatchObject({
      'kb:respondsToState': 'other-mission',
      'kb:respondsToMission': 'de-munich-consulate-general',
    });
  });

  it('has no target for a claim that responds to none', async () => {
    const json = (await kb('trace', 'visit', '--json')).out.json_[0] as TraceJson;
    expect(json.respondsToTarget).toBeNull();
    expect(line((await kb('trace', 'visit')).text)).toBeUndefined();
  });
});
