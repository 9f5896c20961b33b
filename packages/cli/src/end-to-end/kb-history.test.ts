// Later records about claims already held (a retraction, a correction, a report's revision) and
// what an auditor then sees: the knowledge base as it stood before them, and a trace that names each, on a knowledge
// base `kb demo` built for this file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase, type MissionJson } from '../testing/cli-test-kit.js';

const base = demoKnowledgeBase('kb-history-');
const { kb } = base;

describe('kb after a retraction and a correction', () => {
  it("an auditor's replay to a recorded time still shows a claim retracted since", async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const file = join(base.dir, 'retraction.ndjson');
    writeFileSync(
      file,
      `${JSON.stringify({ type: 'retraction', claim: 'diplomat-2023-03-khorog-visit', reason: 'test: withdrawn' })}\n`,
    );
    expect((await kb('ingest', file)).code).toBe(0);
    const now = await kb('mission', 'Khorog', '--json');
    const asNow = now.out.json_[0] as MissionJson & { retractedAccounts: MissionJson['accounts'] };
    expect(asNow.accounts.map((a) => a['claimId'])).not.toContain('diplomat-2023-03-khorog-visit');
    const visitNow = asNow.retractedAccounts.find((a) => a['claimId'] === 'diplomat-2023-03-khorog-visit');
    expect(visitNow?.['retracted']).toMatchObject({ reason: 'test: withdrawn' });
    const text = await kb('mission', 'Khorog');
    expect(text.text).toMatch(
      /Retracted by their sources[\s\S]*diplomat-2023-03-khorog-visit[\s\S]*\(RETRACTED\)[\s\S]*retracted {3}test: withdrawn — /,
    );
    const then = await kb('mission', 'Khorog', '--recorded-at', before, '--json');
    const asThen = then.out.json_[0] as MissionJson;
    expect(asThen.status).toBe('contested');
    expect(
      asThen.accounts.find((a) => a['claimId'] === 'diplomat-2023-03-khorog-visit')?.['retracted'],
    ).toBeNull();
    const empty = await kb('mission', 'Khorog', '--recorded-at', '2020-01-01');
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(/as it stood at 2020-01-01 /);
  });

  it('trace names the report that carries a retraction and lists a correction field by field', async () => {
    const file = join(base.dir, 'later.ndjson');
    const records = [
      {
        type: 'retraction',
        claim: 'diplomat-2023-03-ashgabat-handover',
        reason: 'test: the outlet withdrew it',
        source: { outlet: 'Tolo News', published: '2023-04-02', url: 'https://tolonews.com/x' },
        quote: 'We withdraw the report.',
      },
      {
        type: 'correction',
        claim: 'diplomat-2023-03-ashgabat-handover',
        changes: { occurred: '2022-04', via: [{ name: 'Eurasianet', relation: 'cites' }] },
        reason: 'test: misread the month',
        by: 'analyst-1',
      },
    ];
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    expect((await kb('ingest', file)).code).toBe(0);
    const t = await kb('trace', 'diplomat-2023-03-ashgabat-handover');
    expect(t.code).toBe(0);
    const text = t.text.replace(/\n {16}/g, ' '); // the wrapped lines of one field, joined
    expect(text).toMatch(
      /retracted +\S+ \(position \d+, ingest run ingest-\S+\): test: the outlet withdrew it: “We withdraw the report\.” \(Tolo News, published 2023-04-02, https:\/\/tolonews\.com\/x\)/,
    );
    expect(text).toMatch(
      /corrected +\S+ \(position \d+, ingest run ingest-\S+\): test: misread the month \(by analyst-1\) occurred: 2022-03 \[2022-03-01\.\.2022-03-31\] → 2022-04 \[[^\]]+\] via: \(none\) → \[cites Eurasianet\]$/m,
    );
    const json = JSON.parse((await kb('trace', 'diplomat-2023-03-ashgabat-handover', '--json')).text) as {
      retractions: { report: unknown }[];
      corrections: { after: object }[];
    };
    expect(json.retractions[0]?.report).toEqual({
      sourceId: 'tolo-news',
      outlet: 'Tolo News',
      url: 'https://tolonews.com/x',
      published: { text: '2023-04-02', earliest: '2023-04-02', latest: '2023-04-02', anchor: null },
      revisions: [],
    });
    // The correction named no credibility, so it changes none.
    expect(Object.keys(json.corrections[0]?.after ?? {})).toEqual(['occurred', 'via']);
  });

  it("trace shows a revision of the claim's report, with the date it replaced", async () => {
    const claim = 'diplomat-2023-03-termez-takeover';
    const before = JSON.parse((await kb('trace', claim, '--json')).text) as { report: { id: string } };
    const day = { text: '2023-03-29', earliest: '2023-03-29', latest: '2023-03-29', anchor: null };
    const revision = {
      type: 'event',
      event: {
        type: 'ReportRevised',
        data: {
          reportId: before.report.id,
          changes: { published: day },
          reason: 'test: it went out a day late',
        },
      },
    };
    const file = join(base.dir, 'revision.ndjson');
    writeFileSync(file, `${JSON.stringify(revision)}\n`);
    expect((await kb('ingest', file)).code).toBe(0);
    const text = (await kb('trace', claim)).text.replace(/\n {16}/g, ' ');
    // The header says the date is not the one captured (kb trace marks a revised value with the recorded one).
    expect(text).toMatch(/^ {2}published +2023-03-29 \(revised; recorded as 2023-03-28\)$/m);
    expect(text).toMatch(
      /^ {2}revised +\S+ \(position \d+, ingest run ingest-\S+\): the report: test: it went out a day late published: 2023-03-28 → 2023-03-29$/m,
    );
    // The position and run are the revision's own, as --json gives them.
    const after = JSON.parse((await kb('trace', claim, '--json')).text) as {
      report: { revisions: { position: number; ingestRunId: string; recordedAt: string }[] };
    };
    const [r] = after.report.revisions;
    expect(text).toContain(
      `revised       ${r!.recordedAt} (position ${r!.position}, ingest run ${r!.ingestRunId}):`,
    );
  });
});

describe('kb status before anything was recorded', () => {
  it('says when the first event was recorded, under an empty overview', async () => {
    const first = (await kb('log', '--limit', '1', '--json')).out.json_[0] as { recordedAt: string }[];
    const early = await kb('status', '--recorded-at', '2001-01-01');
    expect(early.code).toBe(0);
    expect(early.text).toBe(
      'Missions (all world time; every report; as the knowledge base stood at 2001-01-01): 0\n(none)\n' +
        `Nothing had been recorded by then: the first event was recorded at ${first[0]?.recordedAt}.`,
    );
    // Empty for another reason (nothing contested by the world date), it says nothing of the first event.
    const none = await kb(
      'status',
      '--recorded-at',
      first[0]!.recordedAt,
      '--at',
      '2000-01-01',
      '--contested',
    );
    expect(none.text).toMatch(/: 0\n\(none\)$/);
    expect(none.text).not.toContain('Nothing had been recorded');
  });
});
