// What kb sources shows of claimants, as a user runs it: every spelling of one claimant, the outlets
// an account came through (via), the contradicted and denied counts each in its own column, on a
// knowledge base `kb demo` built for this file; and, on one built here, why an outlet has 0 claims
// under --at.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoKnowledgeBase, ingestStage, kbOn, testFolder } from '../testing/cli-test-kit.js';

const demo = demoKnowledgeBase('kb-analyst-sources-');

interface ClaimantJson {
  names: string[];
  via: string[];
  actorId: string | null;
  claims: unknown[];
  contradicted: number;
  denied: number;
  retracted: number;
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A claimant's row of the table, as a pattern: each cell in its column, in order. */
const rowOf = (c: ClaimantJson) =>
  new RegExp(
    `^${[
      escaped(c.names.join(' / ')),
      escaped(c.via.length > 0 ? c.via.join(' / ') : '-'),
      escaped(c.actorId ?? '-'),
      c.claims.length,
      c.contradicted,
      c.denied,
      c.retracted,
    ].join(' +')}$`,
    'm',
  );

// Two spellings the same actor is resolved from, at one mission, and a third mission's claim; every
// claim happened in 2022, so under --at 2021-01-01 the outlet counts none.
const folder = testFolder('kb-analyst-sources-own-');
const own = join(folder.dir, 'kb.sqlite');
const at = (id: string, city: string, country: string, claimant: string, controller: string) => ({
  id,
  mission: { country, city, kind: 'embassy' },
  kind: 'statement',
  stance: 'asserts',
  controller,
  occurred: '2022-05-01',
  claimant,
  source: { outlet: 'Asia Times', published: '2022-05-02' },
  quote: `q ${id}`,
});

beforeAll(async () => {
  await ingestStage(own, folder.dir, 'claims.ndjson', [
    at('n-1', 'Dushanbe', 'Tajikistan', 'Someone', 'unknown'),
    at('n-2', 'Tehran', 'Iran', 'Taliban', 'taliban'),
    at('n-3', 'Tehran', 'Iran', 'Islamic Emirate of Afghanistan', 'taliban'),
  ]);
});

describe('kb sources, the claimants table', () => {
  it('names a claimant by every spelling it was written in, joined by " / "', async () => {
    const r = await kbOn(own, 'sources');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/^Islamic Emirate of Afghanistan \/ Taliban +- +taliban +2 +0 +0 +0$/m);
  });

  it('gives the outlets an account came through in the via column', async () => {
    const r = await demo.kb('sources');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/^Afghan diplomatic source in Tajikistan +Eurasianet +- +1 /m);
    expect(r.text).toMatch(/^Embassy of Afghanistan in Tajikistan +Tolo News +- +1 /m);
  });

  it("gives each claimant's contradicted and denied counts in their own columns, as --json does", async () => {
    const text = (await demo.kb('sources')).text;
    const { claimants } = (await demo.kb('sources', '--json')).out.json_[0] as { claimants: ClaimantJson[] };
    // The embassy's denial contradicts the visit but is denied by no one: a row that tells them apart.
    const embassy = claimants.find((c) => c.names.includes('Embassy of Afghanistan in Tajikistan'))!;
    expect([embassy.contradicted, embassy.denied]).toEqual([1, 0]);
    expect(text).toMatch(/^Embassy of Afghanistan in Tajikistan +Tolo News +- +1 +1 +0 +0$/m);
    for (const c of claimants) expect(text, c.names.join(' / ')).toMatch(rowOf(c));
  });
});

describe('kb sources, an outlet of 0 claims', () => {
  it('says under --at that its reports may hold only claims that had not happened by then', async () => {
    const r = await kbOn(own, 'sources', '--at', '2021-01-01');
    expect(r.code).toBe(0);
    const text = r.text.replace(/\n/g, ' ');
    expect(text).toContain('0 claims: Asia Times is registered');
    expect(text).toContain(
      "a report may carry only a retraction (counted under the retracted claim's own outlet) or hold only claims that had not happened by --at 2021-01-01.",
    );
  });
});
