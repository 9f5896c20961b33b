// Corrections sent again: a value put back by the same correction as before, re-runs of a file of
// corrections, and a correction's own id.
import { canonicalJson, deterministicId, MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord, datedCorrection as dated } from '../test-kit/test-records.js';

const A = dated('2023-03-21');
const B = dated('2023-03-22');

async function storeWithClaim(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  await ingest(store, [claimRecord({ id: 'visit' })]);
  return store;
}

/** The claim's date as its corrections leave it, and how many corrections it has. */
async function occurred(store: MemoryEventStore): Promise<{ day: string; corrections: number }> {
  const corrections = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
  const last = corrections.at(-1)?.data as { changes: { occurred: { text: string } } } | undefined;
  return { day: last?.changes.occurred.text ?? '2023-03-23', corrections: corrections.length };
}

describe('ingest: a correction sent again', () => {
  it('refuses a correction that puts a value back when it is the one already stored, in three runs', async () => {
    const store = await storeWithClaim();
    expect(await ingest(store, [A])).toMatchObject({ added: 1, rejectedLines: 0 });
    expect(await ingest(store, [B])).toMatchObject({ added: 1, rejectedLines: 0 });
    const third = await ingest(store, [A]);
    expect(third).toMatchObject({ added: 0, skipped: 0, rejectedLines: 1 });
    const positions = (await all(store)).filter((e) => e.type === 'ClaimCorrected').map((e) => e.position);
    expect(third.rejected).toEqual([
      {
        line: 1,
        path: 'changes.occurred',
        message: `the same correction is already stored (position ${positions[0]}), but the claim's occurred has since been changed to 2023-03-22 by the correction stored at position ${positions[1]} ("misread the date", by analyst), so this line would change nothing and was not applied. To apply it again, give the record an "id" of its own`,
      },
    ]);
    expect(await occurred(store)).toEqual({ day: '2023-03-22', corrections: 2 });
  });

  it('refuses the third of A, B, A in one input, naming both earlier lines, and again on every re-run', async () => {
    const store = await storeWithClaim();
    for (const batchSize of [100, 1]) {
      const fresh = await storeWithClaim();
      const report = await ingest(fresh, [A, B, A], { batchSize });
      expect(report).toMatchObject({ added: 2, skipped: 0, rejectedLines: 1 });
      expect(report.rejected[0]).toMatchObject({ line: 3, path: 'changes.occurred' });
      expect(report.rejected[0]?.message).toMatch(
        /^the same correction is at line 1 of this input(, stored at position \d+)?, but the claim's occurred has since been changed to 2023-03-22 by line 2 of this input \("misread the date", by analyst\)/,
      );
      expect(await occurred(fresh)).toEqual({ day: '2023-03-22', corrections: 2 });
    }
    await ingest(store, [A, B, A]);
    // A re-run stores nothing twice and says the same of line 3 each time.
    for (let run = 0; run < 2; run++) {
      const again = await ingest(store, [A, B, A]);
      expect(again).toMatchObject({ added: 0, skipped: 2, rejectedLines: 1 });
      expect(again.rejected.map((r) => [r.line, r.path])).toEqual([[3, 'changes.occurred']]);
      expect(again.rejected[0]?.message).toMatch(/^the same correction is already stored \(position \d+\)/);
    }
    expect(await occurred(store)).toEqual({ day: '2023-03-22', corrections: 2 });
  });

  it('takes a re-run of A then B as already present, however far apart and in whatever batches', async () => {
    const store = await storeWithClaim();
    const between = [claimRecord({ id: 'other-1' }), claimRecord({ id: 'other-2' })];
    const input = [A, ...between, B];
    expect(await ingest(store, input)).toMatchObject({ added: 4, rejectedLines: 0 });
    for (const batchSize of [1, 2, 100]) {
      const batches: [number, number][] = [];
      const again = await ingest(store, input, {
        batchSize,
        onBatch: (b) => batches.push([b.firstLine, b.lastLine]),
      });
      expect(again).toMatchObject({ added: 0, skipped: 4, rejectedLines: 0 });
      // Line 1 waits for line 4, which sets the same field; its batch still names its lines.
      for (const [first, last] of batches) expect(first).toBeLessThanOrEqual(last);
      expect(Math.min(...batches.map(([first]) => first))).toBe(1);
    }
    expect(await occurred(store)).toEqual({ day: '2023-03-22', corrections: 2 });
  });

  it('refuses only the fields the claim no longer holds', async () => {
    const store = await storeWithClaim();
    const both = dated('2023-03-21', { changes: { occurred: '2023-03-21', controller: 'none' } });
    await ingest(store, [both, B]);
    const again = await ingest(store, [both]);
    expect(again.rejected.map((r) => r.path)).toEqual(['changes.occurred']);
    // Sent again with the line that set the date last, it is what the store holds.
    expect(await ingest(store, [both, B])).toMatchObject({ added: 0, skipped: 2, rejectedLines: 0 });
  });

  it('keeps the content key of a correction without an id', async () => {
    const store = await storeWithClaim();
    await ingest(store, [A]);
    const stored = (await all(store)).find((e) => e.type === 'ClaimCorrected')!;
    const changes = (stored.data as { changes: object }).changes;
    // As v1 keyed it: credibility 6 beside the changes (event-keys.ts keyedAsV1).
    expect(stored.id).toBe(
      deterministicId(
        'ClaimCorrected',
        'visit',
        canonicalJson({ ...changes, credibility: 6 }),
        'misread the date',
        'analyst',
      ),
    );
  });
});

