// kb mission --known-at K names what the cut leaves out only because a report was possibly, not
// certainly, published by K (its date straddles K), rather than leave it out without a word: an
// account, so a contested mission does not read as one account, and a retraction, so a claim its
// own source may already have withdrawn does not read as standing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const { dir } = testFolder('kb-mission-possibly-');
const store = join(dir, 'kb.sqlite');
const kb = (...args: string[]) => kbOn(store, ...args);

const PLACE = { country: 'Canada', city: 'Calgary', kind: 'consulate' };
const MISSION_ID = 'canada-calgary-consulate';
const claim = (id: string, controller: string, outlet: string, published: string) =>
  JSON.stringify({
    id,
    mission: PLACE,
    kind: 'control',
    stance: 'asserts',
    controller,
    occurred: '2023-02',
    claimant: `${controller} spokesman`,
    source: { outlet, url: `https://${outlet.toLowerCase().replace(/ /g, '')}.example/${id}`, published },
    quote: `${id} says so.`,
  });

beforeAll(async () => {
  const file = join(dir, 'records.ndjson');
  writeFileSync(
    file,
    `${[
      // Certainly published by 2023-03-15.
      claim('p-rep', 'republic', 'Alpha News', '2023-03-01'),
      // Published in March 2023: possibly by the 15th, not certainly.
      claim('p-tal', 'taliban', 'Beta Times', '2023-03'),
      // Certainly published by the 15th, withdrawn by a report of March 2023.
      claim('p-rep2', 'republic', 'Gamma Daily', '2023-03-02'),
      JSON.stringify({
        type: 'retraction',
        claim: 'p-rep2',
        reason: 'withdrawn',
        source: { outlet: 'Gamma Daily', url: 'https://gammadaily.example/withdrawn', published: '2023-03' },
        quote: 'We withdraw it.',
      }),
      // Certainly published after the 15th: left out, as it should be, and not named.
      claim('p-late', 'taliban', 'Delta Post', '2023-04'),
    ].join('\n')}\n`,
  );
  const ingest = await kb('ingest', file);
  if (ingest.code !== 0) throw new Error(`ingest failed with ${ingest.code}: ${ingest.text}\n${ingest.err}`);
});

describe('kb mission --known-at, a report possibly published by then', () => {
  it('names the account and the retraction the cut leaves out, in the text', async () => {
    const cut = await kb('mission', 'Calgary', '--known-at', '2023-03-15');
    expect(cut.code).toBe(0);
    // The answer alone: an undisputed republic, p-rep2 standing.
    expect(cut.text).toContain('Status: UNDISPUTED — controller: republic');
    const text = cut.text.replace(/\n/g, ' ');
    expect(text).toContain(
      'Possibly published by 2023-03-15 but not counted: the account p-tal (report published 2023-03 [2023-03-01..2023-03-31]), and the retraction of p-rep2 (retraction published 2023-03 [2023-03-01..2023-03-31]), as --known-at counts only reports certainly published by then. With no --known-at they count (kb mission canada-calgary-consulate).',
    );
    // Wrapped at 100, as the note on reports of unknown publication is.
    for (const line of cut.text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text).not.toContain('p-late');
    expect(text).not.toContain('Not counted under --known-at');
    // With no publication cut both count: contested, p-rep2 retracted, nothing to say.
    const uncut = await kb('mission', 'Calgary');
    expect(uncut.text).toContain('Status: CONTESTED');
    expect(uncut.text).not.toContain('Possibly published by');
    // Once March is over, the reports are certainly published and counted: nothing to say.
    expect((await kb('mission', 'Calgary', '--known-at', '2023-03-31')).text).not.toContain(
      'Possibly published by',
    );
  });

  it('lists them in --json as possiblyPublished, empty without --known-at', async () => {
    const json = (await kb('mission', 'Calgary', '--known-at', '2023-03-15', '--json')).out.json_[0] as {
      possiblyPublished: {
        accounts: { claimId: string; reportId: string; published: { text: string } }[];
        retractions: { claimId: string; reportId: string; published: { text: string } }[];
      };
      unknownPublication: unknown;
      accounts: { claimId: string }[];
    };
    const march = { text: '2023-03', earliest: '2023-03-01', latest: '2023-03-31', anchor: null };
    expect(json.possiblyPublished.accounts).toEqual([
      { claimId: 'p-tal', reportId: expect.any(String), published: march },
    ]);
    expect(json.possiblyPublished.retractions).toEqual([
      { claimId: 'p-rep2', reportId: expect.any(String), published: march },
    ]);
    expect(json.possiblyPublished.accounts[0]!.reportId).not.toBe(
      json.possiblyPublished.retractions[0]!.reportId,
    );
    expect(json.unknownPublication).toEqual({ accounts: [], retractions: [] });
    expect(json.accounts.map((a) => a.claimId).sort()).toEqual(['p-rep', 'p-rep2']);
    const uncut = (await kb('mission', MISSION_ID, '--json')).out.json_[0] as { possiblyPublished: unknown };
    expect(uncut.possiblyPublished).toEqual({ accounts: [], retractions: [] });
  });
});
