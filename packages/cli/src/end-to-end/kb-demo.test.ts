// `kb demo` as a user first runs it (npm start), on a folder of its own: the picture it shows,
// then what a second run and --json say.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli.js';
import { capture, EXAMPLES, kbOn, testFolder } from '../testing/cli-test-kit.js';

const folder = testFolder('kb-demo-');
const kb = (...args: string[]) => kbOn(join(folder.dir, 'kb.sqlite'), ...args);

describe('kb demo', () => {
  it('demo ingests the bundled dataset and shows Khorog contested, visit and denial side by side', async () => {
    const r = await kb('demo');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/tj-khorog-consulate\s+Khorog, Tajikistan\s+contested/);
    expect(r.text).toMatch(/asserts visit → taliban/);
    expect(r.text).toMatch(/denies visit/);
    expect(r.text).toContain('The Diplomat');
    expect(r.text).toContain(
      'https://thediplomat.com/2023/03/talibans-diplomatic-presence-growing-in-central-asia/',
    );
  });

  it("ends with commands to try next that run on the demo's own store, as printed", async () => {
    const r = await kb('demo');
    const next = /^Next: (.*)$/m.exec(r.text)?.[1];
    expect(next, r.text).toBeDefined();
    const commands = next!.split('; ');
    expect(commands).toHaveLength(4);
    for (const command of commands) {
      const words = command.split(' ');
      expect(words.slice(0, 2)).toEqual(['npx', 'kb']);
      // The store is named in each: from another folder, the default store is not this one.
      expect(command).toContain(`--store ${join(folder.dir, 'kb.sqlite')}`);
      const out = capture();
      const code = await run(words.slice(2), out);
      expect({ command, code }).toEqual({ command, code: 0 });
    }
    // The overview as the demo showed it: at the article's date.
    expect(next).toContain('kb status --contested --at 2023-03-28 --known-at 2023-03-28');
  });

  it("keeps the command line's cutoffs in its next commands", async () => {
    const r = await kb('demo', '--at', '2022-01-01', '--known-at', '2022-02-01');
    expect(r.code).toBe(0);
    expect(r.text).toContain('kb status --contested --at 2022-01-01 --known-at 2022-02-01 --store');
    expect(r.text).toContain('kb mission Khorog --json --at 2022-01-01 --known-at 2022-02-01 --store');
    // A cutoff after the dataset was recorded (one still to come is refused).
    await kb('demo');
    const after = new Date().toISOString();
    const recorded = await kb('demo', '--recorded-at', after);
    expect(recorded.text).toContain(
      `kb status --contested --at 2023-03-28 --known-at 2023-03-28 --recorded-at ${after} --store`,
    );
    expect(recorded.text).toContain(`kb trace diplomat-2023-03-khorog-denial --recorded-at ${after} --store`);
  });

  it('replayed to before anything was recorded, shows the empty picture and says so, as kb status does', async () => {
    const r = await kb('demo', '--recorded-at', '2020-01-01');
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    expect(r.text).toMatch(/Nothing had been recorded by then: the first event was recorded at \d{4}-/);
    expect(r.text).toContain('Khorog: nothing about the consulate had been recorded by then.');
    expect(r.text).toContain('--recorded-at 2020-01-01');
    // Each command it suggests next runs: Khorog's and its denial's without the cutoff, saying why.
    const next = /^Next: (.*)$/m.exec(r.text)?.[1];
    expect(next, r.text).toBeDefined();
    for (const command of next!.split('; ')) {
      const out = capture();
      const code = await run(command.split(' ').slice(2), out);
      expect({ command, code, err: out.stderr }).toEqual({ command, code: 0, err: [] });
    }
    expect(next).toContain(
      'kb status --contested --at 2023-03-28 --known-at 2023-03-28 --recorded-at 2020-01-01',
    );
    expect(r.text).toMatch(
      /without --recorded-at 2020-01-01, as nothing about Khorog had been recorded by then/,
    );
  });

  it('demo a second time adds nothing', async () => {
    const r = await kb('demo');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/added 0 \(0 events\)/);
    expect(r.text).toMatch(/Nothing new/);
  });

  it('demo --json prints one JSON document and nothing else', async () => {
    const r = await kb('demo', '--json');
    expect(r.code).toBe(0);
    expect(r.out.stdout).toHaveLength(1);
    const doc = r.out.json_[0] as {
      ingest: { added: number; skipped: number };
      overview: { mission: { id: string }; status: string; controller: string | null }[];
    };
    expect(doc.ingest).toMatchObject({ added: 0, skipped: 15 });
    // On the article's day, the statuses docs/contested-control.md section 7 gives.
    const statuses = Object.fromEntries(
      doc.overview.map((m) => [m.mission.id, `${m.status} ${m.controller}`]),
    );
    const charges = ['cn-beijing-embassy', 'ir-tehran-embassy', 'pk-islamabad-embassy', 'ru-moscow-embassy'];
    const moreCharges = [
      'tm-ashgabat-embassy',
      'qa-doha-embassy',
      'tr-istanbul-consulate',
      'ae-dubai-consulate',
    ];
    expect(statuses).toEqual({
      'tj-khorog-consulate': 'contested null',
      'tj-dushanbe-embassy': 'undisputed republic',
      'uz-tashkent-embassy': 'undisputed taliban',
      'uz-termez-consulate': 'undisputed taliban',
      ...Object.fromEntries([...charges, ...moreCharges].map((id) => [id, 'undisputed taliban'])),
    });
  });

  it("demo --json's ingest report has the shape kb ingest --json gives: rejectsLine in each rejected entry", async () => {
    const demo = await kb('demo', '--json');
    const ingest = await kbOn(join(folder.dir, 'other.sqlite'), 'ingest', EXAMPLES, '--json');
    expect(ingest.code).toBe(0);
    const demoReport = (demo.out.json_[0] as { ingest: Record<string, unknown> }).ingest;
    const ingestReport = ingest.out.json_[0] as Record<string, unknown>;
    expect(Object.keys(demoReport).sort()).toEqual(Object.keys(ingestReport).sort());
    expect(demoReport).not.toHaveProperty('rejectedCopies');
  });
});
