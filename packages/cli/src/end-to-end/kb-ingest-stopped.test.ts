// An ingest the store stops partway (here a file-size limit, as a full disk would): the real kb in
// a child process whose writes start failing past 1.5 MB. What the user is told must hold: the
// committed batches are kept and verify, a read still answers while there is no room, and running
// the same command again stores the rest.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ChildRun,
  demoKnowledgeBase,
  exampleLines,
  execChild,
  KB_BIN,
} from '../testing/cli-test-kit.js';

const base = demoKnowledgeBase('kb-ingest-stopped-');
const RECORDS = 3000;

const record = (i: number) =>
  JSON.stringify({
    id: `fill-${i}`,
    mission: 'tj-khorog-consulate',
    kind: 'visit',
    stance: 'asserts',
    controller: 'taliban',
    occurred: '2023-03-23',
    claimant: 'A spokesman',
    source: { outlet: 'The Diplomat', published: '2023-03-28' },
    quote: `${'a long statement '.repeat(50)}${i}`,
  });

/** kb with every file it writes limited to `kib` KiB; SIGXFSZ ignored, so a write past it fails. */
function kbLimited(kib: number, ...args: string[]): Promise<ChildRun> {
  const script = `trap '' XFSZ; ulimit -f ${kib}; exec "${process.execPath}" "$@"`;
  // status --json lists some 500 accounts of a kilobyte and more: past execFile's 1 MiB default.
  return execChild('bash', ['-c', script, 'kb', KB_BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
}

describe('kb ingest, stopped by the store', () => {
  it('says what it kept and how to go on, still answers reads without room, and the same command run again stores the rest', async () => {
    const input = join(base.dir, 'many.ndjson');
    // A line the demo already stored and a broken one first, then claims enough to outgrow the limit.
    const lines = [exampleLines()[0]!, '{not json', ...Array.from({ length: RECORDS }, (_, i) => record(i))];
    writeFileSync(input, `${lines.join('\n')}\n`);
    const before = statSync(base.store).size;
    const limit = Math.ceil(before / 1024) + 1024;
    const stopped = await kbLimited(limit, 'ingest', input, '--json', '--store', base.store);
    expect(stopped.code).toBe(1);
    const report = JSON.parse(stopped.stdout) as {
      stopped: string;
      records: number;
      added: number;
      skipped: number;
      rejectedLines: number;
      batches: number;
    };
    expect(report).toMatchObject({ skipped: 1, rejectedLines: 1 });
    expect(report.stopped).toMatch(/^append failed: /);
    const unwritten = report.records - report.added - report.skipped - report.rejectedLines;
    expect(unwritten).toBeGreaterThan(0);
    const kept =
      report.batches === 1
        ? 'The 1 batch committed before it is kept'
        : `The ${report.batches} batches committed before it are kept`;
    expect(stopped.stderr.trim()).toBe(
      `kb: ingest stopped by the store: ${report.stopped}. ${kept}; the last ${unwritten} records read were not written. Once that is fixed, run the same command again: what is already stored is skipped.`,
    );
    expect((await base.kb('verify')).code).toBe(0);

    // Still no room: the read models cannot take the new claims, and the answer comes all the same.
    const cramped = await kbLimited(40, 'status', '--json', '--store', base.store);
    expect(cramped.code, cramped.stderr).toBe(0);
    expect(cramped.stderr.trim()).toBe(
      `kb: the read models in ${base.store} could not be brought up to date (disk I/O error); this answers from the log folded in memory instead, which takes longer. Free some space and the next command updates them.`,
    );
    const roomy = await base.kb('status', '--json');
    expect(roomy.err).toBe('');
    expect(JSON.parse(cramped.stdout)).toEqual(roomy.out.json_[0]);

    const again = await base.kb('ingest', input, '--json');
    expect(again.code).toBe(3); // the broken line again
    expect(again.out.json_[0]).toMatchObject({
      added: RECORDS - report.added,
      skipped: report.added + 1,
      rejectedLines: 1,
    });
    expect((await base.kb('verify')).text).toMatch(/^ok: \d+ events checked/);
  });
});
