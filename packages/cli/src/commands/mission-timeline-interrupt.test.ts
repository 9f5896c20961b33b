// Ctrl-C (or SIGTERM) while `kb mission` or `kb timeline` brings the read models up to date before
// answering: the real kb in a child process, held in its catch-up by a slowed statement and sent the
// signal there. Before, the signal's default action ended kb mid-bar with no word (the child was
// killed by the signal); now kb stops between two chunks as the other read commands do, says what the
// read models kept, and exits 130. The store and the read models verify afterwards, and the next run
// answers exactly as an uninterrupted one does on a copy of the store taken before the signal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { interruptedKb, slowing } from '../testing/slowed-statement.js';

const { dir } = testFolder('kb-mission-timeline-interrupt-');

const PLACES = [
  { country: 'Uzbekistan', city: 'Termez', kind: 'consulate' },
  { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
  { country: 'Turkmenistan', city: 'Mary', kind: 'consulate' },
];

/** Claim `i`, over the three places, on days through March 2023. */
const claim = (i: number) =>
  JSON.stringify({
    id: `mt-stop-${i}`,
    mission: PLACES[i % PLACES.length],
    kind: 'statement',
    stance: 'asserts',
    controller: i % 5 === 0 ? 'republic' : 'taliban',
    occurred: `2023-03-${String((i % 28) + 1).padStart(2, '0')}`,
    claimant: `A spokesman ${i % 11}`,
    source: { outlet: 'The Diplomat', published: '2023-03-29' },
    quote: `statement number ${i}`,
  });

/** More events than one of a first catch-up's ranges (5,000 positions each). */
const FIRST = 7_500;
/** Enough for a few of a later catch-up's chunks (1,000 events each). */
const MORE = 3_500;

const inputs = { first: join(dir, 'first.ndjson'), more: join(dir, 'more.ndjson') };
beforeAll(() => {
  const lines = (from: number, to: number) =>
    `${Array.from({ length: to - from }, (_, i) => claim(from + i)).join('\n')}\n`;
  writeFileSync(inputs.first, lines(0, FIRST));
  writeFileSync(inputs.more, lines(FIRST, FIRST + MORE));
});

/** kb ingest of `input` into `path`, which leaves the read models where they were. */
async function ingest(path: string, input: string): Promise<void> {
  const run = await kbOn(path, 'ingest', input, '--batch-size', '5000');
  expect(run.code, run.err).toBe(0);
}

/** The read models' checkpoint (null for none, or no read models yet) and the log's head, read beside kb. */
function stored(path: string): { checkpoint: number | null; head: number } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    // A store only ingested into has no read models yet: no rm_meta at all.
    const built = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'rm_meta'").get() !== undefined;
    const checkpoint = built
      ? (db.prepare("SELECT value FROM rm_meta WHERE key = 'checkpoint'").pluck().get() as string | undefined)
      : undefined;
    const head = db.prepare('SELECT last_position FROM head').pluck().get() as number;
    return { checkpoint: checkpoint === undefined ? null : Number(checkpoint), head };
  } finally {
    db.close();
  }
}

/** A copy of the file at `path` as it is now, for an uninterrupted run to answer from. */
async function copyOf(path: string, name: string): Promise<string> {
  const copy = join(dir, `${name}.sqlite`);
  const source = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(copy);
  } finally {
    source.close();
  }
  return copy;
}

// A first catch-up goes the rebuild's way, range by range, each range's look-up of its first
// position taking 400 ms here; a later one goes chunk by chunk, each chunk's checkpoint taking 400 ms.
const slowRanges = () => slowing(dir, 'ranges', 'SELECT min(position) FROM events WHERE position >', 400);
const slowChunks = () => slowing(dir, 'chunks', "DELETE FROM rm_meta WHERE key = 'checkpoint_hash'", 400);

