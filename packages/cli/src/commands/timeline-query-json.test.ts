// kb timeline --json carries the replay it answers, as kb mission --json and kb trace --json do: its
// `query` gives the cutoffs the options held the axes at (at, knownAt, recordedAt as given, null
// when not, and recordedBy, the last instant a --recorded-at takes in), in kb mission's shape.
import { describe, expect, it } from 'vitest';
import { demoKnowledgeBase } from '../testing/cli-test-kit.js';

const { kb } = demoKnowledgeBase('timeline-query-json-');

describe('kb timeline --json', () => {
  it('gives query as kb mission --json gives it, for the same cutoffs', async () => {
    const log = (await kb('log', '--limit', '1000', '--json')).out.json_[0] as { recordedAt: string }[];
    const recordedAt = log.at(-1)!.recordedAt;
    const cutoffs = ['--at', '2023-03-28', '--known-at', '2023-03-25', '--recorded-at', recordedAt];
    const timeline = await kb('timeline', 'Khorog', ...cutoffs, '--json');
    const mission = await kb('mission', 'Khorog', ...cutoffs, '--json');
    expect(timeline.code).toBe(0);
    const query = (timeline.out.json_[0] as { query?: unknown }).query;
    expect(query).toEqual({
      at: '2023-03-28',
      knownAt: '2023-03-25',
      recordedAt,
      recordedBy: recordedAt,
    });
    expect(query).toEqual((mission.out.json_[0] as { query: unknown }).query);
  });

  it('gives null for each axis not given', async () => {
    const r = await kb('timeline', 'Khorog', '--json');
    expect((r.out.json_[0] as { query?: unknown }).query).toEqual({
      at: null,
      knownAt: null,
      recordedAt: null,
      recordedBy: null,
    });
  });

  it('takes a --recorded-at day to its end, UTC', async () => {
    const r = await kb('timeline', 'Khorog', '--recorded-at', '2024-01-01', '--json');
    expect((r.out.json_[0] as { query?: unknown }).query).toEqual({
      at: null,
      knownAt: null,
      recordedAt: '2024-01-01',
      recordedBy: '2024-01-01T23:59:59.999Z',
    });
  });
});
