// kb trace --recorded-at says which moment it shows, in the text and in --json, and what the log
// recorded about the claim after it: a trace cut before a retraction is not the trace of a claim
// nobody retracted.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-trace-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const CLAIM = 'bonn-republic';

/** When the claim alone had been recorded, and when everything had. */
let beforeRetraction = '';
let afterAll_ = '';

const ingest = (name: string, records: object[]) => ingestStage(store, dir, name, records);

/** A Bonn consulate claim by Republic diplomats in an Alpha News report of 2023-05-10. */
function bonnClaim(id: string, url: string, quote = 'Still Republic.') {
  return {
    id,
    mission: { country: 'Germany', city: 'Bonn', kind: 'consulate-general' },
    kind: 'control',
    stance: 'asserts',
    controller: 'republic',
    occurred: '2023-05',
    claimant: 'Republic diplomats',
    source: { outlet: 'Alpha News', url, published: '2023-05-10' },
    quote,
  };
}

beforeAll(async () => {
  beforeRetraction = await ingest('claim.ndjson', [
    bonnClaim(CLAIM, 'https://alpha.example/a1', 'The consulate remains in the hands of Republic diplomats.'),
  ]);
  afterAll_ = await ingest('later.ndjson', [
    {
      type: 'retraction',
      claim: CLAIM,
      reason: 'Alpha News withdrew the report',
      source: { outlet: 'Alpha News', url: 'https://alpha.example/r', published: '2024-03-01' },
    },
    {
      type: 'correction',
      claim: CLAIM,
      changes: { occurred: '2023-06' },
      reason: 'misread',
      by: 'analyst',
    },
  ]);
});

interface TraceJson {
  query: {
    recordedAt: string | null;
    recordedBy: string | null;
    notShown: Record<string, number> | null;
  };
  retractions: unknown[];
}

describe('kb trace --recorded-at', () => {
  it('names the moment in the text and says what was recorded after it', async () => {
    const cut = (await kb('trace', CLAIM, '--recorded-at', beforeRetraction)).text;
    expect(cut.split('\n')[1]).toBe(`Replayed to: as the knowledge base stood at ${beforeRetraction}`);
    expect(cut).not.toContain('Later events');
    expect(cut.replace(/\n/g, ' ')).toContain(
      `Events recorded after ${beforeRetraction} are not shown: 1 retraction, 1 correction (kb trace ${CLAIM} without --recorded-at shows them).`,
    );
    const whole = (await kb('trace', CLAIM)).text;
    expect(whole.split('\n')[1]).toBe('Replayed to: everything recorded so far');
    expect(whole).toContain('Later events');
    expect(whole).not.toContain('are not shown');
    const late = (await kb('trace', CLAIM, '--recorded-at', afterAll_)).text;
    expect(late.replace(/\n/g, ' ')).toContain(`Nothing about this claim was recorded after ${afterAll_}:`);
    // A day means its end, and the text says which instant that is.
    const today = beforeRetraction.slice(0, 10);
    const day = (await kb('trace', CLAIM, '--recorded-at', today)).text;
    expect(day.split('\n')[1]).toBe(
      `Replayed to: as the knowledge base stood at ${today} (events recorded by ${today}T23:59:59.999Z)`,
    );
  });

  it('carries the moment and what it left out in --json as query', async () => {
    const cut = (await kb('trace', CLAIM, '--recorded-at', beforeRetraction, '--json')).out
      .json_[0] as TraceJson;
    expect(cut.query).toEqual({
      recordedAt: beforeRetraction,
      recordedBy: beforeRetraction,
      notShown: {
        retractions: 1,
        corrections: 1,
        assessments: 0,
        reportRevisions: 0,
        grades: 0,
        responses: 0,
        responseRetractions: 0,
        responseCorrections: 0,
      },
    });
    expect(cut.retractions).toEqual([]);
    const whole = (await kb('trace', CLAIM, '--json')).out.json_[0] as TraceJson;
    expect(whole.query).toEqual({ recordedAt: null, recordedBy: null, notShown: null });
    expect(whole.retractions).toHaveLength(1);
  });
});

describe('kb trace --prov --recorded-at', () => {
  it('names the cutoff in the PROV document and counts what it does not show', async () => {
    const cut = (await kb('trace', CLAIM, '--prov', '--recorded-at', beforeRetraction)).out.json_[0] as {
      entity: Record<string, Record<string, unknown>>;
    };
    expect(cut.entity[`kb:trace/${CLAIM}`]).toMatchObject({
      'prov:label': `Replayed to: as the knowledge base stood at ${beforeRetraction}`,
      'kb:recordedAt': beforeRetraction,
      'kb:recordedBy': { $: beforeRetraction, type: 'xsd:dateTime' },
      'kb:notShown': 2,
      'kb:notShownRetractions': 1,
      'kb:notShownCorrections': 1,
    });
    const whole = (await kb('trace', CLAIM, '--prov')).out.json_[0] as typeof cut;
    expect(whole.entity[`kb:trace/${CLAIM}`]).toMatchObject({
      'prov:label': 'Replayed to: everything recorded so far',
    });
    expect(whole.entity[`kb:trace/${CLAIM}`]?.['kb:recordedAt']).toBeUndefined();
  });
});

