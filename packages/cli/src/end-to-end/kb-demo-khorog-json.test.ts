// kb demo --json's `khorog` is Khorog as `kb mission Khorog --json` gives it at the same cutoffs
// (the command the demo suggests next): the replay it answers (`query`) and the notes on what
// --known-at leaves out (`unknownPublication`, `possiblyPublished`) included, so a script reads
// either the same way. The text's Khorog is the mission command's text likewise.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbOn, testFolder } from '../testing/cli-test-kit.js';

const folder = testFolder('kb-demo-khorog-json-');
const kb = (...args: string[]) => kbOn(join(folder.dir, 'kb.sqlite'), ...args);

describe('kb demo --json, its khorog', () => {
  it.each([
    { cutoffs: [], as: ['--at', '2023-03-28', '--known-at', '2023-03-28'] },
    {
      cutoffs: ['--at', '2022-01-01', '--known-at', '2023-03-01'],
      as: ['--at', '2022-01-01', '--known-at', '2023-03-01'],
    },
    { cutoffs: ['--at', '2023-03-20'], as: ['--at', '2023-03-20', '--known-at', '2023-03-28'] },
  ])('is kb mission Khorog --json $as', async ({ cutoffs, as }) => {
    const demo = await kb('demo', '--json', ...cutoffs);
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out.json_).toHaveLength(1);
    const { khorog } = demo.out.json_[0] as { khorog: Record<string, unknown> };

    const mission = await kb('mission', 'Khorog', '--json', ...as);
    expect(mission.code, mission.err).toBe(0);
    expect(mission.out.json_).toHaveLength(1);
    const expected = mission.out.json_[0] as Record<string, unknown>;
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(['query', 'unknownPublication', 'possiblyPublished']),
    );
    expect(khorog).toEqual(expected);
  });

  it('stays null, with the other keys, replayed to before anything was recorded', async () => {
    await kb('demo');
    const demo = await kb('demo', '--json', '--recorded-at', '2020-01-01');
    expect(demo.code, demo.err).toBe(0);
    expect(demo.out.json_[0]).toMatchObject({ overview: [], khorog: null });
  });

  it('shows Khorog in its text as kb mission shows it, notes on the --known-at cut included', async () => {
    const demo = await kb('demo');
    const mission = await kb('mission', 'Khorog', '--at', '2023-03-28', '--known-at', '2023-03-28');
    expect(mission.code, mission.err).toBe(0);
    expect(demo.text).toContain(`\n${mission.text}\n`);
  });
});
