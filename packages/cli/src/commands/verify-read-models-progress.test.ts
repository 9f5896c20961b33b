// kb verify --read-models rebuilds the read models on a private copy to compare them: on 325,103
// events that took 2.4 s with nothing on the terminal after the chain's bar had reached 100%. The
// check now reports its catch-up and its rebuild to a bar, as one count that only goes up.
import { describe, expect, it } from 'vitest';
import type { ProgressSink } from '../render/progress.js';
import { demoKnowledgeBase, ingestStage } from '../testing/cli-test-kit.js';
import { checkReadModels } from './verify-read-models.js';

const demo = demoKnowledgeBase('kb-verify-rm-progress-');

function recording(): ProgressSink & {
  readonly seen: { done: number; total: number | null; detail: string }[];
  finished: number;
} {
  const sink = {
    seen: [] as { done: number; total: number | null; detail: string }[],
    finished: 0,
    update: (done: number, total: number | null, detail: string) =>
      void sink.seen.push({ done, total, detail }),
    finish: () => void sink.finished++,
  };
  return sink;
}

describe('kb verify --read-models progress', () => {
  it('counts the catch-up and the rebuild up to their sum, never back, and finishes', async () => {
    // Some events the read models have not applied yet: the check catches them up first.
    await ingestStage(demo.store, demo.dir, 'more.ndjson', [
      {
        id: 'progress-check-1',
        mission: { country: 'Tajikistan', city: 'Khorog', kind: 'consulate' },
        kind: 'visit',
        stance: 'asserts',
        controller: 'taliban',
        occurred: '2023-03-20',
        claimant: 'a diplomatic source',
        source: { outlet: 'Progress Outlet', published: '2023-03-28' },
        quote: 'They visited.',
      },
    ]);
    const progress = recording();
    const check = await checkReadModels(demo.store, progress);
    expect(check).toMatchObject({ state: 'checked', tables: [] });
    expect(progress.seen.length).toBeGreaterThan(0);
    const last = progress.seen.at(-1)!;
    expect(last.done).toBe(last.total);
    const dones = progress.seen.map((s) => s.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(progress.seen.every((s) => s.total === last.total)).toBe(true);
    expect(progress.finished).toBe(1);
  });
});
