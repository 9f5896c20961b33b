import { UnknownMissionError } from '@kb/projections';
import { describe, expect, it, vi } from 'vitest';
import { run } from './cli.js';
import { capture } from './testing/cli-test-kit.js';

// A mission found by name among those registered, then missing from the view asked: under
// --recorded-at it was registered later; without it, the view changed between the two reads. The
// message must not blame a --recorded-at the user never gave.
vi.mock('./commands/mission.js', () => ({
  missionCommand: async () => {
    throw new UnknownMissionError('tj-khorog-consulate');
  },
}));

describe('a mission missing from the view asked', () => {
  it('names the --recorded-at time when one was given', async () => {
    const out = capture();
    expect(
      await run(['mission', 'Khorog', '--recorded-at', '2020-01-01', '--store', '/nowhere.sqlite'], out),
    ).toBe(1);
    expect(out.stderr.join('\n')).toMatch(
      /no mission "tj-khorog-consulate" is registered in the knowledge base as it stood at 2020-01-01 \(nothing about it was recorded by the --recorded-at time\)/,
    );
  });

  it('does not speak of --recorded-at when none was given', async () => {
    const out = capture();
    expect(await run(['mission', 'Khorog', '--store', '/nowhere.sqlite'], out)).toBe(1);
    const said = out.stderr.join('\n');
    expect(said).toMatch(/no mission "tj-khorog-consulate" is registered/);
    expect(said).not.toMatch(/recorded-at|as it stood/);
  });
});
