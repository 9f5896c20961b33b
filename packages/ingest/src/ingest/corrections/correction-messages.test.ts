// What a correction is told, word for word, where a mutation tester found the words unchecked: the
// line an earlier identical correction came on, its position once stored, a value put back that a
// later correction set to null, a field already holding the value, and a correction's own id reused.
import { claimStream, decodeEvent } from '@kb/domain';
import { MemoryEventStore } from '@kb/store';
import { describe, expect, it } from 'vitest';
import { ingest } from '../run/ingest.js';
import { all } from '../test-kit/ingest-test-kit.js';
import { claimRecord } from '../test-kit/test-records.js';

const correction = (changes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'correction',
  claim: 'visit',
  changes,
  reason: 'misread',
  by: 'analyst',
  ...extra,
});
const A = correction({ occurred: '2023-03-21' });
const B = correction({ occurred: '2023-03-22' });

async function storeWithClaim(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  await ingest(store, [claimRecord({ id: 'visit' }), claimRecord({ id: 'other', quote: 'another quote' })]);
  return store;
}

const corrections = async (store: MemoryEventStore) =>
  (await all(store)).filter((e) => e.type === 'ClaimCorrected');

describe('ingest: where an earlier identical correction is said to be', () => {
  it('names the first line that sent it, not a repeat of it (A, A, B, A), in one batch or one per line', async () => {
    for (const batchSize of [100, 1]) {
      const store = await storeWithClaim();
      const report = await ingest(store, [A, A, B, A], { batchSize });
      expect(report).toMatchObject({ added: 2, skipped: 1, rejectedLines: 1 });
      expect(report.rejected).toHaveLength(1);
      expect(report.rejected[0]).toMatchObject({ line: 4, path: 'changes.occurred' });
      // Once stored, the line is remembered by event id: the repeat at line 2 must not replace it.
      expect(report.rejected[0]?.message).toMatch(
        /^the same correction is at line 1 of this input(, stored at position \d+)?, but the claim's occurred has since been changed to 2023-03-22 by line 3 of this input/,
      );
    }
  });

  it('names its line and its position once its batch is stored (batch size 1: A, B, A)', async () => {
    const store = await storeWithClaim();
    const report = await ingest(store, [A, B, A], { batchSize: 1 });
    expect(report).toMatchObject({ added: 2, rejectedLines: 1 });
    const [first, second] = await corrections(store);
    expect(report.rejected).toEqual([
      {
        line: 3,
        path: 'changes.occurred',
        message: `the same correction is at line 1 of this input, stored at position ${first!.position}, but the claim's occurred has since been changed to 2023-03-22 by line 2 of this input ("misread", by analyst), so this line would change nothing and was not applied. To apply it again, give the record an "id" of its own`,
      },
    ]);
    expect(second).toBeDefined();
  });
});

describe('ingest: a value put back that a later correction removed', () => {
  it('says the field was changed to none', async () => {
    const store = await storeWithClaim();
    const answer = correction({ respondsTo: 'other' });
    const none = correction({ respondsTo: null });
    expect(await ingest(store, [answer, none])).toMatchObject({ added: 2, rejectedLines: 0 });
    const again = await ingest(store, [answer]);
    expect(again).toMatchObject({ added: 0, rejectedLines: 1 });
    expect(again.rejected[0]?.path).toBe('changes.respondsTo');
    expect(again.rejected[0]?.message).toMatch(
      /^the same correction is already stored \(position \d+\), but the claim's respondsTo has since been changed to none by the correction stored at position \d+ \("misread", by analyst\)/,
    );
  });
});

describe('ingest: a correction that changes nothing', () => {
  it('tells a raw ClaimCorrected to leave out the field as the event names it (missionId)', async () => {
    const store = await storeWithClaim();
    const recorded = (await all(store)).find(
      (e) => e.type === 'ClaimRecorded' && (e.data as { claimId: string }).claimId === 'visit',
    )!;
    const { missionId } = recorded.data as { missionId: string };
    const report = await ingest(store, [
      {
        type: 'event',
        event: {
          type: 'ClaimCorrected',
          data: { claimId: 'visit', changes: { missionId }, reason: 'misread', correctedBy: 'analyst' },
        },
      },
    ]);
    expect(report).toMatchObject({ added: 0, rejectedLines: 1 });
    expect(report.rejected[0]?.path).toBe('event.data.changes.missionId');
    expect(report.rejected[0]?.message).toBe(
      `the claim's mission is already ${JSON.stringify(missionId)}, so this correction would change nothing and was not applied; leave missionId out of the changes`,
    );
    expect(await corrections(store)).toHaveLength(0);
  });

  it('compares with the first ClaimRecorded of a claim, which every view reads, not a second one', async () => {
    const store = await storeWithClaim();
    const first = (await all(store)).find(
      (e) => e.type === 'ClaimRecorded' && (e.data as { claimId: string }).claimId === 'visit',
    )!;
    // A second ClaimRecorded of the claim, with another stance, written to its stream by hand.
    await store.append(claimStream('visit'), [
      {
        id: 'second-claim-recorded',
        type: 'ClaimRecorded',
        version: first.version,
        data: { ...(first.data as object), stance: 'denies' },
      },
    ]);
    expect(decodeEvent(first.type, first.version, first.data).data).toMatchObject({ stance: 'asserts' });
    const report = await ingest(store, [correction({ stance: 'asserts' })]);
    expect(report).toMatchObject({ added: 0, rejectedLines: 1 });
    expect(report.rejected[0]).toMatchObject({ line: 1, path: 'changes.stance' });
    expect(report.rejected[0]?.message).toMatch(/^the claim's stance is already "asserts"/);
  });
});

describe('ingest: a correction with an id of its own', () => {
  it('is refused at id when the id is stored with other content, not taken for the same correction', async () => {
    const store = await storeWithClaim();
    expect(await ingest(store, [correction({ occurred: '2023-03-22' }, { id: 'b' })])).toMatchObject({
      added: 1,
      rejectedLines: 0,
    });
    const report = await ingest(store, [correction({ occurred: '2023-03-23' }, { id: 'b' })]);
    expect(report).toMatchObject({ added: 0, rejectedLines: 1 });
    expect(report.rejected[0]?.path).toBe('id');
    expect(report.rejected[0]?.message).toMatch(
      /^correction "b" of claim "visit" is already stored with different content/,
    );
    expect(await corrections(store)).toHaveLength(1);
  });
});

describe('ingest: a correction record', () => {
  it('refuses a respondsTo with no letters or digits', async () => {
    const store = await storeWithClaim();
    const report = await ingest(store, [correction({ respondsTo: '---' })]);
    expect(report.rejected).toEqual([
      { line: 1, path: 'changes.respondsTo', message: 'the id has no letters or digits' },
    ]);
    expect(await corrections(store)).toHaveLength(0);
  });

  it('is by "ingest" when it names no author', async () => {
    const store = await storeWithClaim();
    const { by: _, ...anonymous } = correction({ occurred: '2023-03-22' });
    expect(await ingest(store, [anonymous])).toMatchObject({ added: 1, rejectedLines: 0 });
    const stored = await corrections(store);
    expect(stored.map((e) => (e.data as { correctedBy: string }).correctedBy)).toEqual(['ingest']);
  });
});