const cases = [
  { command: 'mission', signal: 'SIGINT', catchUp: 'first' },
  { command: 'timeline', signal: 'SIGTERM', catchUp: 'first' },
  { command: 'mission', signal: 'SIGTERM', catchUp: 'later' },
  { command: 'timeline', signal: 'SIGINT', catchUp: 'later' },
] as const;

describe('Ctrl-C while kb mission or kb timeline catches up the read models', () => {
  it.each(cases)(
    'kb $command on $signal during a $catchUp catch-up stops between chunks, says what was kept, exits 130, and the next run answers as an uninterrupted one',
    async ({ command, signal, catchUp }) => {
      const path = join(dir, `${command}-${catchUp}.sqlite`);
      await ingest(path, inputs.first);
      if (catchUp === 'later') {
        expect((await kbOn(path, 'status')).code).toBe(0);
        await ingest(path, inputs.more);
      }
      const before = stored(path);
      expect(before.checkpoint ?? 0).toBeLessThan(before.head);
      const reference = await copyOf(path, `${command}-${catchUp}-reference`);
      const args = [command, 'Termez', '--store', path];

      const run = await interruptedKb(args, catchUp === 'first' ? slowRanges() : slowChunks(), signal);
      expect(run.sent).toBe(true);
      expect({ code: run.code, signal: run.signal }, run.stderr).toEqual({ code: 130, signal: null });
      // The line names what the read models kept: a checkpoint past where they were, short of the head.
      const left = stored(path);
      expect(left.checkpoint).not.toBeNull();
      expect(left.checkpoint!).toBeGreaterThan(before.checkpoint ?? 0);
      expect(left.checkpoint!).toBeLessThan(left.head);
      expect(run.stderr).toContain(
        `kb: ${signal}: kb ${command} interrupted. The log was not changed; the read models, which it was bringing up to date, keep the events applied so far (up to position ${left.checkpoint}, each chunk committed with its checkpoint), and the next command goes on from there\n`,
      );
      // Stopped before it answered.
      expect(run.stdout).toBe('');

      const verified = await kbOn(path, 'verify');
      expect(verified.code, verified.err).toBe(0);
      const models = await kbOn(path, 'verify', '--read-models', '--json');
      expect(models.code, models.err).toBe(0);
      expect(models.out.json_[0]).toMatchObject({ ok: true, readModels: { ok: true, state: 'checked' } });

      const again = await kbOn(path, command, 'Termez');
      const uninterrupted = await kbOn(reference, command, 'Termez');
      expect(uninterrupted.code, uninterrupted.err).toBe(0);
      expect(again.code, again.err).toBe(0);
      expect(again.text).toBe(uninterrupted.text);
      expect(again.text).toContain('uz-termez-consulate');
      expect(stored(path).checkpoint).toBe(left.head);
    },
    120_000,
  );
});

// The answer itself is one stretch of work with no pause in it, through which a listener would only
// hold the signal: the listeners are gone by then, and the signal's default action ends kb at once.
describe('Ctrl-C while kb mission or kb timeline works out its answer', () => {
  it.each(['mission', 'timeline'] as const)(
    'kb %s is ended by the signal itself, at once, with no line of its own and no answer',
    async (command) => {
      const path = join(dir, `${command}-answering.sqlite`);
      await ingest(path, inputs.more);
      // The read models caught up: nothing is left to do before the answer.
      expect((await kbOn(path, 'status')).code).toBe(0);
      // Each row of the claims the answer reads takes 300 ms: minutes in all, were it not ended.
      const run = await interruptedKb(
        [command, 'Termez', '--store', path],
        slowing(dir, `answer-${command}`, 'FROM rm_claims', 300),
      );
      expect(run.sent).toBe(true);
      expect({ code: run.code, signal: run.signal }, run.stderr).toEqual({ code: null, signal: 'SIGINT' });
      expect(run.stderr).not.toContain('interrupted');
      expect(run.stdout).toBe('');
      const models = await kbOn(path, 'verify', '--read-models', '--json');
      expect(models.code, models.err).toBe(0);
    },
    120_000,
  );
});
