// Ctrl-C (or SIGTERM) during `kb rebuild`, as a user presses it: the real kb in a child process,
// held in its first range by a slowed statement (the look-up of the range's first position) and sent
// the signal there. Before, the signal's default action ended kb with no word (the child was killed
// by SIGINT); now kb stops between two ranges, says what the read models hold, and exits 130, and
// the next command goes on from there.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { interruptedKb, slowing } from '../testing/slowed-statement.js';

const { dir } = testFolder('kb-rebuild-interrupt-');
/** More events than three of a rebuild's ranges (5,000 positions each). */
const CLAIMS = 16_000;

const claim = (i: number) =>
  JSON.stringify({
    id: `rebuild-stop-${i}`,
    mission: { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' },
    kind: 'statement',
    stance: 'asserts',
    controller: 'taliban',
    occurred: '2023-03-23',
    claimant: `A spokesman ${i % 11}`,
    source: { outlet: 'The Diplomat', published: '2023-03-28' },
    quote: `statement number ${i}`,
  });

const input = join(dir, 'claims.ndjson');
beforeAll(() => {
  writeFileSync(input, `${Array.from({ length: CLAIMS }, (_, i) => claim(i)).join('\n')}\n`);
});

/** A store of its own with the claims in, its read models built. */
async function storeWithClaims(name: string): Promise<string> {
  const path = join(dir, `${name}.sqlite`);
  expect((await kbOn(path, 'ingest', input, '--batch-size', '5000')).code).toBe(0);
  return path;
}

/** The read models' checkpoint and the log's head, read beside kb. */
function stored(path: string): { checkpoint: number | null; head: number } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const checkpoint = db.prepare("SELECT value FROM rm_meta WHERE key = 'checkpoint'").pluck().get() as
      | string
      | undefined;
    const head = db.prepare('SELECT last_position FROM head').pluck().get() as number;
    return { checkpoint: checkpoint === undefined ? null : Number(checkpoint), head };
  } finally {
    db.close();
  }
}

// Each range's look-up of its first position takes 400 ms: the signal comes during the first range.
const slowRanges = () => slowing(dir, 'ranges', 'SELECT min(position) FROM events WHERE position >', 400);

describe('Ctrl-C during kb rebuild', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'on %s stops between ranges, says what the read models hold, exits 130, and the next command goes on',
    async (signal) => {
      const path = await storeWithClaims(`stopped-${signal}`);
      const run = await interruptedKb(['rebuild', '--store', path], slowRanges(), signal);
      expect(run.sent).toBe(true);
      expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
      // The line names what is committed: the read models' checkpoint, short of the log's head.
      const left = stored(path);
      expect(left.checkpoint).not.toBeNull();
      expect(left.checkpoint).toBeLessThan(left.head);
      expect(run.stderr).toContain(
        `kb: ${signal}: kb rebuild interrupted. The log was not changed; the read models hold its first ${left.checkpoint} of ${left.head} events (each range committed with its checkpoint): the next command that reads them goes on from there, or kb rebuild starts again from the first event\n`,
      );
      // No "rebuilt" line: it did not finish.
      expect(run.stdout).toBe('');

      // The next command goes on from there, and the read models are then those of a whole rebuild.
      const status = await kbOn(path, 'status');
      expect(status.code, status.err).toBe(0);
      expect(stored(path).checkpoint).toBe(left.head);
      const verified = await kbOn(path, 'verify', '--read-models', '--json');
      expect(verified.code, verified.err).toBe(0);
      expect(verified.out.json_[0]).toMatchObject({ ok: true, readModels: { ok: true, state: 'checked' } });
    },
  );

  it('a kb rebuild after an interrupted one starts again from the first event and finishes', async () => {
    const path = await storeWithClaims('again');
    const run = await interruptedKb(['rebuild', '--store', path], slowRanges());
    expect(run.code).toBe(130);
    const again = await kbOn(path, 'rebuild', '--json');
    expect(again.code, again.err).toBe(0);
    const { head } = stored(path);
    expect(again.out.json_[0]).toMatchObject({ processed: head, checkpoint: head });
    const verified = await kbOn(path, 'verify', '--read-models', '--json');
    expect(verified.out.json_[0]).toMatchObject({ ok: true, readModels: { ok: true, state: 'checked' } });
  });
});
