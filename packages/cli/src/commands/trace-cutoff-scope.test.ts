import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bonnVisit, ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-scope-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const ingest = (name: string, records: object[]) => ingestStage(store, dir, name, records);

const claim = bonnVisit;

/** When the visit, its denial, and a denial of a visit not yet recorded had been recorded. */
let R = '';

beforeAll(async () => {
  R = await ingest('first.ndjson', [
    claim('visit', 'asserts', 'https://alpha.example/1'),
    claim('deny', 'denies', 'https://alpha.example/2', 'visit'),
    claim('early-deny', 'denies', 'https://alpha.example/3', 'late-visit'),
  ]);
  await ingest('later.ndjson', [
    { type: 'retraction', claim: 'deny', reason: 'withdrawn' },
    {
      type: 'correction',
      claim: 'deny',
      changes: { quote: 'deny, as corrected.' },
      reason: 'misquoted',
      by: 'analyst',
    },
    claim('late-visit', 'asserts', 'https://alpha.example/4'),
  ]);
});

describe('kb trace --recorded-at: what its count covers', () => {
  it('counts a response retracted and corrected since, in the text, --json and --prov', async () => {
    const text = (await kb('trace', 'visit', '--recorded-at', R)).text.replace(/\s+/g, ' ');
    expect(text).not.toContain(`Nothing about this claim`);
    expect(text).toContain(
      `Events recorded after ${R} are not shown: 1 response retracted, 1 correction of a response (kb trace visit without --recorded-at shows them).`,
    );
    const json = (await kb('trace', 'visit', '--recorded-at', R, '--json')).out.json_[0] as {
      query: { notShown: Record<string, number> };
    };
    expect(json.query.notShown).toMatchObject({
      responses: 0,
      responseRetractions: 1,
      responseCorrections: 1,
    });
    const prov = (await kb('trace', 'visit', '--recorded-at', R, '--prov')).out.json_[0] as {
      entity: Record<string, Record<string, unknown>>;
    };
    expect(prov.entity['kb:trace/visit']).toMatchObject({
      'kb:notShown': 2,
      'kb:notShownResponses': 0,
      'kb:notShownResponseRetractions': 1,
      'kb:notShownResponseCorrections': 1,
    });
  });

  it('says what it does not count when nothing about the claim was recorded since', async () => {
    // The denial that responds to a claim recorded after R: nothing about it was recorded since.
    const text = (await kb('trace', 'early-deny', '--recorded-at', R)).text.replace(/\s+/g, ' ');
    expect(text).toContain(
      `Nothing about this claim was recorded after ${R}: no retraction, correction or assessment of it, revision of its report, grade of its outlet, new response to it, retraction or correction of one. Anything recorded since about the claim it responds to is not counted.`,
    );
  });

  it('says a claim it responds to was not in the knowledge base at R, as kb mission does', async () => {
    const cut = (await kb('trace', 'early-deny', '--recorded-at', R)).text;
    expect(cut).toMatch(/^ {2}responds to +late-visit \(not in the knowledge base\)$/m);
    const mission = (await kb('mission', 'de-bonn-consulate-general', '--recorded-at', R)).text;
    expect(mission).toContain('late-visit (not in the knowledge base)');
    const json = (await kb('trace', 'early-deny', '--recorded-at', R, '--json')).out.json_[0] as {
      respondsToRecorded: boolean | null;
    };
    expect(json.respondsToRecorded).toBe(false);
    // Once recorded, it is named bare.
    const whole = (await kb('trace', 'early-deny')).text;
    expect(whole).toMatch(/^ {2}responds to +late-visit$/m);
    const answered = (await kb('trace', 'deny', '--json')).out.json_[0] as typeof json;
    expect(answered.respondsToRecorded).toBe(true);
    const own = (await kb('trace', 'visit', '--json')).out.json_[0] as typeof json;
    expect(own.respondsToRecorded).toBeNull();
  });
});
