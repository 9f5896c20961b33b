// What the analyst's commands say of the replay an answer was cut to, and where their errors go, on
// a knowledge base `kb demo` built for this file: the "Replayed to" line of kb mission and the head
// of kb status under --known-at and --at, kb timeline's table headers under --recorded-at, the
// mission kb timeline --json answers for, and control characters in an error written out on stderr.
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase, kbChild } from '../testing/cli-test-kit.js';

const { kb, store } = demoKnowledgeBase('kb-analyst-headers-');

describe('the replay an answer was cut to, as the analyst reads it', () => {
  it('kb mission and kb status name the --known-at cut, not "every report"', async () => {
    const mission = await kb('mission', 'Khorog', '--known-at', '2023-03-15');
    expect(mission.code).toBe(0);
    expect(mission.text).toContain(
      'Replayed to: all world time; reports published by 2023-03-15; everything recorded so far\n',
    );
    const status = await kb('status', '--known-at', '2023-03-15');
    expect(status.code).toBe(0);
    expect(status.text).toContain(
      'Missions (all world time; reports published by 2023-03-15; everything recorded so far)',
    );
    expect(status.text).not.toContain('every report');
  });

  it('kb status --at says the world time is cut up to the day, not at it', async () => {
    const status = await kb('status', '--at', '2023-03-28');
    expect(status.code).toBe(0);
    expect(status.text.split('\n')[0]).toMatch(
      /^Missions \(world time up to 2023-03-28; every report; everything recorded so far\): \d+$/,
    );
  });

  it('kb timeline --recorded-at heads both tables with the time the knowledge base stood at', async () => {
    const log = (await kb('log', '--json')).out.json_[0] as { recordedAt: string }[];
    const after = new Date(Date.parse(log.at(-1)!.recordedAt) + 1).toISOString();
    const timeline = await kb('timeline', 'Ashgabat', '--recorded-at', after);
    expect(timeline.code).toBe(0);
    const stood = `; as the knowledge base stood at ${after}:`;
    const headers = timeline.text.split('\n').filter((line) => line.startsWith('Across '));
    expect(headers).toHaveLength(2);
    for (const header of headers) expect(header).toContain(stood);
    expect(timeline.text).not.toContain('everything recorded so far');
  });

  it('kb timeline --json names the mission it resolved', async () => {
    const timeline = await kb('timeline', 'Ashgabat', '--json');
    expect(timeline.code).toBe(0);
    const answer = timeline.out.json_[0] as { mission: string; world: unknown[] };
    expect(answer.mission).toBe('tm-ashgabat-embassy');
    expect(answer.world.length).toBeGreaterThan(0);
  });
});

describe('control characters in what kb writes on stderr', () => {
  it('an escape in a mission name kb cannot find is written out, not sent to the terminal', async () => {
    const run = await kbChild(['mission', 'Kh\u001b[31morgg', '--store', store]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('no mission matches "Kh\\u001b[31morgg"');
    expect(run.stderr).not.toContain('\u001b');
  });
});