describe("ingest: a correction's own id", () => {
  it('stores a correction with an id of its own again, and finds it again on a re-run', async () => {
    const store = await storeWithClaim();
    const putBack = dated('2023-03-21', { id: 'Put Back 2023-03-21' });
    const first = await ingest(store, [A, B, putBack]);
    expect(first).toMatchObject({ added: 3, rejectedLines: 0 });
    expect(await occurred(store)).toEqual({ day: '2023-03-21', corrections: 3 });
    const [, , keyed] = (await all(store)).filter((e) => e.type === 'ClaimCorrected');
    expect(keyed?.id).toBe(deterministicId('ClaimCorrected', 'visit', 'id:put-back-2023-03-21'));
    // A re-run adds nothing; the id normalises like a claim id.
    const again = await ingest(store, [A, B, { ...putBack, id: 'put-back-2023-03-21' }]);
    expect(again).toMatchObject({ added: 0, skipped: 3, rejectedLines: 0 });
    // Sent alone once the claim has moved on, it is held to the same rule as any correction.
    await ingest(store, [dated('2023-03-24', { id: 'later' })]);
    const alone = await ingest(store, [putBack]);
    expect(alone.rejected).toEqual([
      {
        line: 1,
        path: 'changes.occurred',
        message: expect.stringMatching(/give the record another "id"$/),
      },
    ]);
  });

  it('refuses an id given to other content, in this input or stored, and an id with nothing in it', async () => {
    const store = await storeWithClaim();
    await ingest(store, [dated('2023-03-21', { id: 'fix-1' })]);
    const report = await ingest(store, [
      dated('2023-03-25', { id: 'fix-1' }), // 1: stored with other content
      dated('2023-03-26', { id: 'fix-2' }), // 2
      dated('2023-03-27', { id: 'Fix 2' }), // 3: line 2's id
      dated('2023-03-28', { id: '!!!' }), // 4
      { ...dated('2023-03-29', { id: 'fix-2' }), claim: 'other' }, // 5: another claim's correction
      claimRecord({ id: 'other' }), // 6
      { ...dated('2023-03-29', { id: 'fix-2' }), claim: 'other' }, // 7: one id per claim
    ]);
    expect(report.rejected.map((r) => [r.line, r.path, r.message])).toEqual([
      [
        1,
        'id',
        expect.stringMatching(
          /^correction "fix-1" of claim "visit" is already stored with different content.*; nothing was changed. An id names one correction: give this one an id of its own$/,
        ),
      ],
      [
        3,
        'id',
        expect.stringMatching(
          /^correction "fix-2" of claim "visit" appears earlier in this input \(line 2\) with different content.*; an id names one correction: give this one an id of its own$/,
        ),
      ],
      [4, 'id', 'the id has no letters or digits'],
      [5, 'claim', expect.stringContaining('no claim "other"')],
    ]);
    expect(report.added).toBe(3);
  });
});
