// Ctrl-C during `kb demo` (npm start) at each of its stages, as a user presses it: the real kb in a
// child process, held at a slowed statement of the stage and sent SIGINT there. Before: a signal
// during the ingest's one batch was lost (the ingest let go of its listeners before it was taken)
// and the demo answered, exit 0; one while catching up or answering ended kb with no word (killed
// by SIGINT). Now it says its ingest is kept, and what a catch-up kept, and exits 130, with no answer
// on stdout unless the signal came as it was being written. Either way a second run finishes as a
// first would, and the read models verify.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';
import { interruptedKb, slowing } from '../testing/slowed-statement.js';

const { dir } = testFolder('kb-demo-interrupt-');

/** kb demo run again on `path` finishes with its answer, and the read models are a rebuild's. */
async function finishesAgain(path: string): Promise<void> {
  const again = await kbOn(path, 'demo');
  expect(again.code, again.err).toBe(0);
  expect(again.text).toContain('Khorog');
  const verified = await kbOn(path, 'verify', '--read-models', '--json');
  expect(verified.code, verified.err).toBe(0);
  expect(verified.out.json_[0]).toMatchObject({ ok: true, readModels: { ok: true, state: 'checked' } });
}

describe('Ctrl-C during kb demo', () => {
  it('while its ingest commits: the ingest runs whole (every record was read), then kb stops, saying so, and exits 130', async () => {
    const path = join(dir, 'ingesting.sqlite');
    // The bundled dataset is read in one go and committed in one batch: the signal comes during it.
    const run = await interruptedKb(
      ['demo', '--store', path],
      slowing(dir, 'ingest', 'INSERT INTO events', 400),
    );
    expect(run.sent).toBe(true);
    // Before, the signal was lost as the ingest let go of its listeners: the demo answered, exit 0.
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toMatch(
      /\nkb: SIGINT: kb demo interrupted after its ingest, which is kept \(15 added, 0 already present\); .*\. Run the same command again for its answer: what is already stored is skipped\n/,
    );
    await finishesAgain(path);
  });

  it('while catching up the read models: says the ingest and the chunks applied are kept, exits 130', async () => {
    const path = join(dir, 'catching-up.sqlite');
    // The first catch-up of new read models goes the rebuild's way, range by range.
    const run = await interruptedKb(
      ['demo', '--store', path],
      slowing(dir, 'catch-up', 'SELECT min(position) FROM events WHERE position >', 400),
    );
    expect(run.sent).toBe(true);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toMatch(
      /\nkb: SIGINT: kb demo interrupted after its ingest, which is kept \(\d+ added, 0 already present\); the read models, which it was bringing up to date, keep the events applied so far \(up to position \d+, each chunk committed with its checkpoint\)\. Run the same command again for its answer: what is already stored is skipped\n/,
    );
    // The bundled dataset's 31 events are one range, with no turn of the event loop after it: the
    // signal was taken only once the answer was written. Now it is taken before: no answer.
    expect(run.stdout).toBe('');
    await finishesAgain(path);
  });

  it('while answering: says the ingest is kept and nothing else changed, exits 130', async () => {
    const path = join(dir, 'answering.sqlite');
    expect((await kbOn(path, 'demo')).code).toBe(0);
    // The second run adds nothing and has nothing to catch up: reading the claims is the answer.
    const run = await interruptedKb(['demo', '--store', path], slowing(dir, 'answer', 'rm_claims', 300));
    expect(run.sent).toBe(true);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toMatch(
      /\nkb: SIGINT: kb demo interrupted after its ingest, which is kept \(0 added, \d+ already present\); it only read since, so nothing else was changed\. Run the same command again for its answer: what is already stored is skipped\n/,
    );
    // Taken once the answer was worked out, before any of it was written.
    expect(run.stdout).toBe('');
    await finishesAgain(path);
  });
});
