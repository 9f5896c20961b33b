// Ctrl-C during a long read-only command, as a user presses it: the real kb in a child process. The
// command's SQLite work, which ran without ever letting the event loop take a signal, is slowed by a
// preloaded module at a known statement, which says on stderr when it is reached; the test then
// sends SIGINT. Before, the signal's default action ended kb there, with no word and no exit code of
// its own (the child was killed by SIGINT); now kb says it was interrupted and exits 130.
import { join } from 'node:path';
import { openSqliteStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase } from '../testing/cli-test-kit.js';
import { interruptedKb, slowing as slowingIn } from '../testing/slowed-statement.js';

const demo = demoKnowledgeBase('kb-read-interrupt-');
const slowing = (name: string, match: string, ms: number) => slowingIn(demo.dir, name, match, ms);
const interrupted = (args: readonly string[], preload: string) => interruptedKb(args, preload);

describe('Ctrl-C during a read-only command', () => {
  it('kb verify stops in its walk along the chain, says nothing was changed, and exits 130', async () => {
    // Enough events for the walk to let the event loop run (every 1,024 events, 50 ms apart).
    const path = join(demo.dir, 'walk.sqlite');
    const store = openSqliteStore({ path });
    const events = Array.from({ length: 3000 }, (_, i) => ({
      stream: `s-${i % 7}`,
      events: [{ id: `e-${i}`, type: 'Noted', version: 1, data: { i }, metadata: {} }],
    }));
    await store.appendMany(events);
    await store.close();
    // Each row of the walk takes 2 ms: six seconds in all, far more than the signal needs.
    const run = await interrupted(['verify', '--store', path], slowing('walk', 'id_key FROM events', 2));
    expect(run.sent).toBe(true);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toContain(
      'kb: SIGINT: kb verify interrupted; it only reads, so nothing was changed\n',
    );
    // Stopped before it answered.
    expect(run.stdout).toBe('');
    const check = openSqliteStore({ path });
    expect((await check.verify()).ok).toBe(true);
    await check.close();
  });

  it('kb status stops between missions, says nothing was changed, exits 130, and the read models still verify', async () => {
    // Each query of a mission's claims takes 300 ms: the demo's missions take seconds.
    const run = await interrupted(['status', '--store', demo.store], slowing('missions', 'rm_claims', 300));
    expect(run.sent).toBe(true);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 130, signal: null });
    expect(run.stderr).toContain(
      'kb: SIGINT: kb status interrupted; it only reads, so nothing was changed\n',
    );
    expect(run.stdout).toBe('');
    const verified = await demo.kb('verify', '--read-models', '--json');
    expect(verified.code).toBe(0);
    expect(verified.out.json_[0]).toMatchObject({ ok: true, readModels: { ok: true, state: 'checked' } });
  });
});
