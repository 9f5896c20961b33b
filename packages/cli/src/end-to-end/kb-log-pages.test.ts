// kb log a page at a time: the footer's count of what was shown, and the next page's command, which
// keeps the filters of the page it follows, so that run as printed it lists only what they match. On
// a knowledge base `kb demo` built for this file, with a retraction ingested after it: one claim's
// stream then holds two events, and an event of another type follows the last claim recorded.
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture, demoKnowledgeBase, ingestStage } from '../testing/cli-test-kit.js';

const base = demoKnowledgeBase('kb-log-pages-');
const { kb } = base;
beforeAll(async () => {
  await ingestStage(base.store, base.dir, 'retraction.ndjson', [
    { type: 'retraction', claim: 'diplomat-2023-03-khorog-visit', reason: 'test: a second event' },
  ]);
});

interface LoggedEvent {
  position: number;
  type: string;
  stream: string;
  metadata: { ingestRunId?: string };
}

/** The command the footer offers for the next page, as words (without `kb`), and where it starts. */
function nextPage(text: string): { readonly next: number; readonly line: string; readonly argv: string[] } {
  const match = /; more from position (\d+): (kb log [^\n]*)$/.exec(text);
  if (match === null) throw new Error(`no next page in:\n${text}`);
  const line = match[2]!;
  // Every word here is plain (no quotes): the store lives in a temporary folder, the names are slugs.
  expect(line).not.toMatch(/['"\\]/);
  return { next: Number(match[1]), line, argv: line.split(' ').slice(1) };
}

/** The rows of a text listing: position, type, stream and ingest run. */
function rows(text: string): { position: number; type: string; stream: string; run: string }[] {
  return [...text.matchAll(/^(\d+) +\S+ +(\w+) +(\S+) +(\S+)$/gm)].map((m) => ({
    position: Number(m[1]),
    type: m[2]!,
    stream: m[3]!,
    run: m[4]!,
  }));
}

/** Runs a command line as kb prints it (its store included). */
async function runAsPrinted(argv: string[]): Promise<{ code: number; text: string }> {
  const out = capture();
  const code = await run(argv, out);
  return { code, text: out.stdout.join('\n') };
}

describe('kb log, a page at a time', () => {
  it('counts a page of one event in the singular, naming its one position', async () => {
    const one = await kb('log', '--from', '5', '--limit', '1');
    expect(one.code).toBe(0);
    expect(rows(one.text).map((r) => r.position)).toEqual([5]);
    expect(one.text).toMatch(
      /\n\n1 event, position 5; more from position 6: kb log --from 6 --limit 1 --store \S+$/,
    );
    expect(one.text).not.toMatch(/1 events|positions/);
  });

  it('offers the next page of one type with --type kept, and that page lists only that type', async () => {
    const all = (await kb('log', '--limit', '100000', '--json')).out.json_[0] as LoggedEvent[];
    const claims = all.filter((e) => e.type === 'ClaimRecorded');
    expect(claims.length).toBeGreaterThan(4);
    // The retraction comes after the last claim: a next page that lost --type would list it too.
    expect(all.at(-1)!.type).toBe('ClaimRetracted');
    const from = claims.at(-4)!.position;

    const page = await kb('log', '--type', 'ClaimRecorded', '--from', String(from), '--limit', '3');
    expect(page.code).toBe(0);
    expect(rows(page.text).map((r) => r.position)).toEqual(claims.slice(-4, -1).map((e) => e.position));
    const { next, line, argv } = nextPage(page.text);
    expect(next).toBe(claims.at(-1)!.position);
    expect(line).toBe(`kb log --from ${next} --limit 3 --type ClaimRecorded --store ${base.store}`);

    const following = await runAsPrinted(argv);
    expect(following.code).toBe(0);
    expect(following.text).toMatch(/^Events of type ClaimRecorded, from position \d+:/);
    const listed = rows(following.text);
    expect(listed.map((r) => r.position)).toEqual([claims.at(-1)!.position]);
    expect(listed.every((r) => r.type === 'ClaimRecorded')).toBe(true);
    expect(following.text).toMatch(/nothing more matches\.$/);
  });

  it('keeps --stream and --run on the next page, which lists only what they match', async () => {
    const all = (await kb('log', '--limit', '100000', '--json')).out.json_[0] as LoggedEvent[];

    const stream = 'claim-diplomat-2023-03-khorog-visit';
    const inStream = all.filter((e) => e.stream === stream);
    expect(inStream).toHaveLength(2);
    const streamPage = await kb('log', '--stream', stream, '--limit', '1');
    const byStream = nextPage(streamPage.text);
    expect(byStream.line).toBe(
      `kb log --from ${inStream[1]!.position} --limit 1 --stream ${stream} --store ${base.store}`,
    );
    const streamNext = await runAsPrinted(byStream.argv);
    expect(streamNext.code).toBe(0);
    expect(rows(streamNext.text)).toEqual([
      expect.objectContaining({ position: inStream[1]!.position, stream }),
    ]);
    expect(streamNext.text).toMatch(/nothing more matches\.$/);

    const runId = all[0]!.metadata.ingestRunId!;
    const byThatRun = all.filter((e) => e.metadata.ingestRunId === runId);
    expect(byThatRun.length).toBeGreaterThan(4);
    expect(byThatRun.length).toBeLessThan(all.length);
    const runPage = await kb('log', '--run', runId, '--limit', '2');
    const byRun = nextPage(runPage.text);
    expect(byRun.line).toBe(
      `kb log --from ${byThatRun[2]!.position} --limit 2 --run ${runId} --store ${base.store}`,
    );
    const runNext = await runAsPrinted(byRun.argv);
    expect(runNext.code).toBe(0);
    const listed = rows(runNext.text);
    expect(listed.map((r) => r.position)).toEqual(byThatRun.slice(2, 4).map((e) => e.position));
    expect(listed.every((r) => r.run === runId)).toBe(true);
  });
});
