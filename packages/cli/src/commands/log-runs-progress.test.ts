// kb log --runs reads the whole log with a bar on a terminal: the count the bar is left on is the
// last position read, as the listing's last row says, not the last multiple of 1,024 before it
// (a log of 325,103 events ended its bar on "position 324608 of 325103").
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import type { ProgressSink } from '../render/progress.js';
import { readRuns } from './log-runs.js';

function recording(): ProgressSink & { readonly updates: string[] } {
  const updates: string[] = [];
  return {
    updates,
    update: (done, total, detail) => void updates.push(`${done}/${total} ${detail}`),
    finish: () => void updates.push('finish'),
  };
}

describe('kb log --runs progress', () => {
  it('ends on the last position read, then finishes', async () => {
    const memory = new MemoryEventStore();
    for (let stream = 0; stream < 25; stream++)
      await memory.append(
        `claim-${stream}`,
        Array.from({ length: 100 }, () => ({
          id: crypto.randomUUID(),
          type: 'ClaimRecorded',
          version: 1,
          data: {},
          metadata: { ingestRunId: 'run-a' },
        })),
      );
    let last = 0;
    for await (const event of memory.readAll()) last = event.position;
    const progress = recording();
    const rows = await readRuns(memory, progress);
    expect(rows.map((row) => [row.run, row.lastPosition, row.events])).toEqual([['run-a', last, 2_500]]);
    expect(progress.updates.slice(-2)).toEqual([`${last}/null position ${last}`, 'finish']);
  });
});