describe('kb trace and a revision of the retraction’s report', () => {
  it('shows the revision in the trace, and counts it as not shown before it was recorded', async () => {
    const before = (await kb('trace', CLAIM, '--json')).out.json_[0] as {
      retractions: { reportId: string }[];
    };
    await ingest('revise.ndjson', [
      {
        type: 'event',
        event: {
          type: 'ReportRevised',
          data: {
            reportId: before.retractions[0]?.reportId,
            changes: {
              published: { text: '2024-04-01', earliest: '2024-04-01', latest: '2024-04-01', anchor: null },
            },
            reason: 'the notice went out in April',
          },
        },
      },
    ]);
    const whole = (await kb('trace', CLAIM)).text.replace(/\s+/g, ' ');
    expect(whole).toContain("the retraction's report (Alpha News): the notice went out in April");
    expect(whole).toContain('published: 2024-03-01 → 2024-04-01');
    const cut = (await kb('trace', CLAIM, '--recorded-at', afterAll_)).text;
    expect(cut.replace(/\n/g, ' ')).toContain(
      `Events recorded after ${afterAll_} are not shown: 1 revision of a report (kb trace ${CLAIM} without --recorded-at shows them).`,
    );
  });
});

describe('kb trace: later events', () => {
  it('lists events recorded in one batch in log order', async () => {
    const own = join(dir, 'order.sqlite');
    const file = (name: string, records: object[]) => {
      const path = join(dir, name);
      writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
      return path;
    };
    const claim = bonnClaim('order-claim', 'https://alpha.example/o1');
    expect((await kbOn(own, 'ingest', file('order-claim.ndjson', [claim]))).code).toBe(0);
    // One batch, one recorded time: the correction is written before the retraction.
    const later = file('order-later.ndjson', [
      {
        type: 'correction',
        claim: 'order-claim',
        changes: { occurred: '2023-06' },
        reason: 'misread',
        by: 'analyst',
      },
      { type: 'retraction', claim: 'order-claim', reason: 'withdrawn' },
    ]);
    expect((await kbOn(own, 'ingest', later)).code).toBe(0);
    const text = (await kbOn(own, 'trace', 'order-claim')).text;
    const section = text.slice(text.indexOf('Later events'));
    const positions = [...section.matchAll(/\(position (\d+)/g)].map((m) => Number(m[1]));
    expect(positions.length).toBe(2);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(section.indexOf('corrected')).toBeLessThan(section.indexOf('retracted'));
  });
});

describe('kb trace: assessments', () => {
  it('gives the day each assessment was made, which decides where it counts under --known-at', async () => {
    const own = join(dir, 'assessed.sqlite');
    const path = join(dir, 'assessed.ndjson');
    const assessed = (assessedOn: string | null, credibility: number) => ({
      type: 'event',
      event: {
        type: 'ClaimAssessed',
        data: {
          claimId: 'assessed-claim',
          credibility,
          likelihood: null,
          rationale: 'doubtful',
          assessedBy: 'auditor',
          assessedOn,
        },
      },
    });
    const records = [
      bonnClaim('assessed-claim', 'https://alpha.example/s1'),
      assessed('2023-06-01', 5),
      assessed(null, 4),
    ];
    writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const run = await kbOn(own, 'ingest', path);
    expect(run.code, run.text + run.err).toBe(0);
    const text = (await kbOn(own, 'trace', 'assessed-claim')).text;
    expect(text).toContain('credibility 5 by auditor, made 2023-06-01: doubtful');
    expect(text).toContain('credibility 4 by auditor, undated: doubtful');
    // The latest one recorded gives the credibility in force, which the header shows.
    expect(text).toMatch(/^ {2}credibility +4 \(assessed, undated, by auditor; recorded as 6\)$/m);
  });
});

describe('kb trace: an unknown id', () => {
  it('lists the first 5 claims whose id starts with what was typed, from 3 characters on, and how many more', async () => {
    const own = join(dir, 'prefix.sqlite');
    const path = join(dir, 'prefix.ndjson');
    const ids = Array.from({ length: 7 }, (_, i) => `zeta-0${i + 1}`);
    const records = ids.map((id) => bonnClaim(id, `https://alpha.example/${id}`));
    writeFileSync(path, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect((await kbOn(own, 'ingest', path)).code).toBe(0);
    const three = await kbOn(own, 'trace', 'zet');
    expect(three.code).toBe(1);
    const line = /claims whose id starts with "zet": (.*)$/m.exec(three.err);
    expect(line, three.err).not.toBeNull();
    const [listed, more] = line![1]!.split(' and ');
    const shown = listed!.split(', ');
    expect(shown).toHaveLength(5);
    expect(shown.every((id) => ids.includes(id))).toBe(true);
    expect(more).toBe('2 more');
    // Two characters are too few to list claims by.
    const two = await kbOn(own, 'trace', 'ze');
    expect(two.code).toBe(1);
    expect(two.err).toContain('no claim "ze" in the knowledge base');
    expect(two.err).not.toContain('starts with');
  });
});
